"""PostgreSQL: GIN expression indexes over ``to_tsvector('english', ...)`` (see
``schema``), queried with ``websearch_to_tsquery`` over the parsed query written back
in its syntax (``query.websearch_text``: cleaned, at most 20 terms, each quoted). A
query that is left with exclusions alone once PostgreSQL drops its stop words
(``the -xperia``) cannot use an index (``querytree`` says ``T``) and would match nearly
everything: it matches nothing instead.

Ranking is ``ts_rank`` over the weighted story document (headline A, summary B, body
C) or the comment's; ties go to the newer. Only the page's 20 rows get ``ts_headline``,
with private-use characters as StartSel/StopSel that the selectors turn into ``<mark>``
after escaping everything (``ts_headline`` itself escapes nothing).
"""

from __future__ import annotations

from masthead.search import schema
from masthead.search.highlight import ELLIPSIS, MARK_END, MARK_START
from masthead.search.query import ParsedQuery, websearch_text

from .base import CommentRow, SearchBackend, StoryRow, visible_stories

_TSQUERY = "websearch_to_tsquery('english'::regconfig, %s)"
_STORY = schema.story_vector("a.")
_COMMENT = schema.comment_vector("c.")

# ts_headline's options: headline and summary whole; up to two pieces of a story's
# body, each centred on a match; a comment whole when short (most are), else the words
# from its best match on.
_MARKS = f"StartSel={MARK_START}, StopSel={MARK_END}"
WHOLE_FIELD = f"{_MARKS}, HighlightAll=true"
STORY_SNIPPET = (
    f'{_MARKS}, MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
)
COMMENT_SNIPPET = f"{_MARKS}, MaxWords=40, MinWords=15"

_SEARCHABLE = "querytree(query) <> 'T'"

COUNT_SQL = f"""
SELECT
  (SELECT count(*) FROM {schema.STORY_TABLE} a, {_TSQUERY} query
   WHERE {_SEARCHABLE} AND {_STORY} @@ query AND a.id IN ({{visible}})),
  (SELECT count(*) FROM {schema.COMMENT_TABLE} c, {_TSQUERY} query
   WHERE {_SEARCHABLE} AND {_COMMENT} @@ query AND c.status = '{schema.PUBLISHED}'
     AND c.article_id IN ({{visible}}))
"""

STORIES_SQL = f"""
WITH page AS (
  SELECT a.id, ts_rank({_STORY}, query) AS score, a.published_at
  FROM {schema.STORY_TABLE} a, {_TSQUERY} query
  WHERE {_SEARCHABLE} AND {_STORY} @@ query AND a.id IN ({{visible}})
  ORDER BY score DESC, a.published_at DESC, a.id DESC
  LIMIT %s OFFSET %s
)
SELECT a.slug,
       ts_headline('english'::regconfig, a.headline, query, %s),
       ts_headline('english'::regconfig, a.summary, query, %s),
       ts_headline('english'::regconfig, a.body, query, %s),
       s.slug, s.name, a.published_at
FROM page
JOIN {schema.STORY_TABLE} a ON a.id = page.id
JOIN {schema.SECTION_TABLE} s ON s.id = a.section_id
CROSS JOIN {_TSQUERY} query
ORDER BY page.score DESC, page.published_at DESC, page.id DESC
"""

COMMENTS_SQL = f"""
WITH page AS (
  SELECT c.id, ts_rank({_COMMENT}, query) AS score, c.created_at
  FROM {schema.COMMENT_TABLE} c, {_TSQUERY} query
  WHERE {_SEARCHABLE} AND {_COMMENT} @@ query AND c.status = '{schema.PUBLISHED}'
    AND c.article_id IN ({{visible}})
  ORDER BY score DESC, c.created_at DESC, c.id DESC
  LIMIT %s OFFSET %s
)
SELECT c.number, c.created_at, c.author_id, u.username, u.display_name, c.guest_name,
       a.slug, a.headline, ts_headline('english'::regconfig, c.body, query, %s)
FROM page
JOIN {schema.COMMENT_TABLE} c ON c.id = page.id
JOIN {schema.STORY_TABLE} a ON a.id = c.article_id
LEFT JOIN {schema.USER_TABLE} u ON u.id = c.author_id
CROSS JOIN {_TSQUERY} query
ORDER BY page.score DESC, page.created_at DESC, page.id DESC
"""


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def count(self, query: ParsedQuery) -> tuple[int, int]:
        text, (visible, params) = websearch_text(query), visible_stories()
        [(stories, comments)] = self._fetch(
            COUNT_SQL.format(visible=visible), (text, *params, text, *params)
        )
        return int(stories), int(comments)

    def stories(self, query: ParsedQuery, *, limit: int, offset: int) -> list[StoryRow]:
        text, (visible, params) = websearch_text(query), visible_stories()
        rows = self._fetch(
            STORIES_SQL.format(visible=visible),
            (text, *params, limit, offset, WHOLE_FIELD, WHOLE_FIELD, STORY_SNIPPET, text),
        )
        return [StoryRow._make(row) for row in rows]

    def comments(self, query: ParsedQuery, *, limit: int, offset: int) -> list[CommentRow]:
        text, (visible, params) = websearch_text(query), visible_stories()
        rows = self._fetch(
            COMMENTS_SQL.format(visible=visible),
            (text, *params, limit, offset, COMMENT_SNIPPET, text),
        )
        return [CommentRow._make(row) for row in rows]
