"""``pagecache.cached_value``: a shared value is built once, kept until one of its keys
is bumped (by this process or, through the shared cache, by another) or its time is up,
and a caller that changes a mutable value never changes what the next caller gets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from masthead.core import pagecache

pytestmark = pytest.mark.django_db  # the apps register deadlines read from the database


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.mark.parametrize("value", [frozenset({"m:1", "i:10.0.0.1"}), ["a", "b"], "fragment"])
def test_a_value_is_built_once_and_again_after_a_bump(value: object) -> None:
    build = Builder(value)
    for _ in range(3):
        assert pagecache.cached_value("test-value", ("test-key",), build) == value
    assert build.calls == 1
    pagecache.bump("test-key")
    assert pagecache.cached_value("test-value", ("test-key",), build) == value
    assert build.calls == 2


def test_a_value_kept_in_this_process_ends_when_another_process_bumps_its_key() -> None:
    """Another process bumps a key by writing a new version to the shared cache."""
    build = Builder(frozenset({"g:abc"}))
    pagecache.cached_value("test-bans", ("test-bans-key",), build)
    pagecache.cached_value("test-bans", ("test-bans-key",), build)
    assert build.calls == 1
    cache.set(pagecache.VERSION_PREFIX + "test-bans-key", "set-by-another-process", None)
    build.value = frozenset({"g:abc", "g:def"})
    assert pagecache.cached_value("test-bans", ("test-bans-key",), build) == {"g:abc", "g:def"}
    assert build.calls == 2


def test_a_value_ends_when_its_time_is_up() -> None:
    build = Builder(True)
    pagecache.cached_value("test-answer", ("test-key",), build, timeout=60)
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        pagecache.cached_value("test-answer", ("test-key",), build, timeout=60)
        assert build.calls == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        pagecache.cached_value("test-answer", ("test-key",), build, timeout=60)
        assert build.calls == 2


def test_changing_a_mutable_value_changes_nothing_for_the_next_caller() -> None:
    build = Builder(["first headline"])
    mine = pagecache.cached_value("test-list", ("test-key",), build)
    mine.append("added by one caller")  # type: ignore[attr-defined]
    assert pagecache.cached_value("test-list", ("test-key",), build) == ["first headline"]
    frozen = pagecache.cached_value("test-tuple", ("test-key",), Builder(("a", ("b", 1))))
    assert frozen == ("a", ("b", 1))
