"""Repeated posts: the same text from the same author on the same story within
``MASTHEAD_DUPLICATE_WINDOW`` is not posted again.

Most repeats are not spam but a double-click, or a submit the browser retried after a
lost answer: the person wants their one comment. So the refusal, ``comments.hooks
.Duplicate``, carries the comment already there, and the view takes the person to it.

The check runs as a *locked* guard: inside the posting transaction, once the story's
row is locked for the new number (PostgreSQL) or the write lock is held (SQLite). Two
identical posts racing therefore take turns, and the second sees the first committed.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from masthead.comments import hooks
from masthead.comments.models import Comment
from masthead.core.refusals import Refused


def find_duplicate(submission: hooks.Submission) -> Comment | None:
    """The earliest comment on the story with ``submission``'s text by the same author
    (a member; a guest by browser cookie or address) within the window, except one its
    author deleted. One indexed query; none for an edit, nor for a post that did not
    come through the web (no address: the demo loader, an importer, a shell)."""
    window = settings.MASTHEAD_DUPLICATE_WINDOW
    if submission.edit_of is not None or not submission.ip or not window:
        return None
    if submission.author is not None:
        same_author = Q(author=submission.author)
    else:
        # A first post's browser has no cookie yet, so a double-click's two requests
        # carry two new ones; their address is the same.
        same_author = Q(author__isnull=True) & Q(ip_address=submission.ip)
        if submission.guest_token_hash:
            same_author |= Q(author__isnull=True, guest_token_hash=submission.guest_token_hash)
    # No ORDER BY ... LIMIT: that would walk the story's (article, number) index from
    # the start, every comment of a long discussion on every post. The story's last
    # minutes come from the (article, created_at) index; the earliest match is picked here.
    candidates = (
        Comment.objects.filter(
            same_author,
            article=submission.article,
            body=submission.body,
            created_at__gte=timezone.now() - window,
        )
        .exclude(status=Comment.Status.DELETED)
        .order_by()
    )
    return min(candidates, key=lambda comment: comment.number, default=None)


def refuse_duplicate(submission: hooks.Submission) -> None:
    """Locked guard: ``Duplicate`` (with the comment) when this text was just posted by
    the same author; ``Refused`` if that comment has been removed by a moderator."""
    earlier = find_duplicate(submission)
    if earlier is None:
        return
    if earlier.status == Comment.Status.REMOVED:
        raise Refused(
            f"You posted this text a moment ago as #{earlier.number}, and a moderator removed it.",
            status=403,
        )
    raise hooks.Duplicate(
        f"You have already posted this comment: it is #{earlier.number}.", comment=earlier
    )
