"""Reads about members."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from masthead.core import pagecache

from . import names
from .models import LoginFailure, User
from .throttling import LoginLimits, Verdict, login_verdict

# Bumped whenever a member is saved or deleted (``apps.py``): a name may have been taken.
MEMBER_NAMES_KEY = "member-names"
# How long a guest name's answer is kept. Bumping the key ends it at once in the process
# that saved the member, and in every process when the cache is shared (Redis); with the
# in-process cache and several processes, the others may answer from it this long.
NAME_ANSWER_SECONDS = 60


def name_is_taken_by_member(name: str, *, exclude: User | None = None) -> bool:
    """Whether ``name`` would pass for a member on the page: the same as a member's
    display name or username ignoring case, or confusable with one (``names.name_keys``),
    or one of the names reserved for the site itself.

    One indexed query. A guest's name (no ``exclude``) is asked on every guest post, so
    its answer is kept until a member is saved or deleted (``MEMBER_NAMES_KEY``), at
    most ``NAME_ANSWER_SECONDS``."""
    name = " ".join(name.split())
    if not name:
        return False
    if names.is_reserved(name):
        return True
    if exclude is not None:
        return _members_with_name(name).exclude(pk=exclude.pk).exists()
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return pagecache.cached_value(
        f"name-taken:{digest}",
        (MEMBER_NAMES_KEY,),
        lambda: _members_with_name(name).exists(),
        timeout=NAME_ANSWER_SECONDS,
    )


def _members_with_name(name: str) -> QuerySet[User]:
    key, shape_key = names.name_keys(name)
    lowered = Lower(Value(name))
    same = Q(username_ci=lowered) | Q(display_name_ci=lowered)
    if key:
        same |= Q(name_key=key)
    if shape_key:
        same |= Q(name_shape_key=shape_key)
    return User.objects.alias(
        username_ci=Lower("username"), display_name_ci=Lower("display_name")
    ).filter(same)


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
