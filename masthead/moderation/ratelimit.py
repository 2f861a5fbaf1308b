"""Fixed-window counters that every app process shares: how many times a key (an
address, a member) has done something in the current window, counted atomically.

With ``REDIS_URL`` set the counts live in Redis (``INCR`` + ``EXPIRE`` in one
``MULTI``); otherwise in the database, one ``RateCounter`` row per key and window,
bumped by a single ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (SQLite >= 3.35,
PostgreSQL). Either way the increment and the read are one atomic step, so however many
requests race, exactly ``limit`` of them see a count within the limit: nothing is
over-admitted.

Why fixed windows rather than sliding ones: the count is exact and atomic in one
statement on both stores, the refusal can say precisely when the window ends, and a key's
window start is part of its name, so a test's clock (``time_machine``) moves to the next
window on Redis as it does in the database, whatever Redis' own clock says. The price is
that a burst straddling a boundary can reach twice the limit for a moment; each kind of
limit pairs a short window with a long one (3 a minute *and* 20 an hour), which bounds it.

Every hit counts, refused ones included: someone hammering stays refused until the
window ends, and no more.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from masthead.core.db import write_transaction

from .models import RateCounter

if TYPE_CHECKING:
    from redis import Redis

# The longest window a rule may have. The database store prunes rows whose window began
# longer ago than this, so a longer window would be forgotten early.
MAX_WINDOW_SECONDS = 86_400
# The database store prunes old windows at most this often per process.
PRUNE_EVERY_SECONDS = 300

_KEY_MAX_LENGTH = RateCounter._meta.get_field("key").max_length or 200
_last_prune = 0.0


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` hits on ``key`` in each window of ``window_seconds``."""

    key: str
    limit: int
    window_seconds: int


@dataclass(frozen=True)
class Decision:
    """Whether a hit was within every limit; if not, ``retry_after`` seconds until the
    last refusing window ends (0 when allowed)."""

    allowed: bool
    retry_after: int = 0


def hit(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> Decision:
    """Count one hit on ``key`` and say whether it is within ``limit`` for the current
    window of ``window_seconds``."""
    return hit_all([Rule(key, limit, window_seconds)], now=now)


def hit_all(rules: Sequence[Rule], *, now: float | None = None) -> Decision:
    """Count one hit on every rule's key, in one round trip, and allow it only if every
    rule does; refused, ``retry_after`` is the longest wait among the rules exceeded.
    Each rule is counted even when another refuses."""
    if not rules:
        return Decision(True)
    now = time.time() if now is None else now
    windows: dict[str, tuple[Rule, int]] = {}
    for rule in rules:
        if not 0 < rule.window_seconds <= MAX_WINDOW_SECONDS:
            raise ValueError(f"A window is 1 to {MAX_WINDOW_SECONDS} s, not {rule.window_seconds}.")
        start = int(now // rule.window_seconds) * rule.window_seconds
        windows[_store_key(rule)] = (rule, start)
    counts = _redis_hits(windows) if settings.REDIS_URL else _database_hits(windows, now)
    waits = [
        math.ceil(start + rule.window_seconds - now)
        for key, (rule, start) in windows.items()
        if counts[key] > rule.limit
    ]
    if waits:
        return Decision(False, max(1, *waits))
    return Decision(True)


def _store_key(rule: Rule) -> str:
    """The rule's key with its window length (3 a minute and 20 an hour on one key are
    two counters), hashed if too long for the database column."""
    key = f"{rule.key}/{rule.window_seconds}"
    if len(key) > _KEY_MAX_LENGTH:
        key = hashlib.sha256(key.encode()).hexdigest()
    return key


def _redis_hits(windows: dict[str, tuple[Rule, int]]) -> dict[str, int]:
    from django_redis import get_redis_connection  # type: ignore[import-untyped]

    redis: Redis = get_redis_connection("default")
    names = {key: cache.make_key(f"ratelimit:{key}:{start}") for key, (_, start) in windows.items()}
    with redis.pipeline(transaction=True) as pipe:
        for key, (rule, _) in windows.items():
            pipe.incr(names[key])
            # The name holds the window's start, so the expiry only clears it away; it
            # never decides which window a hit falls in.
            pipe.expire(names[key], rule.window_seconds + 1)
        replies = pipe.execute()
    return {key: int(replies[2 * i]) for i, key in enumerate(windows)}


def _database_hits(windows: dict[str, tuple[Rule, int]], now: float) -> dict[str, int]:
    global _last_prune
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    key_column = connection.ops.quote_name("key")
    rows = ", ".join(["(%s, %s, 1)"] * len(windows))
    # Table and column names come from the model; the values go as parameters.
    sql = (
        f"INSERT INTO {table} ({key_column}, window_start, hits) VALUES {rows} "  # noqa: S608
        f"ON CONFLICT ({key_column}, window_start) DO UPDATE SET hits = {table}.hits + 1 "
        f"RETURNING {key_column}, hits"
    )
    params: list[str | int] = []
    for key, (_, start) in windows.items():
        params += [key, start]
    with write_transaction(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = {str(key): int(hits) for key, hits in cursor.fetchall()}
        if now - _last_prune >= PRUNE_EVERY_SECONDS or now < _last_prune:
            # Every window that began a day ago has ended: one indexed range delete.
            RateCounter.objects.filter(window_start__lt=now - MAX_WINDOW_SECONDS).delete()
            _last_prune = now
    return counts
