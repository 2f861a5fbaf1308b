"""Snippets of stored text as HTML, with the words that matched in ``<mark>``. Pure
functions: no Django, no database.

The databases return snippets with the matches between two private-use characters
(``MARK_START``/``MARK_END``; a reader's query never holds them, see
``query.clean_query``). Stored text is never trusted: everything is escaped first, and
only then do the markers become tags, balanced whatever the text holds (a comment
may contain the marker characters themselves: at worst a word is marked that did not
match).
"""

from __future__ import annotations

import html
import re

MARK_START = "\ue000"
MARK_END = "\ue001"
#: Between the pieces of a snippet cut from a longer text.
ELLIPSIS = "…"

_MARKERS = re.compile(f"([{MARK_START}{MARK_END}])")

# Markdown punctuation a snippet of a story's or comment's source would otherwise show.
# A link keeps its text; its address goes, even cut short at the snippet's end.
_LINK_OPEN = re.compile(r"!?\[")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")
_EMPHASIS = re.compile(r"\*{1,3}|_{2,3}|~~|`+")
_LINE_START = re.compile(r"^[ \t]*(?:#{1,6}|>|[-+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)


def marked_html(text: str) -> str:
    """``text`` escaped for HTML, with each marked span in ``<mark>`` (a stray marker
    is dropped; an unclosed span is closed at the end)."""
    out: list[str] = []
    inside = False
    for piece in _MARKERS.split(text):
        if piece == MARK_START:
            if not inside:
                out.append("<mark>")
            inside = True
        elif piece == MARK_END:
            if inside:
                out.append("</mark>")
            inside = False
        else:
            out.append(html.escape(piece))
    if inside:
        out.append("</mark>")
    return "".join(out)


def readable(text: str) -> str:
    """A snippet of Markdown source as a reader would read it: without link addresses,
    emphasis marks, heading and quote marks, and on one line."""
    text = _LINE_START.sub("", text)
    text = _LINK_TARGET.sub("", _LINK_OPEN.sub("", text))
    text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


def snippet_html(text: str) -> str:
    """A snippet of Markdown source as HTML with its matches marked."""
    return marked_html(readable(text))


def has_mark(text: str) -> bool:
    """Whether a snippet the database made holds a match at all (a text that did not
    match comes back as its first words)."""
    return MARK_START in text
