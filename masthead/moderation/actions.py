"""Moderators' writes. Each one changes a comment (or a member) through the comments
app's own actions, so numbers, places and counts stay true, and records what it did as
an ``AuditEntry`` in the same transaction: the log holds exactly what happened."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from masthead.accounts.models import User
from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.core.db import write_transaction

from .limits import check_rate
from .models import AuditEntry, Ban, Flag
from .selectors import access_moderation, check_flag

# Queue: approve and reject ------------------------------------------------------------

APPROVE = "approve"
REJECT = "reject"
_HELD = (Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY)


def approve_comment(*, comment: Comment, moderator: User, reason: str = "") -> AuditEntry | None:
    """A moderator lets ``comment`` stand.

    A held comment (``PENDING`` or ``AUTHOR_ONLY``) is published under the number it got
    when posted (``publish_held_comment``); a published one (reported, or approved
    again) stays as it is and is marked approved (``review_comment``); a rejected one is
    restored (``restore_rejected_comment``). Its open flags are resolved either way.
    Returns the ``AuditEntry`` written in the same transaction (before/after status,
    ``reason``), or ``None`` when there was nothing to approve: a comment its author
    deleted, one removed without review, or a published one already approved with no
    open flags.
    """
    with write_transaction():
        before, review = _current(comment)
        if before in _HELD:
            comment_actions.publish_held_comment(comment=comment)
        elif before == Comment.Status.PUBLISHED:
            if review == Comment.Review.APPROVED and not _has_open_flags(comment):
                return None
            comment_actions.review_comment(comment=comment, review=Comment.Review.APPROVED)
        elif before == Comment.Status.REMOVED and review == Comment.Review.REJECTED:
            comment_actions.restore_rejected_comment(comment=comment)
        else:
            return None
        _resolve_flags(comment)
        return _log(APPROVE, comment=comment, moderator=moderator, reason=reason, before=before)


def reject_comment(*, comment: Comment, moderator: User, reason: str = "") -> AuditEntry | None:
    """A moderator takes ``comment`` down: held or published, it becomes a removed
    comment marked rejected (``remove_comment(review=REJECTED)``), which keeps its
    number, its place and its replies, and its text stays stored. Its open flags are
    resolved. Returns the ``AuditEntry`` written in the same transaction, or ``None``
    when it was already removed or deleted."""
    with write_transaction():
        before, _review = _current(comment)
        if before not in (Comment.Status.PUBLISHED, *_HELD):
            return None
        comment_actions.remove_comment(comment=comment, review=Comment.Review.REJECTED)
        _resolve_flags(comment)
        return _log(REJECT, comment=comment, moderator=moderator, reason=reason, before=before)


def approve_comments(
    *, comments: Iterable[Comment], moderator: User, reason: str = ""
) -> list[AuditEntry]:
    """``approve_comment`` for each of ``comments``, all in one transaction; one audit
    entry per comment that changed (the others are skipped)."""
    with write_transaction():
        entries = [
            approve_comment(comment=comment, moderator=moderator, reason=reason)
            for comment in comments
        ]
    return [entry for entry in entries if entry is not None]


def reject_comments(
    *, comments: Iterable[Comment], moderator: User, reason: str = ""
) -> list[AuditEntry]:
    """``reject_comment`` for each of ``comments``, all in one transaction; one audit
    entry per comment that changed (the others are skipped)."""
    with write_transaction():
        entries = [
            reject_comment(comment=comment, moderator=moderator, reason=reason)
            for comment in comments
        ]
    return [entry for entry in entries if entry is not None]


def _current(comment: Comment) -> tuple[str, str]:
    """The comment's status and review as stored now, read inside the caller's write
    transaction (another moderator may have acted since the page was shown)."""
    status, review = Comment.objects.filter(pk=comment.pk).values_list("status", "review").get()
    return status, review


def _has_open_flags(comment: Comment) -> bool:
    return Flag.objects.filter(comment_id=comment.pk, resolved_at__isnull=True).exists()


def _resolve_flags(comment: Comment, now: datetime | None = None) -> None:
    """Close the comment's open flags: the moderator's decision answers them. The
    comment's count of open flags goes back to zero with them."""
    resolved = Flag.objects.filter(comment_id=comment.pk, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )
    if resolved:
        Comment.objects.filter(pk=comment.pk).update(flag_count=0)
        comment.flag_count = 0


def _log(action: str, *, comment: Comment, moderator: User, reason: str, before: str) -> AuditEntry:
    after = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).get()
    return AuditEntry.objects.create(
        moderator=moderator,
        action=action,
        comment=comment,
        member_id=comment.author_id,
        reason=reason.strip()[:500],
        before=before,
        after=after,
    )


# Flags and bans -----------------------------------------------------------------------

AUTO_HOLD = "auto_hold"
BAN = "ban"
SUSPEND = "suspend"
AUTHOR_ONLY = "author_only"
LIFT_BAN = "lift_ban"


class FlagOutcome(NamedTuple):
    """What a member's flag did: ``created`` is false when they had flagged the comment
    before (nothing changed); ``held`` when this flag took it back for review."""

    flag: Flag
    created: bool
    held: bool


def flag_comment(
    *, comment: Comment, flagger: User, reason: str, note: str = "", ip: str = ""
) -> FlagOutcome:
    """Record ``flagger``'s report of ``comment`` with ``reason`` (a ``Flag.Reason``)
    and an optional ``note``.

    Refused with ``PermissionDenied`` (``selectors.check_flag``: guests, one's own
    comment, a comment no longer published) and ``ValidationError`` for an unknown
    reason. Once per member and comment (``flag_once_per_member``): a second flag,
    even a racing double click, changes nothing and comes back with ``created`` false.

    The comment's ``flag_count`` (its open flags) goes up by one in the same
    transaction, on its locked row; at ``MASTHEAD_FLAGS_TO_HOLD`` open flags the comment
    is taken back for review (``hold_comment``, reason "flags": hidden from readers, its
    number and its replies kept) and an ``AuditEntry`` "auto_hold" without a moderator
    says so.
    """
    check_flag(flagger=flagger, comment=comment)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": "Choose why you flag this comment."})
    if ip:
        # Flagging too fast (``limits``) is refused with ``Refused`` (429) before any write.
        check_rate("flag", ip=ip, member=flagger)
    with write_transaction():
        # Flags on one comment queue on its row, so the one that reaches the threshold
        # is counted exactly once.
        status = (
            Comment.objects.select_for_update()
            .filter(pk=comment.pk)
            .values_list("status", flat=True)
            .get()
        )
        comment.status = status
        check_flag(flagger=flagger, comment=comment)
        earlier = Flag.objects.filter(comment_id=comment.pk, flagger=flagger).first()
        if earlier is not None:
            return FlagOutcome(earlier, created=False, held=False)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    comment=comment, flagger=flagger, reason=reason, note=note.strip()[:500]
                )
        except IntegrityError:  # the same member's other request won the race
            return FlagOutcome(
                Flag.objects.get(comment_id=comment.pk, flagger=flagger), created=False, held=False
            )
        Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
        comment.flag_count = Comment.objects.values_list("flag_count", flat=True).get(pk=comment.pk)
        held = comment.flag_count >= settings.MASTHEAD_FLAGS_TO_HOLD
        if held:
            comment_actions.hold_comment(comment=comment, reasons=["flags"])
            AuditEntry.objects.create(
                moderator=None,
                action=AUTO_HOLD,
                comment=comment,
                member_id=comment.author_id,
                reason=f"{comment.flag_count} open flags from readers",
                before=Comment.Status.PUBLISHED,
                after=comment.status,
            )
    return FlagOutcome(flag, created=True, held=held)


def ban(
    *,
    moderator: User,
    reason: str,
    member: User | None = None,
    guest_token_hash: str = "",
    ip: str | None = None,
    kind: str = Ban.Kind.BAN,
    ends_at: datetime | None = None,
) -> Ban:
    """Keep a ``member``, a guest browser (its cookie's ``guest_token_hash``) and/or an
    address (``ip``) from the discussion, until ``ends_at`` (a suspension) or for good.

    ``kind`` ``BAN`` refuses their posts and edits with ``reason`` and the end date
    (the guard in ``bans``); ``AUTHOR_ONLY`` lets them post but holds what they post as
    visible to themselves alone (the screen in ``bans``), for spammers. One ban may
    name several targets; it applies to whichever matches. Address bans apply to
    guests only (members answer for their account; a shared address must not lock
    them out).

    Preconditions (``PermissionDenied``): ``moderator`` moderates. ``ValidationError``
    without a reason, without a target, for a ban on oneself or an end in the past.
    Side effects: the ``Ban`` row and an ``AuditEntry`` ("ban", "suspend" or
    "author_only"), in one transaction. Comments already posted are left as they are.
    """
    access_moderation(moderator)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason: the person banned is shown it."})
    if member is None and not guest_token_hash and not ip:
        raise ValidationError("Choose whom to ban: a member, a guest's browser or an address.")
    if member is not None and member.pk == moderator.pk:
        raise ValidationError("You cannot ban yourself.")
    if kind not in Ban.Kind.values:
        raise ValidationError({"kind": f"No such kind of ban: {kind!r}."})
    now = timezone.now()
    if ends_at is not None and ends_at <= now:
        raise ValidationError({"ends_at": "A suspension must end in the future."})
    with write_transaction():
        made = Ban.objects.create(
            kind=kind,
            member=member,
            guest_token_hash=guest_token_hash,
            ip=ip or None,
            reason=reason[:500],
            starts_at=now,
            ends_at=ends_at,
            created_by=moderator,
        )
        AuditEntry.objects.create(
            moderator=moderator,
            action=(AUTHOR_ONLY if kind == Ban.Kind.AUTHOR_ONLY else SUSPEND if ends_at else BAN),
            member=member,
            ban=made,
            reason=made.reason,
            after=f"until {ends_at:%Y-%m-%d %H:%M} UTC" if ends_at else "permanent",
        )
    return made


def lift_ban(*, ban: Ban, moderator: User, reason: str = "") -> Ban:
    """End ``ban`` now (``lifted_at``), before its time or a permanent one: what the
    person posts from then on is treated as anyone's. The row stays for the record, and
    an ``AuditEntry`` "lift_ban" is written in the same transaction. Lifting a ban
    already lifted changes nothing. ``PermissionDenied`` unless ``moderator``
    moderates."""
    access_moderation(moderator)
    now = timezone.now()
    with write_transaction():
        lifted = Ban.objects.filter(pk=ban.pk, lifted_at__isnull=True).update(lifted_at=now)
        if not lifted:
            return ban
        ban.lifted_at = now
        AuditEntry.objects.create(
            moderator=moderator,
            action=LIFT_BAN,
            member_id=ban.member_id,
            ban=ban,
            reason=reason.strip()[:500],
            before=ban.kind,
            after="lifted",
        )
    return ban
