"""When a log-in may be tried: a pure policy over recent failures.

Failures are counted per (login, address) pair and per address. Counting the pair, not
the login alone, is what keeps an attacker elsewhere from locking a member out: the
member's own address has its own count. The pair gets a few free tries, then must wait
longer after each failure (5 s, 10 s, 20 s, ...), then is refused for a cool-off. One
address failing across many logins (password spraying) is refused for a cool-off too.
Nothing locks forever: every refusal ends at a time the message states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LoginLimits:
    free_attempts: int = 5
    lock_attempts: int = 10
    address_lock_attempts: int = 50
    first_delay: timedelta = timedelta(seconds=5)
    window: timedelta = timedelta(hours=1)
    cool_off: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: timedelta = timedelta(0)

    @property
    def message(self) -> str:
        seconds = max(1, round(self.retry_after.total_seconds()))
        wait = f"{seconds} seconds" if seconds < 120 else f"{-(-seconds // 60)} minutes"
        return f"Too many failed log-ins. Please wait {wait} before trying again."


def login_verdict(
    *,
    pair_failures: int,
    pair_last_failure: datetime | None,
    address_failures: int,
    address_last_failure: datetime | None,
    now: datetime,
    limits: LoginLimits,
) -> Verdict:
    """Whether a log-in may be tried now, given the failures inside ``limits.window``."""
    free_at = now
    if pair_last_failure is not None:
        if pair_failures >= limits.lock_attempts:
            free_at = max(free_at, pair_last_failure + limits.cool_off)
        elif pair_failures >= limits.free_attempts:
            slowed = pair_failures - limits.free_attempts
            free_at = max(free_at, pair_last_failure + limits.first_delay * 2**slowed)
    if address_last_failure is not None and address_failures >= limits.address_lock_attempts:
        free_at = max(free_at, address_last_failure + limits.cool_off)
    if free_at > now:
        return Verdict(allowed=False, retry_after=free_at - now)
    return Verdict(allowed=True)
