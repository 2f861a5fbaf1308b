"""Writes about members: names, log-in failures, preferences, account deletion."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from masthead.core.db import write_transaction

from . import names, signals
from .models import LoginFailure, User
from .selectors import (
    STAFF_CANNOT_DELETE,
    login_key,
    login_limits,
    may_delete_own_account,
    name_is_taken_by_member,
)

NAME_TAKEN = (
    "That name is taken, or looks too much like a member's name or the site's own. "
    "Please choose another."
)


def apply_display_name(user: User, display_name: str) -> None:
    """Check ``display_name`` for ``user`` and set it with its comparison keys (unsaved).

    Raises ``ValidationError`` when the name breaks the rules of ``names`` or would pass
    for another member (case, look-alike letters, spacing) or for the site itself.
    """
    cleaned = names.clean_display_name(display_name)
    if name_is_taken_by_member(cleaned, exclude=user if user.pk else None):
        raise ValidationError({"display_name": NAME_TAKEN})
    user.display_name = cleaned
    user.name_key, user.name_shape_key = names.name_keys(cleaned)


def rename_member(*, user: User, display_name: str) -> User:
    """Give ``user`` a new display name. Every page showing their comments is stale:
    ``member_changed`` is sent on commit. Two members racing for look-alike names are
    kept apart by the unique keys; the loser gets the same message as a taken name."""
    old = user.display_name
    apply_display_name(user, display_name)
    if user.display_name == old:
        return user
    try:
        with transaction.atomic():
            user.save(update_fields=["display_name", "name_key", "name_shape_key"])
    except IntegrityError:
        user.display_name = old
        raise ValidationError({"display_name": NAME_TAKEN}) from None
    transaction.on_commit(lambda: signals.member_changed.send(sender=User, user=user))
    return user


def update_notification_preferences(
    *, user: User, notify_on_reply: bool, notify_on_mention: bool
) -> User:
    """Store what the member wants to hear about (read by the notifications feature)."""
    user.notify_on_reply = notify_on_reply
    user.notify_on_mention = notify_on_mention
    user.save(update_fields=["notify_on_reply", "notify_on_mention"])
    return user


def record_login_failure(*, login: str, ip: str, at: datetime | None = None) -> None:
    """Count one failed log-in of ``login`` from ``ip``; failures older than a day are
    dropped on the way, so the table stays small without a separate job."""
    now = at or timezone.now()
    LoginFailure.objects.create(login_key=login_key(login), ip=ip, created_at=now)
    horizon = now - max(login_limits().window, login_limits().cool_off) - timedelta(days=1)
    LoginFailure.objects.filter(created_at__lt=horizon).delete()


def clear_login_failures(*, login: str, ip: str) -> None:
    """A successful log-in forgives that login's failures from that address (not the
    address's failures on other logins, which still count against spraying)."""
    LoginFailure.objects.filter(login_key=login_key(login), ip=ip).delete()


def delete_account(*, user: User) -> None:
    """Erase ``user`` at their own request: the member row with name, e-mail, password
    and profile; allauth's e-mail address rows cascade. Their comments stay in place,
    numbered and threaded, with no author (``Comment.author`` is ``SET_NULL``), which
    pages show as "deleted member"; other members' post counts are untouched.

    Staff and superusers are refused with ``PermissionDenied`` (another admin removes
    them), so the newsroom cannot orphan itself. ``member_changed`` is sent on commit,
    with the deleted instance (its ``pk`` is ``None`` by then): every cached page
    showing their name is stale.
    """
    if not may_delete_own_account(user):
        raise PermissionDenied(STAFF_CANNOT_DELETE)
    with write_transaction():
        user.delete()
        transaction.on_commit(lambda: signals.member_changed.send(sender=User, user=user))
