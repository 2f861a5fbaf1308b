"""What every search backend does, and the rows it answers with.

A backend runs three statements for the selectors: both tabs' counts in one, and one
page of story or comment rows. Rows carry the stored text with the matches between
``highlight.MARK_START`` and ``MARK_END``; turning them into HTML is the selectors'
job, the same for every database.

What readers may find is decided here, for every backend alike: stories that
``Article.objects.published()`` lets through (compiled into each statement, so the rule
lives in one place) and, under them, comments whose status is ``published`` (never
held, removed or deleted ones). No guest's e-mail address is ever selected.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, NamedTuple

from django.db.backends.base.base import BaseDatabaseWrapper

from masthead.articles.models import Article
from masthead.search.query import ParsedQuery


class StoryRow(NamedTuple):
    """A story that matched: ``headline`` and ``summary`` whole, ``snippet`` a piece of
    the body around its best match (or its first words when the body did not match)."""

    slug: str
    headline: str
    summary: str
    snippet: str
    section_slug: str
    section_name: str
    published_at: datetime


class CommentRow(NamedTuple):
    """A comment that matched, with its story and its author's names (``author_id``
    ``None``: a guest, or a member who deleted their account)."""

    number: int
    created_at: datetime
    author_id: int | None
    username: str | None
    display_name: str | None
    guest_name: str
    story_slug: str
    story_headline: str
    snippet: str


class SearchBackend(ABC):
    """Full-text search over one database connection."""

    vendor: str

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    @abstractmethod
    def count(self, query: ParsedQuery) -> tuple[int, int]:
        """How many stories and how many comments match ``query`` (one statement).
        ``query`` is not empty."""

    @abstractmethod
    def stories(self, query: ParsedQuery, *, limit: int, offset: int) -> list[StoryRow]:
        """One page of matching stories, best first (one statement)."""

    @abstractmethod
    def comments(self, query: ParsedQuery, *, limit: int, offset: int) -> list[CommentRow]:
        """One page of matching comments, best first (one statement)."""

    def rebuild(self) -> bool:
        """Index everything again from scratch where the index can fall behind; False
        where the database keeps its indexes itself."""
        return False

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())


def visible_stories() -> tuple[str, tuple[Any, ...]]:
    """SQL selecting the ids of the stories readers may see now, and its parameters."""
    sql, params = Article.objects.published().order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)
