"""Reads of comments. A thread is one query, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet, Subquery
from django.http import Http404

from masthead.articles.models import Article

from .models import Comment
from .threading import is_ancestor_path


@dataclass(frozen=True, slots=True)
class AuthorLine:
    """What a comment's header shows of a member."""

    public_name: str
    post_count: int
    date_joined: datetime


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
    author: AuthorLine | None

    @property
    def is_removed(self) -> bool:
        return self.status == Comment.Status.REMOVED


@dataclass(frozen=True)
class ThreadPage:
    """One page of a story's discussion: whole top-level threads, depth-first."""

    comments: list[ThreadItem]
    number: int
    has_previous: bool
    has_next: bool


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
    "author_id",
    "author__username",
    "author__display_name",
    "author__post_count",
    "author__date_joined",
)


def _items(rows: QuerySet[Comment]) -> list[ThreadItem]:
    items = []
    for (
        number, depth, path, thread_number, reply_to_number, status, guest_name,
        body_html, created_at, author_id, username, display_name, post_count, date_joined,
    ) in rows.values_list(*_ITEM_FIELDS):  # fmt: skip
        author = (
            AuthorLine(display_name or username, post_count, date_joined)
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
                author,
            )
        )
    return items


def thread_for_article(article: Article) -> list[ThreadItem]:
    """The story's whole discussion depth-first, as one flat list in path order (one
    query, authors joined). For print and exports; pages use ``thread_page``."""
    rows = Comment.objects.filter(article=article).in_thread().in_thread_order()
    return _without_empty_placeholders(_items(rows))


def thread_page(article: Article, page: int = 1) -> ThreadPage:
    """Page ``page`` of the discussion: ``MASTHEAD_THREADS_PER_PAGE`` top-level threads in
    number order, each with all its replies, in one query whatever the story's size.

    The query asks for one thread more than a page holds, to know whether a next page
    exists without counting; that thread's comments are dropped here.
    """
    per_page = settings.MASTHEAD_THREADS_PER_PAGE
    page = max(page, 1)
    offset = (page - 1) * per_page
    roots = (
        Comment.objects.filter(article=article, depth=0)
        .order_by("number")
        .values("number")[offset : offset + per_page + 1]
    )
    rows = _items(
        Comment.objects.filter(article=article, thread_number__in=Subquery(roots))
        .in_thread()
        .order_by("thread_number", "path")
    )
    threads = sorted({c.thread_number for c in rows})
    has_next = len(threads) > per_page
    if has_next:
        last = threads[per_page - 1]
        rows = [c for c in rows if c.thread_number <= last]
    return ThreadPage(
        comments=_without_empty_placeholders(rows),
        number=page,
        has_previous=page > 1,
        has_next=has_next,
    )


def page_of_comment(comment: Comment) -> int:
    """Which page of its story's discussion shows ``comment``."""
    earlier_threads = Comment.objects.filter(
        article_id=comment.article_id, depth=0, number__lt=comment.thread_number
    ).count()
    return earlier_threads // settings.MASTHEAD_THREADS_PER_PAGE + 1


def comment_url(comment: Comment) -> str:
    """Where comment ``#n`` is shown: its story's page that holds it, anchored at it."""
    page = page_of_comment(comment)
    query = f"?page={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#c-{comment.number}"


def _without_empty_placeholders(comments: list[ThreadItem]) -> list[ThreadItem]:
    """Drop removed comments that have nothing shown under them.

    A removed comment stays as a placeholder while some reply under it is shown; a
    removed comment with nothing under it is left out, so the thread shows only a gap
    in the numbers.
    """
    shown: list[ThreadItem] = []
    # Walk backwards: a removed comment is kept iff the next comment kept is inside it.
    next_kept_path = ""
    for comment in reversed(comments):
        if comment.is_removed and not is_ancestor_path(comment.path, next_kept_path):
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
