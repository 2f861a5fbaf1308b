"""Reads for readers' search of stories and comments, on whichever database is in use
(``backends``). A search page costs two queries, both tabs' counts and one page of
hits, whatever the query; an empty one (nothing but ``*``, say) costs none.

Every snippet is HTML made here from stored text: escaped first, then the matches put
in ``<mark>`` (``highlight``), so no stored text is ever trusted as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from . import highlight
from .backends import CommentRow, StoryRow, get_backend
from .query import ParsedQuery, parse_query

PER_PAGE = 20
TABS: dict[str, str] = {"stories": "Stories", "comments": "Comments"}

H = TypeVar("H")


@dataclass(frozen=True, slots=True)
class StoryHit:
    """A story found: its headline and summary with the matches marked, and a snippet
    of its body when the body matched (else empty)."""

    url: str
    headline_html: SafeString
    summary_html: SafeString
    snippet_html: SafeString
    section_name: str
    section_url: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class CommentHit:
    """A comment found, linking to its permalink: its story, number, author and a
    snippet. ``author_name`` is a member's public name (``author_url`` their profile)
    or a guest's typed name (``is_guest``: shown "unregistered"); empty for a member
    who has left."""

    url: str
    number: int
    story_headline: str
    story_url: str
    author_name: str
    author_url: str
    is_guest: bool
    created_at: datetime
    snippet_html: SafeString


@dataclass(frozen=True, slots=True)
class ResultPage(Generic[H]):
    """Page ``number`` (from 1) of ``total`` hits, ``PER_PAGE`` a page."""

    hits: list[H]
    total: int
    number: int = 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def first_index(self) -> int:
        """The position of the page's first hit among all of them (1-based)."""
        return (self.number - 1) * PER_PAGE + 1 if self.hits else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.hits) - 1 if self.hits else 0


@dataclass(frozen=True, slots=True)
class SearchCounts:
    """How many stories and comments a query finds (the tabs' counts)."""

    stories: int = 0
    comments: int = 0


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A search page: the query as understood, the tab shown, both tabs' counts and
    the tab's page of hits."""

    query: ParsedQuery
    tab: str
    counts: SearchCounts
    page: ResultPage[StoryHit] | ResultPage[CommentHit]


def search(*, query: str, tab: str = "", page: int = 1) -> SearchResults:
    """Search for ``query`` (anything a reader typed) and answer page ``page`` of the
    ``tab`` tab ("stories" or "comments"; any other value picks stories, or comments
    when only comments match). A page past the end is the last page. Two queries; none
    when the query has nothing to search for."""
    parsed = parse_query(query)
    counts = search_counts(parsed)
    if tab not in TABS:
        tab = "comments" if counts.comments and not counts.stories else "stories"
    result_page: ResultPage[StoryHit] | ResultPage[CommentHit]
    if tab == "comments":
        result_page = search_comments(parsed, page, total=counts.comments)
    else:
        result_page = search_stories(parsed, page, total=counts.stories)
    return SearchResults(parsed, tab, counts, result_page)


def search_counts(query: str | ParsedQuery) -> SearchCounts:
    """How many visible stories and comments match ``query`` (one query)."""
    parsed = _parsed(query)
    if parsed.is_empty:
        return SearchCounts()
    stories, comments = get_backend().count(parsed)
    return SearchCounts(stories, comments)


def search_stories(
    query: str | ParsedQuery, page: int = 1, *, total: int | None = None
) -> ResultPage[StoryHit]:
    """Page ``page`` of the published stories matching ``query``, best first (a
    headline match before a body match). Pass ``total`` when the count is known (one
    query instead of two)."""
    parsed = _parsed(query)
    if total is None:
        total = search_counts(parsed).stories
    number = _page_within(page, total)
    if not total:
        return ResultPage([], 0)
    rows = get_backend().stories(parsed, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    return ResultPage([_story_hit(row) for row in rows], total, number)


def search_comments(
    query: str | ParsedQuery, page: int = 1, *, total: int | None = None
) -> ResultPage[CommentHit]:
    """Page ``page`` of the published comments on published stories matching
    ``query``, best first. Pass ``total`` when the count is known."""
    parsed = _parsed(query)
    if total is None:
        total = search_counts(parsed).comments
    number = _page_within(page, total)
    if not total:
        return ResultPage([], 0)
    rows = get_backend().comments(parsed, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    return ResultPage([_comment_hit(row) for row in rows], total, number)


def _parsed(query: str | ParsedQuery) -> ParsedQuery:
    return query if isinstance(query, ParsedQuery) else parse_query(query)


def _page_within(page: int, total: int) -> int:
    return min(max(page, 1), max(1, -(-total // PER_PAGE)))


def _html(text: str) -> SafeString:
    return mark_safe(text)  # noqa: S308 - made by highlight, which escapes everything first


def _story_hit(row: StoryRow) -> StoryHit:
    return StoryHit(
        url=reverse("articles:detail", kwargs={"slug": row.slug}),
        headline_html=_html(highlight.marked_html(row.headline)),
        summary_html=_html(highlight.marked_html(row.summary)),
        snippet_html=_html(
            highlight.snippet_html(row.snippet) if highlight.has_mark(row.snippet) else ""
        ),
        section_name=row.section_name,
        section_url=reverse("articles:section", kwargs={"slug": row.section_slug}),
        published_at=row.published_at,
    )


def _comment_hit(row: CommentRow) -> CommentHit:
    author_name, author_url = "", ""
    if row.author_id is not None and row.username is not None:
        author_name = row.display_name or row.username
        author_url = reverse("accounts:profile", kwargs={"username": row.username})
    elif row.guest_name:
        author_name = row.guest_name
    return CommentHit(
        url=reverse("comments:permalink", kwargs={"slug": row.story_slug, "number": row.number}),
        number=row.number,
        story_headline=row.story_headline,
        story_url=reverse("articles:detail", kwargs={"slug": row.story_slug}),
        author_name=author_name,
        author_url=author_url,
        is_guest=row.author_id is None and bool(row.guest_name),
        created_at=row.created_at,
        snippet_html=_html(highlight.snippet_html(row.snippet)),
    )
