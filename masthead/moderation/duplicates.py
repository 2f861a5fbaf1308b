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

import functools

from django.conf import settings
from django.db import connection
from django.db.models import Field
from django.utils import timezone

from masthead.comments import hooks
from masthead.comments.models import Comment, body_digest
from masthead.core.refusals import Refused


@functools.cache
def _candidate_sql(vendor: str) -> str:
    """The story's comments with one text digest since a time (column names quoted for
    the database in use; every value is a parameter)."""
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        field = Comment._meta.get_field(name)
        if not isinstance(field, Field):
            raise TypeError(f"Comment.{name} is not a column")
        return quote(field.column)

    names = ("id", "number", "status", "author", "ip_address", "guest_token_hash", "body")
    columns = ", ".join(column(name) for name in names)
    where = " AND ".join(
        f"{column(name)} {op} %s"
        for name, op in (("article", "="), ("body_digest", "="), ("created_at", ">="))
    )
    return f"SELECT {columns} FROM {quote(Comment._meta.db_table)} WHERE {where}"  # noqa: S608


def find_duplicate(submission: hooks.Submission) -> Comment | None:
    """The earliest comment on the story with ``submission``'s text by the same author
    (a member; a guest by browser cookie or address) within the window, except one its
    author deleted. One query on the (story, text digest) index, and one more to load a
    match; none for an edit, nor for a post that did not come through the web (no
    address: the demo loader, an importer, a shell)."""
    window = settings.MASTHEAD_DUPLICATE_WINDOW
    if submission.edit_of is not None or not submission.ip or not window:
        return None
    # The (story, digest, time) index finds this text on the story in the window: no
    # walk over the story's recent comments, however busy it is. The few rows are
    # matched to the author here. Written out because it runs on every post, under the
    # write lock, where building it through the ORM cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            _candidate_sql(connection.vendor),
            [
                submission.article.pk,
                body_digest(submission.body),
                connection.ops.adapt_datetimefield_value(timezone.now() - window),
            ],
        )
        rows = cursor.fetchall()
    member_id = submission.author.pk if submission.author is not None else None
    token = submission.guest_token_hash
    earliest: tuple[int, int] | None = None
    for pk, number, status, author_id, ip, token_hash, body in rows:
        if body != submission.body or status == Comment.Status.DELETED:
            continue
        if member_id is not None:
            same_author = author_id == member_id
        else:
            # A first post's browser has no cookie yet, so a double-click's two requests
            # carry two new ones; their address is the same.
            same_author = author_id is None and (
                ip == submission.ip or (bool(token) and token_hash == token)
            )
        if same_author and (earliest is None or number < earliest[1]):
            earliest = (pk, number)
    if earliest is None:
        return None
    return Comment.objects.select_related("article").get(pk=earliest[0])


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
