"""The fixed-window limiter (``moderation.ratelimit``) on both stores: the database
(always) and Redis (when this run has ``REDIS_URL``, as CI's second run does).

Windows are fixed on the clock: with the clock stopped 20 s into a minute, a one-minute
window ends 40 s later.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import close_old_connections, connection

from masthead.moderation import ratelimit
from masthead.moderation.models import RateCounter
from masthead.moderation.ratelimit import Decision, Rule, hit, hit_all

T0 = datetime(2026, 3, 2, 9, 0, 20, tzinfo=UTC)  # 20 s into a minute, 20 s into an hour

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest, settings: Any) -> str:
    """Each test once per store; the database store even when this run has Redis."""
    if request.param == "redis" and not settings.REDIS_URL:
        pytest.skip("the Redis store needs REDIS_URL (CI's second run sets it)")
    if request.param == "database":
        settings.REDIS_URL = ""
    return str(request.param)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_hits_up_to_the_limit_are_allowed_then_refused_until_the_window_ends(
    store: str, clock: time_machine.Traveller
) -> None:
    """3 a minute: three hits pass, the fourth waits the 40 s left of the minute."""
    decisions = [hit("post:guest:192.0.2.1", limit=3, window_seconds=60) for _ in range(4)]
    assert decisions == [Decision(True)] * 3 + [Decision(False, 40)]


def test_the_next_window_admits_again(store: str, clock: time_machine.Traveller) -> None:
    """Refused at 09:00:20, allowed again at 09:01:00, when the next minute begins."""
    for _ in range(3):
        hit("k", limit=3, window_seconds=60)
    clock.shift(timedelta(seconds=39))
    assert hit("k", limit=3, window_seconds=60) == Decision(False, 1)
    clock.shift(timedelta(seconds=1))
    assert hit("k", limit=3, window_seconds=60) == Decision(True)


def test_refused_hits_count_but_do_not_lengthen_the_wait(
    store: str, clock: time_machine.Traveller
) -> None:
    """Hammering stays refused until the window ends, and no longer."""
    for _ in range(10):
        hit("k", limit=2, window_seconds=60)
    clock.shift(timedelta(seconds=30))
    assert hit("k", limit=2, window_seconds=60) == Decision(False, 10)
    clock.shift(timedelta(seconds=10))
    assert hit("k", limit=2, window_seconds=60).allowed


def test_every_rule_must_allow_and_the_longest_wait_is_told(
    store: str, clock: time_machine.Traveller
) -> None:
    """3 a minute and 5 an hour: the sixth hit of the hour waits for the hour's end."""
    rules = [Rule("k", 3, 60), Rule("k", 5, 3600)]
    minute = [hit_all(rules).allowed for _ in range(4)]
    clock.shift(timedelta(minutes=1))
    next_minute = [hit_all(rules) for _ in range(3)]
    assert minute == [True, True, True, False]
    # 09:01:20: the fourth hit of the first minute was refused but counted, so the
    # hour's fifth is the last one; after it, the wait is until 10:00:00 (58 min 40 s)
    # though the minute has room.
    assert next_minute == [Decision(True), Decision(False, 3520), Decision(False, 3520)]


def test_keys_and_window_lengths_are_counted_apart(
    store: str, clock: time_machine.Traveller
) -> None:
    """One address's count is not another's, and a key's minute is not its hour."""
    assert hit("a", limit=1, window_seconds=60).allowed
    assert hit("b", limit=1, window_seconds=60).allowed
    assert hit("a", limit=1, window_seconds=3600).allowed
    assert not hit("a", limit=1, window_seconds=60).allowed


def test_long_keys_are_hashed_to_fit(store: str, clock: time_machine.Traveller) -> None:
    """A key longer than the counter's column is still counted, by its hash."""
    key = "x" * 500
    assert [hit(key, limit=1, window_seconds=60).allowed for _ in range(2)] == [True, False]


def test_windows_longer_than_a_day_are_refused() -> None:
    """The database store forgets windows a day old, so longer ones are an error."""
    with pytest.raises(ValueError, match="window"):
        hit("k", limit=1, window_seconds=2 * 86_400)


def test_no_rules_allow_without_a_query(django_assert_num_queries: Any) -> None:
    """Nothing to count (limits off, no address): allowed, nothing stored."""
    with django_assert_num_queries(0):
        assert hit_all([]) == Decision(True)


def test_the_database_store_counts_one_row_per_key_and_window(
    settings: Any, clock: time_machine.Traveller
) -> None:
    """Two rules: one upsert statement, two rows, each with its hits."""
    settings.REDIS_URL = ""
    for _ in range(2):
        hit_all([Rule("k", 3, 60), Rule("k", 5, 3600)])
    rows = sorted(RateCounter.objects.values_list("key", "window_start", "hits"))
    start = int(T0.timestamp())
    assert rows == [("k/3600", start - 20, 2), ("k/60", start - 20, 2)]


def test_the_database_store_prunes_windows_older_than_a_day(
    settings: Any, clock: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows whose window began more than a day ago go when a later hit prunes."""
    settings.REDIS_URL = ""
    hit("old", limit=1, window_seconds=60)
    clock.shift(timedelta(days=1, minutes=1))
    monkeypatch.setattr(ratelimit, "_last_prune", 0.0)
    hit("new", limit=1, window_seconds=60)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new/60"]


# Concurrency ----------------------------------------------------------------------

THREADS = 16
HITS_PER_THREAD = 10
LIMIT = 37


def _hammer(start: threading.Barrier, key: str) -> list[bool]:
    start.wait()
    try:
        return [hit(key, limit=LIMIT, window_seconds=3600).allowed for _ in range(HITS_PER_THREAD)]
    finally:
        close_old_connections()
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_never_admit_more_than_the_limit(
    store: str, clock: time_machine.Traveller
) -> None:
    """16 threads x 10 hits on one key with room for 37: exactly 37 are allowed."""
    start = threading.Barrier(THREADS)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda _: _hammer(start, "race"), range(THREADS)))
    allowed = sum(ok for result in results for ok in result)
    assert allowed == LIMIT
    if store == "database":
        assert RateCounter.objects.get().hits == THREADS * HITS_PER_THREAD
