"""Bans at work: the guard that refuses a banned person's posts and edits, the screen
that holds an author-only person's comments, and the notice a banned member reads on a
story page instead of the comment form. All three are registered in ``wiring``.

A member is matched by their account; a guest by their browser's cookie (its hash) and
by their address. Address bans never touch members: a household or an office shares an
address, and a member answers for their account.
"""

from __future__ import annotations

from django.utils import timezone

from masthead.comments import hooks
from masthead.core.refusals import Refused

from .models import Ban
from .selectors import active_bans_for


def refusal_message(ban: Ban) -> str:
    """What the person banned reads: until when, and why."""
    if ban.ends_at is None:
        return f"You are banned from commenting: {_reason(ban)}."
    ends = timezone.localtime(ban.ends_at)
    return f"You are suspended until {ends.day} {ends:%b %Y, %H:%M}: {_reason(ban)}."


def _reason(ban: Ban) -> str:
    return ban.reason.strip().rstrip(".")


def _bans(submission: hooks.Submission | hooks.Reader, kind: str) -> list[Ban]:
    if submission.author is not None:
        return active_bans_for(submission.author, kind=kind)
    return active_bans_for(None, submission.guest_token_hash, submission.ip or None, kind=kind)


def refuse_banned(submission: hooks.Submission) -> None:
    """Guard: a banned member, guest browser or guest address may neither post nor
    edit; ``Refused`` (403) says until when and why. One query."""
    bans = _bans(submission, Ban.Kind.BAN)
    if bans:
        raise Refused(refusal_message(bans[0]), status=403)


def hold_author_only(submission: hooks.Submission) -> hooks.Screening:
    """Screen: what an author-only person posts (or edits) is held as visible to them
    alone, reason "author_only"; they are not told. One query."""
    if _bans(submission, Ban.Kind.AUTHOR_ONLY):
        return hooks.Screening(author_only=True, reasons=("author_only",))
    return hooks.Screening()


def ban_notice(reader: hooks.Reader) -> str:
    """Notice: why this reader may not post (a ban in force), or nothing. Author-only
    holds are never told. One query."""
    bans = _bans(reader, Ban.Kind.BAN)
    return refusal_message(bans[0]) if bans else ""
