"""Guessing passwords is slowed, then refused for a while, and never locks anyone out
from somewhere else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import LoginFailure, User
from masthead.accounts.throttling import LoginLimits, login_verdict

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _try(client: Client, password: str, login: str = "reader@example.org") -> str:
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    if response.status_code == 302:
        return "in"
    body = response.content.decode()
    if "Too many failed log-ins" in body:
        return "refused"
    assert "not correct" in body, body
    return "wrong"


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("pair_failures", "seconds_since_last", "address_failures", "allowed", "retry_after"),
    [
        (0, None, 0, True, 0),
        (4, 0, 4, True, 0),  # still free
        (5, 0, 5, False, 5),  # slowed: first wait 5 s
        (5, 5, 5, True, 0),
        (7, 10, 7, False, 10),  # 5 * 2**2 = 20 s after the last failure
        (9, 79, 9, False, 1),  # 80 s
        (10, 0, 10, False, 900),  # cool-off
        (10, 899, 10, False, 1),
        (10, 900, 10, True, 0),
        (0, None, 50, False, 900),  # spraying from one address
    ],
)
def test_policy_table(
    pair_failures: int,
    seconds_since_last: int | None,
    address_failures: int,
    allowed: bool,
    retry_after: int,
) -> None:
    """Free tries, doubling waits, then a cool-off; spraying trips the address limit."""
    last = None if seconds_since_last is None else NOON - timedelta(seconds=seconds_since_last)
    verdict = login_verdict(
        pair_failures=pair_failures,
        pair_last_failure=last,
        address_failures=address_failures,
        address_last_failure=last or NOON,
        now=NOON,
        limits=LoginLimits(),
    )
    assert verdict.allowed is allowed
    assert verdict.retry_after == timedelta(seconds=retry_after)


def test_guessing_is_slowed_then_refused_then_forgiven(verified_member: User) -> None:
    """Five wrong tries are free; the sixth must wait; after ten even the right password
    is refused until the 15-minute cool-off ends, and then it works."""
    attacker = _from("203.0.113.9")
    with time_machine.travel(NOON, tick=False) as clock:
        assert [_try(attacker, "guess") for _ in range(5)] == ["wrong"] * 5
        assert _try(attacker, "guess") == "refused"
        clock.shift(timedelta(seconds=5))
        assert _try(attacker, "guess") == "wrong"  # 6 failures
        for wait in (10, 20, 40, 80):
            assert _try(attacker, "guess") == "refused"
            clock.shift(timedelta(seconds=wait))
            assert _try(attacker, "guess") == "wrong"
        response = attacker.post(
            reverse("account_login"), {"login": "reader@example.org", "password": PASSWORD}
        )
        assert "Please wait 15 minutes" in response.content.decode()
        clock.shift(timedelta(minutes=15))
        assert _try(attacker, PASSWORD) == "in"


def test_refused_attempts_do_not_count_or_reveal_anything(verified_member: User) -> None:
    """While refused, tries are not even checked, and an unknown address gets the very
    same refusal as a real one."""
    with time_machine.travel(NOON, tick=False):
        for login in ("reader@example.org", "nobody@example.org"):
            client = _from("203.0.113.9")
            for _ in range(5):
                _try(client, "guess", login=login)
            assert _try(client, "guess", login=login) == "refused"
        assert LoginFailure.objects.count() == 10


def test_an_attacker_elsewhere_cannot_lock_the_member_out(verified_member: User) -> None:
    """Ten failures from the attacker's address leave the member's own address free."""
    with time_machine.travel(NOON, tick=False) as clock:
        attacker = _from("203.0.113.9")
        for _ in range(10):
            assert _try(attacker, "guess") == "wrong"
            clock.shift(timedelta(seconds=100))
        assert _try(attacker, "guess") == "refused"
        assert _try(_from("198.51.100.7"), PASSWORD) == "in"


def test_one_address_spraying_many_accounts_is_refused(
    verified_member: User,
) -> None:
    """Fifty failures on fifty different logins from one address stop that address
    (every login), not other addresses."""
    with time_machine.travel(NOON, tick=False) as clock:
        sprayer = _from("203.0.113.50")
        for n in range(50):
            assert _try(sprayer, "guess", login=f"user{n}@example.org") == "wrong"
            clock.shift(timedelta(seconds=3))  # under allauth's 30 requests a minute
        assert _try(sprayer, PASSWORD) == "refused"
        assert _try(_from("198.51.100.7"), PASSWORD) == "in"


def test_a_success_clears_that_logins_failures_from_that_address(
    verified_member: User,
) -> None:
    """A member who mistyped four times and then got in starts afresh next time."""
    client = _from("198.51.100.7")
    with time_machine.travel(NOON, tick=False):
        for _ in range(4):
            _try(client, "typo")
        assert _try(client, PASSWORD) == "in"
        client.post(reverse("account_logout"))
        for _ in range(5):
            assert _try(client, "typo") == "wrong"


def test_forged_forwarded_for_does_not_dodge_the_limit(verified_member: User) -> None:
    """With no trusted proxy configured, a client rotating X-Forwarded-For is still
    counted by its own address."""
    with time_machine.travel(NOON, tick=False):
        for n in range(5):
            client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
            _try(client, "guess")
        client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.99")
        assert _try(client, "guess") == "refused"
