"""Writes to the discussion. Each action keeps the thread's invariants: numbers are
handed out once per story inside the posting transaction, paths place every comment in
the tree, and the denormalised counts (a member's posts, a story's comments) stay true.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, F, Field, Q
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.articles.selectors import comments_open
from masthead.core.db import write_transaction
from masthead.core.markup import COMMENT, render_markdown

from . import hooks, signals, threading
from .models import Comment, CommentRevision, Mention, Vote, body_digest
from .ranking import wilson_lower_bound
from .references import link_references
from .selectors import LOG_IN_TO_VOTE, check_author_change, check_vote


def _allocate_number(article: Article, *, visible: bool = True) -> int:
    """Take the story's next comment number and, if the comment is ``visible``, count
    it, in one statement that also reads both counters back (into ``article``). The
    UPDATE locks the story's row (and on SQLite the IMMEDIATE transaction holds the
    write lock), so concurrent posters queue here and each gets a distinct number; a
    rolled-back post leaves a gap, never a reuse. A held comment takes its number too.
    """
    with connection.cursor() as cursor:
        cursor.execute(_allocate_sql(connection.vendor), [1 if visible else 0, article.pk])
        number, count = cursor.fetchone()
    article.last_comment_number, article.comment_count = number, count
    return int(number)


@functools.cache
def _allocate_sql(vendor: str) -> str:
    """``_allocate_number``'s statement, written once per database kind (it runs under
    the write lock)."""
    meta, quote = Article._meta, connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    number_col = quote(meta.get_field("last_comment_number").column)
    count_col = quote(meta.get_field("comment_count").column)
    return (
        f"UPDATE {table} SET {number_col} = {number_col} + 1, {count_col} = {count_col} + %s "  # noqa: S608
        f"WHERE {pk} = %s RETURNING {number_col}, {count_col}"
    )  # only quoted names are formatted in; the values are parameters


# The columns ``_place`` sets (and ``updated_at``, stamped with them) inside the posting
# transaction; every other column of a new comment is known before the write lock.
_PLACED_FIELDS = frozenset(
    {
        "number",
        "parent",
        "path",
        "depth",
        "thread_number",
        "reply_to_number",
        "created_at",
        "updated_at",
    }
)


class _InsertPlan(NamedTuple):
    sql: str
    fields: tuple[Field[Any, Any], ...]
    #: Per field, in order: whether ``_place`` sets it.
    placed: tuple[bool, ...]
    #: Per field: the type whose values the field stores as they are (``_PLAIN_TYPES``),
    #: or ``None``.
    plain: tuple[type | None, ...]


# Fields whose conversion to a query parameter gives back a value of this type as it is
# (``CharField.get_prep_value`` returns a str unchanged, ``IntegerField``'s int(x) an
# int); a foreign key converts as its target does. ``None`` comes back as ``None``.
# Exact classes only: a subclass may convert differently (``EmailField``,
# ``GenericIPAddressField``).
_PLAIN_TYPES: dict[type[Field[Any, Any]], type] = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.FloatField: float,
    models.BooleanField: bool,
    models.AutoField: int,
    models.BigAutoField: int,
}


def _plain_type(field: Field[Any, Any]) -> type | None:
    if type(field) is models.ForeignKey:  # stored as the target's key is
        return _plain_type(field.target_field)
    return _PLAIN_TYPES.get(type(field))


@functools.cache
def _insert_plan(vendor: str) -> _InsertPlan:
    """``INSERT`` of one comment, returning its id, and the fields it writes in order
    (column names quoted for the database in use; every value is a parameter)."""
    meta, quote = Comment._meta, connection.ops.quote_name
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"RETURNING {quote(meta.pk.column)}"
    )
    return _InsertPlan(
        sql,
        fields,
        tuple(f.name in _PLACED_FIELDS for f in fields),
        tuple(_plain_type(f) for f in fields),
    )


def _db_value(field: Field[Any, Any], plain: type | None, comment: Comment) -> Any:
    """``comment``'s value for ``field`` as ``save(force_insert=True)`` converts it
    (``auto_now`` filled in). A value of the field's plain type is its own conversion:
    the ORM's way through four methods a column cost more, over 27 columns, than
    running the INSERT."""
    value = field.pre_save(comment, True)
    if plain is not None and (value is None or type(value) is plain):
        return value
    return field.get_db_prep_save(value, connection)


def _unplaced_values(comment: Comment) -> list[Any]:
    """The INSERT's values for the columns ``_place`` does not set (``None`` where it
    does), converted before the write lock: under it, others wait."""
    plan = _insert_plan(connection.vendor)
    return [
        None if placed else _db_value(field, plain, comment)
        for field, placed, plain in zip(plan.fields, plan.placed, plan.plain, strict=True)
    ]


def _insert(comment: Comment, unplaced: list[Any]) -> None:
    """Write a new ``comment`` as ``save(force_insert=True)`` would, in one statement
    made once: in the posting transaction, where other writers wait, the ORM's building
    of the same statement took more time than the database's running it. ``unplaced``:
    ``_unplaced_values(comment)``, taken before ``_place``. No ``Comment`` save signals
    are connected; the statement sends none."""
    plan = _insert_plan(connection.vendor)
    values = [
        _db_value(field, plain, comment) if placed else value
        for field, placed, plain, value in zip(
            plan.fields, plan.placed, plan.plain, unplaced, strict=True
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, values)
        (comment.pk,) = cursor.fetchone()
    comment._state.adding = False
    comment._state.db = connection.alias


def build_comment(
    *,
    article: Article,
    placement: threading.Placement,
    number: int,
    parent_id: int | None,
    body: str,
    body_html: str,
    created_at: datetime,
    author: User | None = None,
    guest_name: str = "",
    guest_email: str = "",
    guest_token_hash: str = "",
) -> Comment:
    """An unsaved comment at ``placement``. ``post_comment`` saves one; bulk loaders
    insert many at once and must keep the story's counters true themselves."""
    comment = _unplaced_comment(
        article=article,
        author=author,
        guest_name=guest_name,
        guest_email=guest_email,
        guest_token_hash=guest_token_hash,
        body=body,
        body_html=body_html,
    )
    return _place(
        comment, placement=placement, number=number, parent_id=parent_id, created_at=created_at
    )


def _unplaced_comment(
    *,
    article: Article,
    author: User | None,
    guest_name: str,
    guest_email: str,
    guest_token_hash: str,
    body: str,
    body_html: str,
) -> Comment:
    """An unsaved comment with its text and author but no number or place yet."""
    return Comment(
        article=article,
        author=author,
        guest_name="" if author else guest_name,
        guest_email="" if author else guest_email,
        guest_token_hash="" if author else guest_token_hash,
        body=body,
        body_html=body_html,
        body_digest=body_digest(body),
    )


def _place(
    comment: Comment,
    *,
    placement: threading.Placement,
    number: int,
    parent_id: int | None,
    created_at: datetime,
) -> Comment:
    """Give ``comment`` its number, its place in the tree and its time."""
    comment.number = number
    comment.parent_id = parent_id
    comment.path = placement.path
    comment.depth = placement.depth
    comment.thread_number = placement.thread_number
    comment.reply_to_number = placement.reply_to_number
    comment.created_at = created_at
    return comment


def save_mentions(
    *, comment: Comment, member_ids: Iterable[int], replace: bool = False
) -> frozenset[int]:
    """Store one ``Mention`` per member ``comment`` names (``member_ids``, from
    ``references.link_references``), leaving out its author. Run it inside the
    transaction that writes the comment's text, so a mention exists exactly when the
    text does. For an edit pass ``replace``: mentions no longer in the text go. Returns
    the members newly mentioned (whom a notification may tell). No query when a new
    comment names nobody."""
    wanted = set(member_ids)
    if comment.author_id is not None:
        wanted.discard(comment.author_id)
    existing: set[int] = set()
    if replace:
        existing = set(comment.mentions.values_list("member_id", flat=True))
        if existing - wanted:
            comment.mentions.filter(member_id__in=existing - wanted).delete()
    added = wanted - existing
    if added:
        Mention.objects.bulk_create([Mention(comment=comment, member_id=m) for m in sorted(added)])
    return frozenset(added)


def _checked_text(body: str) -> tuple[str, str]:
    """A comment's text as posted or edited: stripped, checked (``ValidationError`` on
    ``body``) and rendered to sanitised HTML. New posts and edits both come through
    here, so whatever checks a text (moderation, too) applies to both."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something before posting."})
    max_length = settings.MASTHEAD_COMMENT_MAX_LENGTH
    if len(body) > max_length:
        raise ValidationError({"body": f"Comments are limited to {max_length:,} characters."})
    return body, render_markdown(body, profile=COMMENT)


def post_comment(
    *,
    article: Article,
    body: str,
    author: User | None = None,
    guest_name: str = "",
    guest_email: str = "",
    guest_token_hash: str = "",
    reply_to_number: int | None = None,
    posted_at: datetime | None = None,
    ip: str = "",
) -> Comment:
    """Publish a comment by a member (``author``) or a guest (``guest_name``), or hold it.

    First the guards registered in ``hooks`` may refuse it (``Refused``: a ban, a rate
    limit, a repeat; nothing is written), then the screens decide whether it is
    published, held for review (``PENDING``, with reason codes) or held as visible to
    its author only (``AUTHOR_ONLY``). Locked guards (a repeat of a comment just
    posted: ``hooks.Duplicate``, carrying it) run inside the posting transaction, once
    the story is locked. A held comment takes its number but is not
    counted (story, author) until approved (``publish_held_comment``). ``ip`` is where
    it came from, kept for moderators.

    ``guest_token_hash`` is the hash of the guest's browser cookie (see ``guests``),
    which lets that browser delete the comment within the edit window.

    Preconditions checked here (raising ``ValidationError``): the story is published and
    takes comments at ``posted_at`` (``articles.selectors.comments_open``: an editor may
    close it, or have it close N days after publication), the body is non-empty, exactly
    one of author/guest is given, and ``reply_to_number`` names a comment of this story
    that is neither removed nor deleted. Side effects: the author's post count and the
    story's comment count go up; ``comment_posted`` is sent on commit.
    ``#N`` and ``@name`` in the text are linked (``references.link_references``); each
    member named gets a ``Mention`` in the same transaction (``save_mentions``).
    """
    guest_name = guest_name.strip()
    if not article.is_published:
        raise ValidationError("Comments are open only on published stories.")
    if not comments_open(article, posted_at or timezone.now()):
        raise ValidationError("Comments are closed on this story.")
    body, body_html = _checked_text(body)
    if (author is None) == (not guest_name):
        raise ValidationError("A comment needs either a member or a guest name, not both.")

    body_html, mentioned = link_references(body_html, article=article)
    submission = hooks.Submission(
        article=article,
        body=body,
        body_html=body_html,
        author=author,
        guest_name=guest_name,
        guest_token_hash=guest_token_hash,
        ip=ip,
    )
    hooks.run_guards(submission)
    verdict = hooks.screen(submission)
    status = (
        Comment.Status.AUTHOR_ONLY
        if verdict.author_only
        else Comment.Status.PENDING
        if verdict.hold
        else Comment.Status.PUBLISHED
    )
    visible = status == Comment.Status.PUBLISHED
    # Made before the story is locked: other posters wait only for what needs the lock.
    comment = _unplaced_comment(
        article=article,
        author=author,
        guest_name=guest_name,
        guest_email=guest_email.strip(),
        guest_token_hash=guest_token_hash,
        body=body,
        body_html=body_html,
    )
    comment.status = status
    comment.held_reasons = ",".join(verdict.reasons)
    comment.abuse_score = verdict.abuse_score
    comment.ip_address = ip or None
    unplaced = _unplaced_values(comment)
    with write_transaction():
        reply_to: Comment | None = None
        if reply_to_number is not None:
            reply_to = (
                Comment.objects.filter(article=article, number=reply_to_number)
                .only("id", "path", "status")
                .first()
            )
            if reply_to is None or reply_to.is_placeholder:
                raise ValidationError(
                    {"reply_to": f"Comment #{reply_to_number} cannot be answered: it is not here."}
                )
        number = _allocate_number(article, visible=visible)
        # Now that the story is locked for the number, a twin of this post waits here
        # and then sees this one committed: checks for repeats run at this point.
        hooks.run_locked_guards(submission)
        placement = threading.place(
            number=number,
            reply_to_path=reply_to.path if reply_to else None,
            max_depth=settings.MASTHEAD_COMMENT_MAX_DEPTH,
        )
        parent_id: int | None = None
        if placement.parent_number is not None:
            if reply_to is not None and placement.parent_number == reply_to_number:
                parent_id = reply_to.pk
            else:
                parent_id = Comment.objects.values_list("id", flat=True).get(
                    article=article, number=placement.parent_number
                )
        _place(
            comment,
            placement=placement,
            number=number,
            parent_id=parent_id,
            created_at=posted_at or timezone.now(),
        )
        _insert(comment, unplaced)
        save_mentions(comment=comment, member_ids=mentioned)
        if author is not None and visible:
            User.objects.filter(pk=author.pk).update(post_count=F("post_count") + 1)
            author.post_count += 1  # as the row now says (its author line shows it)
        transaction.on_commit(
            lambda: signals.comment_posted.send(sender=Comment, comment=comment, as_posted=True)
        )
    return comment


_HELD = (Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY)


def remove_comment(*, comment: Comment, review: str = "") -> Comment:
    """Remove a comment by moderation, published or held: it keeps its number and place
    and shows as a placeholder (or, held and never shown, as a gap). A published one
    stops counting; ``comment_removed`` is sent on commit. ``review`` records a
    moderator's decision (``Comment.Review.REJECTED``). Removing an already removed,
    or author-deleted, comment changes nothing."""
    now = timezone.now()
    with write_transaction():
        before = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first()
        if before not in (Comment.Status.PUBLISHED, *_HELD):
            return comment
        changes: dict[str, Any] = {"status": Comment.Status.REMOVED, "updated_at": now}
        if review:
            changes.update(review=review, reviewed_at=now)
        Comment.objects.filter(pk=comment.pk, status=before).update(**changes)
        comment.status = Comment.Status.REMOVED
        if before == Comment.Status.PUBLISHED:
            _count(comment, -1)
        transaction.on_commit(lambda: signals.comment_removed.send(sender=Comment, comment=comment))
    return comment


def publish_held_comment(*, comment: Comment) -> Comment:
    """Approve a held comment (``PENDING`` or ``AUTHOR_ONLY``): it is published in its
    place under the number it got when posted, counts for its story and author, and
    ``comment_posted`` is sent on commit (live readers see it arrive). Anything else is
    left as it is."""
    return _publish_approved(comment, Q(status__in=_HELD))


def restore_rejected_comment(*, comment: Comment) -> Comment:
    """Undo a moderator's rejection (``remove_comment(review=REJECTED)``): the comment is
    published again in its place, under its number, counts again, and is marked
    approved; ``comment_posted`` is sent on commit. Anything else (a comment removed
    from the story page without review, one its author deleted) is left as it is."""
    return _publish_approved(
        comment, Q(status=Comment.Status.REMOVED, review=Comment.Review.REJECTED)
    )


def _publish_approved(comment: Comment, when: Q) -> Comment:
    """Publish ``comment`` as approved if its row matches ``when``: it counts again and
    ``comment_posted`` is sent on commit. Otherwise nothing changes."""
    now = timezone.now()
    with write_transaction():
        updated = Comment.objects.filter(when, pk=comment.pk).update(
            status=Comment.Status.PUBLISHED,
            review=Comment.Review.APPROVED,
            reviewed_at=now,
            updated_at=now,
        )
        if not updated:
            return comment
        comment.status = Comment.Status.PUBLISHED
        comment.review, comment.reviewed_at = Comment.Review.APPROVED, now
        _count(comment, +1)
        transaction.on_commit(
            lambda: signals.comment_posted.send(sender=Comment, comment=comment, as_posted=False)
        )
    return comment


def hold_comment(*, comment: Comment, reasons: Iterable[str], author_only: bool = False) -> Comment:
    """Take a published comment back for review (flags past the threshold, a moderator's
    second look): it disappears for readers, stops counting, and waits in the queue with
    ``reasons``. ``comment_removed`` is sent on commit (pages drop it)."""
    status = Comment.Status.AUTHOR_ONLY if author_only else Comment.Status.PENDING
    with write_transaction():
        updated = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PUBLISHED).update(
            status=status, held_reasons=",".join(reasons), review="", updated_at=timezone.now()
        )
        if not updated:
            return comment
        comment.status = status
        _count(comment, -1)
        transaction.on_commit(lambda: signals.comment_removed.send(sender=Comment, comment=comment))
    return comment


def review_comment(*, comment: Comment, review: str) -> Comment:
    """Record a moderator's decision on a comment that stays as it is (a reported
    comment approved: its flags are dealt with, it stays published)."""
    now = timezone.now()
    Comment.objects.filter(pk=comment.pk).update(review=review, reviewed_at=now)
    comment.review, comment.reviewed_at = review, now
    return comment


def _count(comment: Comment, step: int) -> None:
    """Move the story's and the author's counts of visible comments by ``step``."""
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + step)
    if comment.author_id is not None:
        User.objects.filter(pk=comment.author_id).update(post_count=F("post_count") + step)


def delete_own_comment(
    *,
    comment: Comment,
    member: User | None,
    guest_token: str | None,
    now: datetime | None = None,
) -> Comment:
    """Delete a comment at its author's request: the member who wrote it, or the guest
    browser whose cookie holds ``guest_token``, within ``MASTHEAD_COMMENT_EDIT_WINDOW``
    of posting (checked by ``selectors.check_author_change``, which raises
    ``PermissionDenied`` with a message for the reader).

    Like a moderator's removal it keeps its number and place and shows as a placeholder
    while replies hang under it; the text stays stored, unshown. Counts go down;
    ``comment_removed`` is sent on commit. A comment taken down meanwhile is left as is.
    """
    check_author_change(comment, member=member, guest_token=guest_token, now=now)
    with write_transaction():
        updated = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PUBLISHED).update(
            status=Comment.Status.DELETED, updated_at=timezone.now()
        )
        if not updated:
            return comment
        comment.status = Comment.Status.DELETED
        Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") - 1)
        if comment.author_id is not None:
            User.objects.filter(pk=comment.author_id).update(post_count=F("post_count") - 1)
        transaction.on_commit(lambda: signals.comment_removed.send(sender=Comment, comment=comment))
    return comment


def edit_comment(
    *,
    comment: Comment,
    body: str,
    member: User | None,
    guest_token: str | None,
    now: datetime | None = None,
    ip: str = "",
) -> Comment:
    """Replace the text of a comment at its author's request: the member who wrote it,
    or the guest browser whose cookie holds ``guest_token``, within
    ``MASTHEAD_COMMENT_EDIT_WINDOW`` of posting (``selectors.check_author_change``
    raises ``PermissionDenied`` with a message for the reader). The new text is checked
    as a new post's is (``ValidationError``).

    ``#N`` and ``@name`` are linked as in a new post, and the comment's mentions follow
    the new text (``save_mentions(replace=True)``). The text it replaces is kept as a
    ``CommentRevision`` for moderators, and ``edited_at`` is set; ``comment_edited`` is
    sent on commit. The same text again changes nothing, and a comment taken down
    meanwhile is refused. The new text goes through the same guards and screens as a
    new post (``hooks``): an edit into banned words sends the comment back for review.
    """
    check_author_change(comment, member=member, guest_token=guest_token, now=now, change="edit")
    body, body_html = _checked_text(body)
    if body == comment.body:
        return comment
    body_html, mentioned = link_references(body_html, article=comment.article)
    submission = hooks.Submission(
        article=comment.article,
        body=body,
        body_html=body_html,
        author=member if comment.author_id is not None else None,
        guest_name=comment.guest_name,
        guest_token_hash=comment.guest_token_hash,
        ip=ip,
        edit_of=comment,
    )
    hooks.run_guards(submission)
    verdict = hooks.screen(submission)
    now = now or timezone.now()
    with write_transaction():
        # Re-read under the write lock: a concurrent edit or removal may have landed
        # since ``comment`` was loaded, and the revision must keep the text it replaces.
        current = (
            Comment.objects.filter(pk=comment.pk)
            .values("status", "body", "body_html", "created_at", "edited_at")
            .get()
        )
        if current["status"] != Comment.Status.PUBLISHED:
            raise PermissionDenied(f"Comment #{comment.number} has already been taken down.")
        if current["body"] == body:
            return comment
        CommentRevision.objects.create(
            comment=comment,
            body=current["body"],
            body_html=current["body_html"],
            written_at=current["edited_at"] or current["created_at"],
            replaced_at=now,
        )
        changes: dict[str, Any] = {
            "body": body,
            "body_html": body_html,
            "body_digest": body_digest(body),
            "edited_at": now,
            "updated_at": now,
        }
        if verdict.abuse_score is not None:
            changes["abuse_score"] = verdict.abuse_score
        if verdict.hold or verdict.author_only:
            held = Comment.Status.AUTHOR_ONLY if verdict.author_only else Comment.Status.PENDING
            changes.update(status=held, held_reasons=",".join(verdict.reasons), review="")
            comment.status = held
            _count(comment, -1)
        Comment.objects.filter(pk=comment.pk).update(**changes)
        save_mentions(comment=comment, member_ids=mentioned, replace=True)
        comment.body, comment.body_html, comment.edited_at = body, body_html, now
        transaction.on_commit(lambda: signals.comment_edited.send(sender=Comment, comment=comment))
    return comment


class VoteTally(NamedTuple):
    """A comment's counts after a vote, and the voter's own vote (+1, -1, 0 for none)."""

    upvotes: int
    downvotes: int
    mine: int

    @property
    def score(self) -> int:
        return self.upvotes - self.downvotes


def _recount_votes(comment_id: int) -> tuple[int, int]:
    """Set a comment's up and down counts (and its best rank) from its vote rows. The
    caller holds the comment's row lock, so no vote can land between count and write."""
    counts = Vote.objects.filter(comment_id=comment_id).aggregate(
        up=Count("pk", filter=Q(value=Vote.Value.UP)),
        down=Count("pk", filter=Q(value=Vote.Value.DOWN)),
    )
    up, down = int(counts["up"]), int(counts["down"])
    Comment.objects.filter(pk=comment_id).update(
        upvotes=up, downvotes=down, best_rank=wilson_lower_bound(up, down)
    )
    return up, down


def vote_on_comment(*, comment: Comment, voter: User | None, value: int, ip: str = "") -> VoteTally:
    """Record ``voter``'s vote on ``comment``: ``1`` up, ``-1`` down, ``0`` to clear it.

    A member has at most one vote per comment (``vote_once_per_member`` backs this up):
    voting the other way changes it, the same vote again changes nothing, and clearing
    deletes it. Refused with ``PermissionDenied`` (see ``selectors.check_vote``) for
    guests (``voter`` is ``None``), on one's own comment, on a removed or deleted one
    and on a story whose comments are closed; ``ValueError`` for any other ``value``.
    Then the vote guards registered in ``hooks`` may refuse it (``Refused``: voting too
    fast from ``ip``, the voter's address); nothing is written then.

    The comment's ``upvotes``, ``downvotes`` and ``best_rank`` are recounted from its
    vote rows while its row is locked, so they equal the votes' sums however many
    members click at once. ``comment_voted`` is sent on commit when anything changed.
    Returns the new counts and the voter's vote.
    """
    if value not in (1, -1, 0):
        raise ValueError(f"A vote is 1 (up), -1 (down) or 0 (clear), not {value!r}.")
    if voter is None:
        raise PermissionDenied(LOG_IN_TO_VOTE)
    check_vote(
        voter=voter, number=comment.number, author_id=comment.author_id, status=comment.status
    )
    if not comments_open(comment.article):
        # A closed story's thread is read-only: its scores stay as they were.
        raise PermissionDenied("Comments are closed on this story, and so is voting.")
    hooks.run_vote_guards(hooks.VoteAttempt(comment=comment, voter=voter, value=value, ip=ip))
    with write_transaction():
        # Votes on one comment queue on its row (FOR UPDATE on PostgreSQL; SQLite's
        # IMMEDIATE transaction already holds the write lock): each one reads the
        # voter's current vote and recounts with every earlier vote committed.
        status, up, down = (
            Comment.objects.select_for_update()
            .filter(pk=comment.pk)
            .values_list("status", "upvotes", "downvotes")
            .get()
        )
        check_vote(voter=voter, number=comment.number, author_id=comment.author_id, status=status)
        mine = Vote.objects.filter(comment_id=comment.pk, voter=voter)
        current = mine.values_list("value", flat=True).first() or 0
        if current != value:
            if value == 0:
                mine.delete()
            elif current == 0:
                Vote.objects.create(comment_id=comment.pk, voter=voter, value=value)
            else:
                mine.update(value=value)
            up, down = _recount_votes(comment.pk)
            transaction.on_commit(
                lambda: signals.comment_voted.send(sender=Comment, comment=comment)
            )
    comment.upvotes, comment.downvotes, comment.status = up, down, status
    return VoteTally(up, down, value)


def withdraw_votes(*, member: User) -> None:
    """Delete every vote ``member`` cast (their account is going) and recount the
    comments they voted on, so that counts keep equalling the remaining votes.
    ``comment_voted`` is sent on commit for each of those comments."""
    with write_transaction():
        voted = list(
            Comment.objects.select_for_update(of=("self",))
            .filter(votes__voter=member)
            .select_related("article")
            .only("id", "number", "article__slug")
            .order_by("pk")
        )
        if not voted:
            return
        Vote.objects.filter(voter=member).delete()
        for comment in voted:
            _recount_votes(comment.pk)

        def announce() -> None:
            for comment in voted:
                signals.comment_voted.send(sender=Comment, comment=comment)

        transaction.on_commit(announce)
