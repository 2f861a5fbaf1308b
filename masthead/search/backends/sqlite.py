"""SQLite: FTS5 tables ``search_story`` and ``search_comment`` (see ``schema``), queried
with an FTS5 expression built from the parsed query (``query.fts5_expression``: every
term a quoted string, so a reader's text is never FTS5 syntax).

Comment text reaches the index in batches (``schema``); ``count``, which every search
runs first, indexes whatever is still queued before it counts.

Ranking is bm25, a headline match weighing ten times a body match and a summary four
times; ties go to the newer. Each page is found first (row ids and ranks only) and
only its 20 rows get ``snippet()``/``highlight()``: SQLite would otherwise compute a
snippet for every match before sorting. ``CROSS JOIN`` makes SQLite start from the
full-text match rather than from every published comment.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from masthead.core.db import write_transaction
from masthead.search import schema
from masthead.search.highlight import ELLIPSIS, MARK_END, MARK_START
from masthead.search.query import ParsedQuery, fts5_expression

from .base import CommentRow, SearchBackend, StoryRow, visible_stories

# Words in a snippet (FTS5 allows up to 64).
STORY_SNIPPET_WORDS = 32
COMMENT_SNIPPET_WORDS = 40
# bm25 weights of headline, summary and body.
STORY_WEIGHTS = "10.0, 4.0, 1.0"

COUNT_SQL = f"""
SELECT
  (SELECT count(*) FROM search_story
   WHERE search_story MATCH %s AND search_story.rowid IN ({{visible}})),
  (SELECT count(*) FROM search_comment
   CROSS JOIN {schema.COMMENT_TABLE} c ON c.id = search_comment.rowid
   WHERE search_comment MATCH %s AND c.status = '{schema.PUBLISHED}'
     AND c.article_id IN ({{visible}})),
  EXISTS (SELECT 1 FROM {schema.PENDING_TABLE})
"""

STORIES_SQL = f"""
WITH page AS (
  SELECT search_story.rowid AS id, bm25(search_story, {STORY_WEIGHTS}) AS score,
         a.published_at AS published_at
  FROM search_story CROSS JOIN {schema.STORY_TABLE} a ON a.id = search_story.rowid
  WHERE search_story MATCH %s AND a.id IN ({{visible}})
  ORDER BY score, published_at DESC, id DESC
  LIMIT %s OFFSET %s
)
SELECT a.slug, highlight(search_story, 0, %s, %s), highlight(search_story, 1, %s, %s),
       snippet(search_story, 2, %s, %s, %s, {STORY_SNIPPET_WORDS}),
       s.slug, s.name, a.published_at
FROM page
CROSS JOIN search_story ON search_story.rowid = page.id
CROSS JOIN {schema.STORY_TABLE} a ON a.id = page.id
JOIN {schema.SECTION_TABLE} s ON s.id = a.section_id
WHERE search_story MATCH %s
ORDER BY page.score, page.published_at DESC, page.id DESC
"""

COMMENTS_SQL = f"""
WITH page AS (
  SELECT search_comment.rowid AS id, bm25(search_comment) AS score,
         c.created_at AS created_at
  FROM search_comment CROSS JOIN {schema.COMMENT_TABLE} c ON c.id = search_comment.rowid
  WHERE search_comment MATCH %s AND c.status = '{schema.PUBLISHED}'
    AND c.article_id IN ({{visible}})
  ORDER BY score, created_at DESC, id DESC
  LIMIT %s OFFSET %s
)
SELECT c.number, c.created_at, c.author_id, u.username, u.display_name, c.guest_name,
       a.slug, a.headline, snippet(search_comment, 0, %s, %s, %s, {COMMENT_SNIPPET_WORDS})
FROM page
CROSS JOIN search_comment ON search_comment.rowid = page.id
CROSS JOIN {schema.COMMENT_TABLE} c ON c.id = page.id
JOIN {schema.STORY_TABLE} a ON a.id = c.article_id
LEFT JOIN {schema.USER_TABLE} u ON u.id = c.author_id
WHERE search_comment MATCH %s
ORDER BY page.score, page.created_at DESC, page.id DESC
"""

_MARKS = (MARK_START, MARK_END)


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def count(self, query: ParsedQuery) -> tuple[int, int]:
        """Also folds comments still queued for the index into it, first (``schema``:
        new text is indexed in batches), so that every search finds them: the count
        says whether any are queued, and if so they are indexed and it runs again."""
        match = fts5_expression(query)
        visible, params = visible_stories()
        sql, args = COUNT_SQL.format(visible=visible), (match, *params, match, *params)
        [(stories, comments, pending)] = self._fetch(sql, args)
        if pending:
            with write_transaction():
                schema.flush_pending(self.connection)
            [(stories, comments, pending)] = self._fetch(sql, args)
        return int(stories), int(comments)

    def stories(self, query: ParsedQuery, *, limit: int, offset: int) -> list[StoryRow]:
        match = fts5_expression(query)
        visible, params = visible_stories()
        rows = self._fetch(
            STORIES_SQL.format(visible=visible),
            (match, *params, limit, offset, *_MARKS, *_MARKS, *_MARKS, ELLIPSIS, match),
        )
        return [StoryRow._make((*row[:6], _aware(row[6]))) for row in rows]

    def comments(self, query: ParsedQuery, *, limit: int, offset: int) -> list[CommentRow]:
        match = fts5_expression(query)
        visible, params = visible_stories()
        rows = self._fetch(
            COMMENTS_SQL.format(visible=visible),
            (match, *params, limit, offset, *_MARKS, ELLIPSIS, match),
        )
        return [CommentRow._make((row[0], _aware(row[1]), *row[2:])) for row in rows]

    def rebuild(self) -> bool:
        schema.rebuild(self.connection)
        return True


def _aware(value: Any) -> datetime:
    """A datetime column read by a raw query: SQLite gives it back naive (UTC), or as
    text when the column's type is lost in a subquery."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(parsed, datetime):
        raise TypeError(f"not a datetime: {value!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
