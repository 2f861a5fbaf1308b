"""Reading what a reader typed: websearch syntax, limits, and FTS5 expressions that
SQLite always accepts (checked against a real FTS5 table, whatever the database)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masthead.search import schema
from masthead.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    Term,
    clean_query,
    fts5_expression,
    parse_query,
    websearch_text,
)

HOSTILE = ['"unbalanced', "AND", "OR NOT", "*", "NEAR(", "a:b", "-", "\x00\x01", "😀🎉", ""]


@pytest.fixture(scope="module")
def fts5() -> Iterator[sqlite3.Connection]:
    """An in-memory FTS5 table with the index's own tokenizer and a few rows."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{schema.TOKENIZER}')")
    db.executemany(
        "INSERT INTO t(body) VALUES (?)",
        [("Elections were held and the results are in",), ("a:b near the cafe",)],
    )
    yield db
    db.close()


def _match(db: sqlite3.Connection, raw: str) -> list[int]:
    query = parse_query(raw)
    if query.is_empty:
        return []
    return [
        r for (r,) in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_expression(query),))
    ]


def test_words_must_all_match() -> None:
    """Words are one alternative: each must match."""
    assert parse_query("sony  phones").alternatives == ((Term("sony"), Term("phones")),)


def test_quoted_phrase_and_unbalanced_quote() -> None:
    """A phrase is one term; an unclosed quote runs to the end."""
    assert parse_query('"record sales" sony').alternatives == (
        (Term("record sales"), Term("sony")),
    )
    assert parse_query('"unbalanced quote').alternatives == ((Term("unbalanced quote"),),)


def test_or_separates_alternatives() -> None:
    """``or`` (any case) between terms makes alternatives; a stray one is ignored."""
    assert parse_query("sony OR nokia or").alternatives == ((Term("sony"),), (Term("nokia"),))
    assert parse_query("or").is_empty


def test_minus_leaves_a_word_out() -> None:
    """``-word`` must not match; an alternative of exclusions alone is dropped."""
    assert parse_query("phone -xperia").alternatives == (
        (Term("phone"), Term("xperia", negated=True)),
    )
    assert parse_query("-xperia").is_empty


@pytest.mark.parametrize("raw", ["*", "-", '"', "😀", "** -- ::", "\x00\x01", ""])
def test_symbols_alone_are_nothing_to_search(raw: str) -> None:
    """A query without a letter or digit searches nothing."""
    assert parse_query(raw).is_empty


def test_control_characters_become_spaces() -> None:
    """NUL, controls, format and private-use characters never reach a database."""
    assert clean_query("sony\x00phones\x01\u200b\ue000 now\n") == "sony phones now"


def test_query_is_cut_to_its_limits() -> None:
    """At most 200 characters and 20 terms, from 10 KB of text too."""
    huge = "word " * 2048
    assert len(clean_query(huge)) <= MAX_QUERY_CHARS
    query = parse_query(huge)
    assert sum(len(a) for a in query.alternatives) == MAX_TERMS


def test_fts5_expression_quotes_every_term() -> None:
    """Operators a reader types are strings to FTS5, never syntax."""
    query = parse_query('AND NEAR( a:b -"x y" or "quo""te')
    assert fts5_expression(query) == (
        '(("AND" AND "NEAR(" AND "a:b") NOT ("x y")) OR ("quo" AND "te")'
    )


def test_websearch_text_quotes_every_term() -> None:
    """PostgreSQL gets the same reading: terms quoted, ``or`` and ``-`` as parsed here
    (its own reading of ``- "x"`` would exclude ``x``)."""
    query = parse_query('* - "NEAR(" example.com -e-mail or AND')
    assert websearch_text(query) == '"NEAR(" "example.com" -"e-mail" or "AND"'


def test_fts5_matches_like_the_index(fts5: sqlite3.Connection) -> None:
    """Stems match (``election`` finds "Elections"), punctuation splits words, and a
    prefix alone does not match."""
    assert _match(fts5, "election") == [1]
    assert _match(fts5, "a:b") == [2]
    assert _match(fts5, "café") == [2]
    assert _match(fts5, "elect or cafe") == [1, 2]
    assert _match(fts5, "resul") == []


@pytest.mark.parametrize("raw", [*HOSTILE, "x" * 10_240])
def test_hostile_queries_are_valid_fts5(fts5: sqlite3.Connection, raw: str) -> None:
    """The queries that break naive FTS5 searches run."""
    _match(fts5, raw)


@given(st.text())
def test_any_string_is_a_valid_fts5_query(raw: str) -> None:
    """Whatever is typed, SQLite accepts the expression (no syntax error)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{schema.TOKENIZER}')")
    _match(db, raw)
    db.close()


@given(st.text(alphabet=st.sampled_from('ab "-*:()^+OR NEAR AND\x00'), max_size=60))
def test_operator_soup_is_a_valid_fts5_query(raw: str) -> None:
    """Strings made of FTS5's own operators run too."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{schema.TOKENIZER}')")
    _match(db, raw)
    db.close()


@given(st.text(max_size=3000))
def test_any_string_parses_within_limits(raw: str) -> None:
    """Parsing never raises; the text kept is short and free of control characters."""
    query = parse_query(raw)
    assert len(query.text) <= MAX_QUERY_CHARS
    assert not any(ch in query.text for ch in "\x00\x01\x1f\x7f\ue000\ue001")
    assert sum(len(a) for a in query.alternatives) <= MAX_TERMS
    assert all(any(not t.negated for t in a) for a in query.alternatives)
