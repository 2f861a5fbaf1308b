"""Moderators' writes. Each one changes a comment (or a member) through the comments
app's own actions, so numbers, places and counts stay true, and records what it did as
an ``AuditEntry`` in the same transaction: the log holds exactly what happened."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from masthead.accounts.models import User
from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.core.db import write_transaction

from .models import AuditEntry, Flag

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
