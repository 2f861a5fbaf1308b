"""What a reader typed, made safe to search with. Pure functions: no Django, no database.

Any string comes in (10 KB of text, control characters, an unbalanced quote, FTS5's
own operators); what comes out is a ``ParsedQuery`` the backends can always run, or
one with nothing to search for. The syntax is PostgreSQL's ``websearch_to_tsquery``
on both databases: words (all must match), ``"a phrase"``, ``or`` between
alternatives and ``-word`` to leave a word out. Everything else is text.

It is read once, here, and written out for each database (``fts5_expression``,
``websearch_text``), so both give a query one meaning: PostgreSQL's own reading of
the raw text differs at the edges (``- "x"`` excludes ``x`` there; an alternative of
exclusions alone would match nearly everything, slowly).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: A query is cut to this many characters and this many terms; longer ones are not
#: searches a reader makes, and each term costs the database a look-up.
MAX_QUERY_CHARS = 200
MAX_TERMS = 20
# NFKC may lengthen a string (one ligature becomes several letters), so read a little
# more than is kept, but never all of a huge one.
_READ_AT_MOST = 4 * MAX_QUERY_CHARS

# A phrase in double quotes (the closing quote may be missing), or a run of anything
# else but spaces and quotes; either may start with "-" (leave it out).
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# A letter or a digit: a term without one (``*``, ``-``, an emoji) matches nothing.
_WORD_CHARACTER = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase (its words in order) as typed; ``negated``: must not match."""

    text: str
    negated: bool = False


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A cleaned query: ``text`` is what is shown back to the reader, ``alternatives``
    what it means: any one alternative matches when all of its terms do. An
    alternative always has a term that is not negated (a search for "not X" alone
    would match nearly everything)."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]

    @property
    def is_empty(self) -> bool:
        """Nothing to search for: no results, without asking the database."""
        return not self.alternatives


def clean_query(raw: str) -> str:
    """``raw`` in Unicode NFKC with control, format, private-use, surrogate and
    unassigned characters (NUL included) turned into spaces, runs of white space made
    one space, cut to ``MAX_QUERY_CHARS``."""
    text = unicodedata.normalize("NFKC", raw[:_READ_AT_MOST])
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS].rstrip()


def parse_query(raw: str) -> ParsedQuery:
    """Clean ``raw`` (``clean_query``) and read it as websearch syntax, keeping at most
    ``MAX_TERMS`` terms. Never raises."""
    text = clean_query(raw)
    alternatives: list[list[Term]] = [[]]
    terms = 0
    for match in _TOKEN.finditer(text):
        quoted = match.group(2) is not None
        negated = bool(match.group(1) if quoted else match.group(3))
        value = " ".join((match.group(2) if quoted else match.group(4)).split())
        if not quoted and not negated and value.lower() == "or":
            alternatives.append([])
            continue
        if not _WORD_CHARACTER.search(value):
            continue
        if terms == MAX_TERMS:
            break
        alternatives[-1].append(Term(value, negated))
        terms += 1
    return ParsedQuery(
        text=text,
        alternatives=tuple(
            tuple(alternative)
            for alternative in alternatives
            if any(not term.negated for term in alternative)
        ),
    )


def fts5_expression(query: ParsedQuery) -> str:
    """``query`` as an SQLite FTS5 query expression.

    Every term becomes an FTS5 string (in double quotes, a quote inside doubled), which
    FTS5 splits into words with the table's own tokenizer and matches as a phrase: so
    ``AND``, ``NEAR(``, ``*``, ``a:b`` and ``"`` typed by a reader are text, never
    syntax. An alternative is ``(w1 AND w2) NOT (n1 OR n2)``; alternatives are joined
    with ``OR``. Empty for an empty query (which must not reach FTS5).
    """
    parts = []
    for alternative in query.alternatives:
        wanted = " AND ".join(_fts5_string(t.text) for t in alternative if not t.negated)
        unwanted = " OR ".join(_fts5_string(t.text) for t in alternative if t.negated)
        parts.append(f"(({wanted}) NOT ({unwanted}))" if unwanted else f"({wanted})")
    return " OR ".join(parts)


def websearch_text(query: ParsedQuery) -> str:
    """``query`` in ``websearch_to_tsquery`` syntax, every term in double quotes:
    PostgreSQL splits a quoted term into words with the parser that made the
    documents' vectors (``example.com`` stays one host name, ``e-mail`` a phrase), and
    no operator is read from a reader's text but ``or`` and ``-`` as parsed here."""
    return " or ".join(
        " ".join(
            f'{"-" if term.negated else ""}"{term.text.replace(chr(34), " ")}"'
            for term in alternative
        )
        for alternative in query.alternatives
    )


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
