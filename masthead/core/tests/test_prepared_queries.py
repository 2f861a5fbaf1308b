"""``core.db.PreparedQuery``: a query compiled once and run with new arguments gives
exactly the rows the ORM gives, refuses arguments of the wrong kind, and refuses a query
whose arguments the ORM did not pass through as given."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext

from masthead.core.db import PreparedQuery

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2026, 1, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _sessions() -> None:
    Session.objects.bulk_create(
        Session(
            session_key=f"key-{n:02}",
            session_data=f"data {n}",
            expire_date=START + timedelta(days=n),
        )
        for n in range(10)
    )


def _expiring_after(limit: int, key: str) -> QuerySet[Any]:
    return (
        Session.objects.filter(session_key__gt=key)
        .order_by("expire_date")[:limit]
        .values_list("session_key", "expire_date", "session_data")
    )


AFTER_KEY = PreparedQuery(_expiring_after, str)


def test_rows_are_the_orms_rows_for_each_argument() -> None:
    for key in ("key-00", "key-04", "key-09", "a"):
        assert AFTER_KEY.rows(key, shape=3) == list(_expiring_after(3, key))
    first = AFTER_KEY.rows("key-04", shape=3)
    assert first[0] == ("key-05", START + timedelta(days=5), "data 5")
    assert first[0][1].tzinfo is not None  # converted as the ORM converts, time zone and all


def test_each_shape_is_its_own_query() -> None:
    assert len(AFTER_KEY.rows("a", shape=2)) == 2
    assert len(AFTER_KEY.rows("a", shape=5)) == 5
    assert len(AFTER_KEY.rows("a", shape=2)) == 2


def test_an_argument_used_twice_is_given_everywhere() -> None:
    either = PreparedQuery(
        lambda _shape, key: (
            Session.objects.filter(Q(session_key=key) | Q(session_data=key))
            .order_by("session_key")
            .values_list("session_key", flat=False)
        ),
        str,
    )
    assert either.rows("key-03") == [("key-03",)]
    assert either.rows("data 7") == [("key-07",)]


def test_it_is_one_query_that_the_test_tools_see() -> None:
    AFTER_KEY.rows("a", shape=4)
    with CaptureQueriesContext(connection) as queries:
        AFTER_KEY.rows("key-02", shape=4)
    assert len(queries) == 1
    assert "key-02" in queries.captured_queries[0]["sql"]


def test_arguments_of_the_wrong_kind_are_refused() -> None:
    with pytest.raises(TypeError, match=r"takes \(str\), not \(5,\)"):
        AFTER_KEY.rows(5)
    with pytest.raises(TypeError, match="takes"):
        AFTER_KEY.rows("a", "b")
    numbered = PreparedQuery(lambda _shape, n: Session.objects.filter(session_data=n), int)
    with pytest.raises(TypeError):
        numbered.rows(True)  # a bool is not the int the ORM would have converted it to
    with pytest.raises(TypeError, match="int or str"):
        PreparedQuery(lambda _shape, when: Session.objects.all(), datetime)


def test_a_query_that_drops_an_argument_is_refused_before_it_runs() -> None:
    ignoring = PreparedQuery(lambda _shape, key: Session.objects.values_list("session_key"), str)
    with pytest.raises(ImproperlyConfigured, match="lost an argument"):
        ignoring.rows("key-01")
    counted = PreparedQuery(
        lambda _shape, key: Session.objects.filter(session_key=key).annotate(n=Q(session_data="x")),
        str,
    )
    with pytest.raises(ImproperlyConfigured, match="model fields only"):
        counted.rows("key-01")


def test_another_thread_runs_it_on_its_own_connection() -> None:
    AFTER_KEY.rows("a", shape=3)  # compiled for this thread's connection
    seen: list[Any] = []

    def other() -> None:
        from django.db import connections

        try:
            seen.append(AFTER_KEY.rows("key-06", shape=3))
        finally:
            connections.close_all()

    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert seen == [[(f"key-0{n}", START + timedelta(days=n), f"data {n}") for n in (7, 8, 9)]]
