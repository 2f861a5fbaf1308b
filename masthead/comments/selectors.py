"""Reads of comments. A thread is one query, whatever its size."""

from __future__ import annotations

import hmac
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.core.db import PreparedQuery

from . import threading
from .guests import hash_guest_token
from .models import Comment, CommentRevision, Vote
from .threading import is_ancestor_path


@dataclass(frozen=True, slots=True)
class AuthorLine:
    """What a comment's header shows of a member: name (linking to the profile at
    ``username``), badges, post count and join date."""

    id: int
    username: str
    public_name: str
    post_count: int
    date_joined: datetime
    is_staff: bool
    is_moderator: bool


@dataclass(frozen=True, slots=True)
class ThreadItem:
    """One comment as a thread shows it: plain values, no model instance (a thread page
    is the hottest read of the site, and building models costs more than the query)."""

    number: int
    depth: int
    path: str
    thread_number: int
    reply_to_number: int | None
    status: str
    guest_name: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    author: AuthorLine | None
    upvotes: int = 0
    downvotes: int = 0

    @property
    def is_removed(self) -> bool:
        return self.status == Comment.Status.REMOVED

    @property
    def is_placeholder(self) -> bool:
        """Removed or deleted: shown as a placeholder while a reply under it is shown."""
        return self.status != Comment.Status.PUBLISHED


@dataclass(frozen=True)
class ThreadPage:
    """One page of a story's discussion, depth-first.

    Pages hold whole top-level threads up to ``MASTHEAD_COMMENTS_PER_PAGE`` comments, so
    a page costs the same on a story of 25 comments or 20,000. A thread too long for one
    page is split, and the next page says it continues. ``previous``/``next`` are the
    query strings of the neighbouring pages (``None`` at either end).
    """

    comments: list[ThreadItem]
    previous: str | None
    next: str | None
    continues_thread: int | None
    # Sorted pages: threads cut short, each continued on a page of its own (number order).
    cut_threads: frozenset[int] = frozenset()
    sort: str = "number"


_ITEM_FIELDS = (
    "number",
    "depth",
    "path",
    "thread_number",
    "reply_to_number",
    "status",
    "guest_name",
    "body_html",
    "created_at",
    "edited_at",
    "author_id",
    "author__username",
    "author__display_name",
    "author__post_count",
    "author__date_joined",
    "author__is_staff",
    "author__is_moderator",
    "upvotes",
    "downvotes",
)


# What a thread shows of a comment that moderation holds, to everyone but its author: a
# placeholder (while a reply under it is shown), never its text.
HELD = "held"
_HELD_STATUSES = frozenset({Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY})


def _items(
    rows: QuerySet[Comment] | list[tuple[Any, ...]], *, for_author: bool = False
) -> list[ThreadItem]:
    """Thread items from ``rows`` (comments, or their ``_ITEM_FIELDS`` already read).
    Held comments become ``HELD`` placeholders without their text unless ``for_author``
    (the rows are the reader's own)."""
    items = []
    for (
        number, depth, path, thread_number, reply_to_number, status, guest_name,
        body_html, created_at, edited_at, author_id, username, display_name, post_count,
        date_joined, is_staff, is_moderator, upvotes, downvotes,
    ) in (rows if isinstance(rows, list) else rows.values_list(*_ITEM_FIELDS)):  # fmt: skip
        if status in _HELD_STATUSES and not for_author:
            status, body_html = HELD, ""
        author = (
            AuthorLine(
                author_id,
                username,
                display_name or username,
                post_count,
                date_joined,
                is_staff,
                is_moderator,
            )
            if author_id is not None
            else None
        )
        items.append(
            ThreadItem(
                number,
                depth,
                path,
                thread_number,
                reply_to_number,
                status,
                guest_name,
                body_html,
                created_at,
                edited_at,
                author,
                upvotes,
                downvotes,
            )
        )
    return items


def thread_for_article(article: Article) -> list[ThreadItem]:
    """The story's whole discussion depth-first, as one flat list in path order (one
    query, authors joined). For print and exports; pages use ``thread_page``."""
    rows = Comment.objects.filter(article=article).in_thread().in_thread_order()
    return _without_empty_placeholders(_items(rows))


# How the threads of a discussion can be ordered (replies always follow their parent in
# number order): the seed's order by number, newest threads first, oldest threads first,
# and best first (Wilson lower bound of the thread's first comment's votes).
SORTS: dict[str, str] = {
    "number": "By number",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "best": "Best first",
}
_ROOT_ORDER: dict[str, tuple[str, ...]] = {
    "newest": ("-number",),
    "oldest": ("created_at", "number"),
    "best": ("-best_rank", "number"),
}


@dataclass(frozen=True)
class PagePosition:
    """Where a page of the discussion starts: from the beginning, at a thread, or just
    after or before a comment (given by its path); or, in another ``sort`` than by
    number, the ``page``-th page of threads."""

    from_thread: int | None = None
    after: str | None = None
    before: str | None = None
    sort: str = "number"
    page: int = 1

    @classmethod
    def from_query(cls, query: QueryDict) -> PagePosition:
        """Read ``?sort=S&page=K``, ``?from=N``, ``?after=PATH`` or ``?before=PATH``;
        anything malformed is the first page (these come from links we make, so a bad
        one is a stale link)."""
        sort = query.get("sort", "")
        if sort in _ROOT_ORDER:
            raw_page = query.get("page", "")
            page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) <= 100_000 else 1
            return cls(sort=sort, page=page)
        raw_from = query.get("from", "")
        if raw_from.isdigit() and 0 < int(raw_from) <= threading.MAX_NUMBER:
            return cls(from_thread=int(raw_from))
        after, before = query.get("after", ""), query.get("before", "")
        if _valid_path(after):
            return cls(after=after)
        if _valid_path(before):
            return cls(before=before)
        return cls()


def _valid_path(raw: str) -> bool:
    return (
        0 < len(raw) <= threading.PATH_WIDTH * 64
        and raw.isdigit()
        and len(raw) % threading.PATH_WIDTH == 0
    )


def _position_filter(path: str, *, later: bool) -> Q:
    """Comments after (or before) ``path`` in thread order, as an index-friendly filter
    on (thread_number, path)."""
    thread = threading.numbers_in_path(path)[0]
    if later:
        return Q(thread_number__gt=thread) | Q(thread_number=thread, path__gt=path)
    return Q(thread_number__lt=thread) | Q(thread_number=thread, path__lt=path)


def _page_rows(
    budget: int, article_id: int, where: Q | None = None, *, backwards: bool = False
) -> QuerySet[Comment]:
    """One page's comments in thread order (``budget`` + 1 of them, to tell whether
    more follow), from where ``where`` puts the page."""
    order = ("-thread_number", "-path") if backwards else ("thread_number", "path")
    return (
        Comment.objects.filter(where or Q(), article_id=article_id)
        .in_thread()
        .order_by(*order)[: budget + 1]
        .values_list(*_ITEM_FIELDS)
    )


# The four kinds of page by number, each compiled once per connection (``PreparedQuery``:
# the ORM building this query cost more than the database running it). The shape is the
# page's size.
_FIRST_PAGE = PreparedQuery(lambda budget, article: _page_rows(budget, article), int)
_PAGE_FROM_THREAD = PreparedQuery(
    lambda budget, article, thread: _page_rows(budget, article, Q(thread_number__gte=thread)),
    int,
    int,
)
_PAGE_AFTER = PreparedQuery(
    lambda budget, article, thread, path: _page_rows(
        budget, article, Q(thread_number__gt=thread) | Q(thread_number=thread, path__gt=path)
    ),
    int,
    int,
    str,
)
_PAGE_BEFORE = PreparedQuery(
    lambda budget, article, thread, path: _page_rows(
        budget,
        article,
        Q(thread_number__lt=thread) | Q(thread_number=thread, path__lt=path),
        backwards=True,
    ),
    int,
    int,
    str,
)


def thread_page(article: Article, position: PagePosition | None = None) -> ThreadPage:
    """The page of the discussion at ``position`` (the first page by default), in one
    query that reads at most one comment more than a page holds.
    """
    position = position or PagePosition()
    if position.sort != "number":
        return _sorted_page(article, position)
    budget = settings.MASTHEAD_COMMENTS_PER_PAGE
    backwards = position.before is not None
    if position.after is not None:
        thread = threading.numbers_in_path(position.after)[0]
        rows = _PAGE_AFTER.rows(article.pk, thread, position.after, shape=budget)
    elif position.before is not None:
        thread = threading.numbers_in_path(position.before)[0]
        rows = _PAGE_BEFORE.rows(article.pk, thread, position.before, shape=budget)
    elif position.from_thread is not None:
        rows = _PAGE_FROM_THREAD.rows(article.pk, position.from_thread, shape=budget)
    else:
        rows = _FIRST_PAGE.rows(article.pk, shape=budget)
    items = _items(rows)
    more = len(items) > budget
    if more:
        beyond = items[budget].thread_number
        items = items[:budget]
        whole = [c for c in items if c.thread_number != beyond]
        items = whole or items  # one thread longer than a page: split it
    if backwards:
        items.reverse()
    if not items:
        return ThreadPage(comments=[], previous=None, next=None, continues_thread=None)
    first, last = items[0], items[-1]
    at_start = first.path == threading.segment(1) or (backwards and not more)
    at_end = not more if not backwards else False
    return ThreadPage(
        comments=_without_empty_placeholders(items),
        previous=None if at_start else f"before={first.path}",
        next=None if at_end else f"after={last.path}",
        continues_thread=first.thread_number if first.depth > 0 else None,
    )


def _sorted_page(article: Article, position: PagePosition) -> ThreadPage:
    """A page of ``MASTHEAD_THREADS_PER_PAGE`` threads in ``position.sort`` order, in two
    queries: the page's first comments (indexed ORDER BY), then their threads, each cut
    at ``MASTHEAD_COMMENTS_PER_THREAD`` comments by a window function (the rest is one
    "Continue this thread" link away), so no page grows with the discussion.
    """
    per_page = settings.MASTHEAD_THREADS_PER_PAGE
    per_thread = settings.MASTHEAD_COMMENTS_PER_THREAD
    start = (position.page - 1) * per_page
    roots = list(
        Comment.objects.filter(article=article, depth=0)
        .in_thread()
        .order_by(*_ROOT_ORDER[position.sort])
        .values_list("number", flat=True)[start : start + per_page + 1]
    )
    more = len(roots) > per_page
    roots = roots[:per_page]
    rows = (
        Comment.objects.filter(article=article, thread_number__in=roots)
        .in_thread()
        .annotate(
            place=Window(RowNumber(), partition_by=[F("thread_number")], order_by=F("path").asc())
        )
        .filter(place__lte=per_thread + 1)  # one more tells that a thread goes on
        .order_by("thread_number", "path")
    )
    by_thread: dict[int, list[ThreadItem]] = {}
    for item in _items(rows):
        by_thread.setdefault(item.thread_number, []).append(item)
    cut = {number for number, thread in by_thread.items() if len(thread) > per_thread}
    items = [item for number in roots for item in by_thread.get(number, [])[:per_thread]]
    query = f"sort={position.sort}&page="
    return ThreadPage(
        comments=_without_empty_placeholders(items),
        previous=f"{query}{position.page - 1}" if position.page > 1 else None,
        next=f"{query}{position.page + 1}" if more else None,
        continues_thread=None,
        cut_threads=frozenset(cut),
        sort=position.sort,
    )


def branch_of(comment: Comment) -> list[ThreadItem]:
    """``comment`` and the comments under it, depth-first, in one query (at most four
    pages' worth: a branch deeper still continues on its own branch page)."""
    rows = (
        Comment.objects.filter(
            article_id=comment.article_id,
            thread_number=comment.thread_number,
            path__startswith=comment.path,
        )
        .in_thread()
        .in_thread_order()
    )
    return _without_empty_placeholders(_items(rows[: settings.MASTHEAD_COMMENTS_PER_PAGE * 4]))


def comment_url(comment: Comment, *, prefer_first_page: bool = True) -> str:
    """Where comment ``#n`` is shown: a page of its story that holds it, at the comment.

    With ``prefer_first_page`` (permalinks) the story's first page is used whenever it
    holds the comment, at the cost of reading that page; without it (the redirect after
    posting) a page starting at the comment's thread will do.
    """
    url = comment.article.get_absolute_url()
    anchor = f"#c-{comment.number}"
    budget = settings.MASTHEAD_COMMENTS_PER_PAGE
    if comment.article.last_comment_number <= budget:
        return url + anchor  # the whole discussion fits on its first page
    if prefer_first_page and any(
        c.number == comment.number for c in thread_page(comment.article).comments
    ):
        return url + anchor
    if comment.depth == 0:
        # A thread's first comment: nothing of its thread comes before it.
        return f"{url}?from={comment.thread_number}{anchor}"
    before_in_thread = (
        Comment.objects.filter(article_id=comment.article_id)
        .in_thread()
        .filter(thread_number=comment.thread_number, path__lt=comment.path)
        .count()
    )
    if before_in_thread >= budget:
        # Deep inside a long thread: start the page at the comment itself.
        previous = (
            Comment.objects.filter(article_id=comment.article_id)
            .in_thread()
            .filter(_position_filter(comment.path, later=False))
            .order_by("-thread_number", "-path")
            .values_list("path", flat=True)
            .first()
        )
        return f"{url}?after={previous}{anchor}"
    return f"{url}?from={comment.thread_number}{anchor}"


def _without_empty_placeholders(comments: list[ThreadItem]) -> list[ThreadItem]:
    """Drop removed (or deleted) comments that have nothing shown under them.

    A removed comment stays as a placeholder while some reply under it is shown; a
    removed comment with nothing under it is left out, so the thread shows only a gap
    in the numbers. A comment deleted by its author follows the same rules.
    """
    shown: list[ThreadItem] = []
    # Walk backwards: a removed comment is kept iff the next comment kept is inside it.
    next_kept_path = ""
    for comment in reversed(comments):
        if comment.is_placeholder and not is_ancestor_path(comment.path, next_kept_path):
            continue
        shown.append(comment)
        next_kept_path = comment.path
    shown.reverse()
    return shown


def find_comment(article: Article, number: int) -> Comment | None:
    """The comment ``number`` of ``article`` with its author, or ``None``."""
    return Comment.objects.with_authors().filter(article=article, number=number).first()


def comment_by_number(article: Article, number: int) -> Comment:
    """The comment ``number`` of ``article``, with its author; 404 if there is none."""
    comment = find_comment(article, number)
    if comment is None:
        raise Http404(f"This story has no comment #{number}.")
    return comment


def _window_text(window: timedelta) -> str:
    minutes, seconds = divmod(int(window.total_seconds()), 60)
    if seconds or not minutes:
        return f"{int(window.total_seconds())} seconds"
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _is_own(comment: Comment, *, member: User | None, guest_token: str | None) -> bool:
    if comment.author_id is not None:
        return member is not None and comment.author_id == member.pk
    if not guest_token or not comment.guest_token_hash:
        return False
    return hmac.compare_digest(hash_guest_token(guest_token), comment.guest_token_hash)


# What an author may do to their own comment; names the change in refusals.
AuthorChange = Literal["delete", "edit"]


def author_change_ends(comment: Comment) -> datetime:
    """The last moment at which the author may still edit or delete ``comment``."""
    window: timedelta = settings.MASTHEAD_COMMENT_EDIT_WINDOW
    return comment.created_at + window


def check_author_change(
    comment: Comment,
    *,
    member: User | None,
    guest_token: str | None,
    now: datetime | None = None,
    change: AuthorChange = "delete",
) -> None:
    """Raise ``PermissionDenied`` (with a message for the reader, naming ``change``)
    unless ``comment`` is still published and belongs to ``member`` (its author) or to
    the browser holding ``guest_token`` (a guest comment posted from it), and was posted
    at most ``MASTHEAD_COMMENT_EDIT_WINDOW`` before ``now``. No query."""
    if not _is_own(comment, member=member, guest_token=guest_token):
        raise PermissionDenied(f"This comment is not yours to {change}.")
    if comment.status != Comment.Status.PUBLISHED:
        raise PermissionDenied(f"Comment #{comment.number} has already been taken down.")
    if (now or timezone.now()) > author_change_ends(comment):
        window: timedelta = settings.MASTHEAD_COMMENT_EDIT_WINDOW
        raise PermissionDenied(
            f"You can {change} your own comment for {_window_text(window)} after posting."
        )


def access_comment_for_author_change(
    *,
    article: Article,
    number: int,
    member: User | None,
    guest_token: str | None,
    now: datetime | None = None,
    change: AuthorChange = "delete",
) -> Comment:
    """Comment ``number`` of ``article``, which its author may still ``change`` (see
    ``check_author_change``): 404 if there is none, ``PermissionDenied`` otherwise.
    One query (the comment and its author)."""
    comment = (
        Comment.objects.select_related("author").filter(article=article, number=number).first()
    )
    if comment is None:
        raise Http404(f"This story has no comment #{number}.")
    comment.article = article
    check_author_change(comment, member=member, guest_token=guest_token, now=now, change=change)
    return comment


def access_comment_for_moderation(*, article: Article, number: int, viewer: User | None) -> Comment:
    """Comment ``number`` of ``article`` for a moderator to act on: 404 if there is no
    such comment, 403 unless ``viewer`` moderates (moderators and staff)."""
    comment = comment_by_number(article, number)
    if not can_read_history(viewer):
        raise PermissionDenied("Only moderators can remove comments.")
    return comment


def can_read_history(viewer: User | None) -> bool:
    """Moderators and staff may read the earlier texts of edited comments."""
    return viewer is not None and viewer.is_active and (viewer.is_moderator or viewer.is_staff)


@dataclass(frozen=True)
class CommentHistory:
    """A comment as it is now, and every text it had before, newest first."""

    comment: Comment
    revisions: list[CommentRevision]


def access_comment_history(*, article: Article, number: int, viewer: User | None) -> CommentHistory:
    """The history of comment ``number`` of ``article`` for ``viewer``, whatever its
    status: ``PermissionDenied`` unless ``can_read_history(viewer)``, 404 if there is no
    such comment. Two queries (the comment with its author, its revisions)."""
    if not can_read_history(viewer):
        raise PermissionDenied("Only moderators can read the history of a comment.")
    comment = (
        Comment.objects.select_related("author").filter(article=article, number=number).first()
    )
    if comment is None:
        raise Http404(f"This story has no comment #{number}.")
    comment.article = article
    revisions = list(
        CommentRevision.objects.filter(comment=comment).order_by("-replaced_at", "-id")
    )
    return CommentHistory(comment=comment, revisions=revisions)


# Session key: the stories where the reader has comments held for review.
HELD_ON_SESSION_KEY = "held_on"


def held_for_reader(
    *, article: Article, member: User | None, guest_token: str | None
) -> list[ThreadItem]:
    """The reader's own comments on ``article`` that moderation holds (waiting for
    review, or author-only): the only reader who sees them. One query; none without a
    member or a guest cookie."""
    if member is None and not guest_token:
        return []
    rows = Comment.objects.filter(
        article=article, status__in=[Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY]
    )
    if member is not None:
        rows = rows.filter(author=member)
    else:
        assert guest_token is not None
        rows = rows.filter(author__isnull=True, guest_token_hash=hash_guest_token(guest_token))
    return _items(rows.order_by("path"), for_author=True)


def with_held(page: ThreadPage, held: list[ThreadItem]) -> list[ThreadItem]:
    """``page``'s comments with the reader's ``held`` ones in their places: replies in
    threads the page shows, and new threads where new threads go (the last page; the
    first when the newest come first)."""
    if not held:
        return page.comments
    order: list[int] = []
    by_thread: dict[int, list[ThreadItem]] = {}
    for item in page.comments:
        if item.thread_number not in by_thread:
            order.append(item.thread_number)
        by_thread.setdefault(item.thread_number, []).append(item)
    at_edge = page.previous is None if page.sort == "newest" else page.next is None
    new_threads: list[int] = []
    for item in held:
        if item.thread_number in by_thread and item.thread_number not in new_threads:
            # Held with replies shown, it is on the page already as a placeholder.
            thread = [c for c in by_thread[item.thread_number] if c.number != item.number]
            by_thread[item.thread_number] = [*thread, item]
        elif item.depth == 0 and at_edge:
            new_threads.append(item.thread_number)
            by_thread[item.thread_number] = [item]
    order = [*reversed(new_threads), *order] if page.sort == "newest" else [*order, *new_threads]
    return [item for number in order for item in sorted(by_thread[number], key=_path_of)]


def _path_of(item: ThreadItem) -> str:
    return item.path


def own_comment_numbers(
    *,
    article: Article,
    comments: Iterable[ThreadItem],
    member: User | None,
    guest_token: str | None,
    now: datetime | None = None,
) -> frozenset[int]:
    """The numbers among ``comments`` (a page of ``article``'s thread) that their reader
    may still delete: posted by ``member``, or as a guest from the browser holding
    ``guest_token``, within the edit window.

    A member's own comments are known from the thread's rows; guest comments cost one
    query on the story's (article, number) index, and only when a recent guest comment
    is shown to a reader holding a guest cookie.
    """
    since = (now or timezone.now()) - settings.MASTHEAD_COMMENT_EDIT_WINDOW
    recent = [c for c in comments if c.status == Comment.Status.PUBLISHED and c.created_at >= since]
    mine = {
        c.number
        for c in recent
        if member is not None and c.author is not None and c.author.id == member.pk
    }
    guest_numbers = [c.number for c in recent if c.author is None and c.guest_name]
    if guest_token and guest_numbers:
        mine.update(
            Comment.objects.filter(
                article=article,
                number__in=guest_numbers,
                author__isnull=True,
                guest_token_hash=hash_guest_token(guest_token),
            ).values_list("number", flat=True)
        )
    return frozenset(mine)


@dataclass(frozen=True, slots=True)
class MemberComment:
    """One of a member's comments as their profile lists it."""

    number: int
    headline: str
    created_at: datetime
    excerpt: str
    url: str


@dataclass(frozen=True)
class MemberCommentsPage:
    """A page of a member's published comments, newest first (``page`` counts from 1)."""

    comments: list[MemberComment]
    page: int
    has_older: bool


EXCERPT_CHARS = 200


def excerpt(body_html: str, length: int = EXCERPT_CHARS) -> str:
    """The start of a comment as plain text (unescaped: templates escape it again)."""
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return Truncator(text).chars(length)


def recent_comments_by_member(
    member: User, *, page: int = 1, per_page: int = 20
) -> MemberCommentsPage:
    """Page ``page`` of ``member``'s published comments on published stories, newest
    first, in one query (stories joined; reads one row more than a page to know whether
    there are older ones). Removed comments and guest fields are never read."""
    page = max(page, 1)
    offset = (page - 1) * per_page
    rows = (
        Comment.objects.published()
        .filter(
            author=member,
            # ArticleQuerySet.published(), as a join rather than a subquery.
            article__status__in=(Article.Status.PUBLISHED, Article.Status.SCHEDULED),
            article__published_at__lte=timezone.now(),
        )
        .select_related("article")
        .only("number", "body_html", "created_at", "article__slug", "article__headline")
        .order_by("-created_at", "-id")[offset : offset + per_page + 1]
    )
    comments = [
        MemberComment(
            number=c.number,
            headline=c.article.headline,
            created_at=c.created_at,
            excerpt=excerpt(c.body_html),
            url=c.get_absolute_url(),
        )
        for c in rows
    ]
    return MemberCommentsPage(
        comments=comments[:per_page], page=page, has_older=len(comments) > per_page
    )


def comments_by_member_for_export(member: User) -> Iterator[Comment]:
    """Every comment ``member`` wrote, whatever its status or its story's, oldest
    first, with its story, streamed from one query. Guest fields are never read."""
    return (
        Comment.objects.filter(author=member)
        .select_related("article")
        .only(
            "number",
            "body",
            "status",
            "created_at",
            "article__slug",
            "article__headline",
        )
        .order_by("created_at", "id")
        .iterator(chunk_size=500)
    )


LOG_IN_TO_VOTE = "Log in to vote: only members can vote on comments."


def check_vote(*, voter: User | None, number: int, author_id: int | None, status: str) -> None:
    """Raise ``PermissionDenied`` (with a message for the reader) unless ``voter`` may
    vote on comment ``number``, written by ``author_id`` and now in ``status``: an
    active member, not its author, and the comment still published. No query."""
    if voter is None or not voter.is_active:
        raise PermissionDenied(LOG_IN_TO_VOTE)
    if author_id is not None and author_id == voter.pk:
        raise PermissionDenied("You cannot vote on your own comment.")
    if status != Comment.Status.PUBLISHED:
        raise PermissionDenied(f"Comment #{number} has been taken down: it takes no votes.")


def votes_of(*, member: User, article: Article, numbers: Iterable[int]) -> dict[int, int]:
    """``member``'s votes on the comments ``numbers`` of ``article`` (a page of its
    thread) as ``{number: +1 or -1}``; comments they have not voted on are absent.
    One query (by the voter's index), none when ``numbers`` is empty."""
    wanted = list(numbers)
    if not wanted:
        return {}
    return dict(
        Vote.objects.filter(
            voter=member, comment__article=article, comment__number__in=wanted
        ).values_list("comment__number", "value")
    )


# Comment feeds

FEED_COMMENTS = 50
DELETED_MEMBER = "deleted member"


@dataclass(frozen=True, slots=True)
class FeedComment:
    """A comment as a feed shows it: public values only (no address of any kind)."""

    number: int
    url: str
    author_name: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None


def article_for_comment_feed(slug: str) -> Article:
    """The story at ``slug`` whose discussion a feed carries: one readers see (404
    otherwise, whoever asks: feeds are the same for everyone), without its text."""
    article = (
        Article.objects.published()
        .filter(slug=slug)
        .only("id", "slug", "headline", "updated_at", "comment_count", "last_comment_number")
        .first()
    )
    if article is None:
        raise Http404("No such story.")
    return article


def feed_comments(article: Article, *, limit: int = FEED_COMMENTS) -> list[FeedComment]:
    """The ``limit`` newest published comments of ``article``, newest first, with their
    author's public name (a guest's typed name, "deleted member" for an erased account).
    Held, removed and deleted comments never, nor any e-mail address. One query."""
    rows = (
        Comment.objects.published()
        .filter(article=article)
        .order_by("-number")
        .values_list(
            "number",
            "guest_name",
            "author_id",
            "author__display_name",
            "author__username",
            "body_html",
            "created_at",
            "edited_at",
        )
    )
    comments = []
    for number, guest, author_id, display, username, body, created, edited in rows[:limit]:
        name = (display or username) if author_id is not None else (guest or DELETED_MEMBER)
        url = reverse("comments:permalink", kwargs={"slug": article.slug, "number": number})
        comments.append(FeedComment(number, url, name, body, created, edited))
    return comments


def comments_last_change(article: Article) -> datetime | None:
    """When any comment of ``article`` last changed, whatever its status: every action
    that posts, edits, holds, approves, removes or deletes one stamps ``updated_at``
    (votes do not: a feed shows no scores). One index lookup (``comment_article_changed``),
    however long the discussion; for a feed's ETag and Last-Modified."""
    changed: datetime | None = Comment.objects.filter(article=article).aggregate(
        changed=Max("updated_at")
    )["changed"]
    return changed
