"""Reads about members."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import names
from .models import LoginFailure, User
from .throttling import LoginLimits, Verdict, login_verdict


def name_is_taken_by_member(name: str, *, exclude: User | None = None) -> bool:
    """Whether ``name`` would pass for a member on the page: the same as a member's
    display name or username ignoring case, or confusable with one (``names.name_keys``),
    or one of the names reserved for the site itself."""
    name = " ".join(name.split())
    if not name:
        return False
    if names.is_reserved(name):
        return True
    key, shape_key = names.name_keys(name)
    members = User.objects.filter(
        Q(display_name__iexact=name)
        | Q(username__iexact=name)
        | Q(name_key=key)
        | Q(name_shape_key=shape_key)
    )
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.exists()


def access_member_for_profile(username: str) -> User:
    """The active member whose public profile is at ``/members/<username>/``, or 404."""
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise Http404("No such member.") from None


def login_key(login: str) -> str:
    """What ``LoginFailure`` stores for a typed login: a keyed hash, so the table holds
    no e-mail addresses, and the same key whether or not such an account exists."""
    return salted_hmac(
        "masthead.login-failure", login.strip().casefold(), algorithm="sha256"
    ).hexdigest()


def login_limits() -> LoginLimits:
    return LoginLimits(
        free_attempts=settings.MASTHEAD_LOGIN_FREE_ATTEMPTS,
        lock_attempts=settings.MASTHEAD_LOGIN_LOCK_ATTEMPTS,
        address_lock_attempts=settings.MASTHEAD_LOGIN_ADDRESS_LOCK_ATTEMPTS,
        first_delay=settings.MASTHEAD_LOGIN_FIRST_DELAY,
        window=settings.MASTHEAD_LOGIN_WINDOW,
        cool_off=settings.MASTHEAD_LOGIN_COOL_OFF,
    )


def login_attempt_verdict(*, login: str, ip: str, now: datetime | None = None) -> Verdict:
    """Whether ``login`` may be tried from ``ip`` now (two indexed aggregate queries)."""
    now = now or timezone.now()
    limits = login_limits()
    recent = LoginFailure.objects.filter(created_at__gt=now - limits.window, ip=ip)
    pair = recent.filter(login_key=login_key(login)).aggregate(
        n=Count("id"), last=Max("created_at")
    )
    address = recent.aggregate(n=Count("id"), last=Max("created_at"))
    return login_verdict(
        pair_failures=pair["n"],
        pair_last_failure=pair["last"],
        address_failures=address["n"],
        address_last_failure=address["last"],
        now=now,
        limits=limits,
    )


STAFF_CANNOT_DELETE = (
    "Newsroom accounts cannot be deleted here. Please ask another administrator to remove yours."
)


def may_delete_own_account(user: User) -> bool:
    """Whether ``user`` may delete their own account from the settings pages: members
    may; staff and superusers may not, so the last admin cannot remove the newsroom."""
    return not (user.is_staff or user.is_superuser)
