"""Snippets as HTML: stored text escaped first, then matches marked, always balanced."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from masthead.search.highlight import (
    MARK_END,
    MARK_START,
    has_mark,
    marked_html,
    readable,
    snippet_html,
)


def _m(word: str) -> str:
    return f"{MARK_START}{word}{MARK_END}"


def test_text_is_escaped_before_marking() -> None:
    """Tags and entities in stored text come out as text; only ``<mark>`` is markup."""
    html = marked_html(f"<script>alert('x')</script> & {_m('<b>match</b>')}")
    assert html == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; "
        "<mark>&lt;b&gt;match&lt;/b&gt;</mark>"
    )


def test_stray_and_unclosed_markers_stay_balanced() -> None:
    """A marker stored in a comment cannot open a tag it never closes."""
    assert marked_html(f"{MARK_END}a {MARK_START}b {MARK_START}c") == "a <mark>b c</mark>"


def test_markdown_punctuation_is_left_out() -> None:
    """A snippet of Markdown reads as text: links keep their words, not addresses."""
    text = f"## Title\n> quoted **{_m('bold')}** and [a link](https://example.org/x) `code`"
    assert readable(text) == f"Title quoted {_m('bold')} and a link code"
    assert readable("cut short [here](https://exa…") == "cut short here"


def test_snippet_without_a_match_is_told_apart() -> None:
    """A database answers a field that did not match with its first words, unmarked."""
    assert has_mark(_m("x"))
    assert not has_mark("first words")
    assert snippet_html(f"*{_m('x')}*") == "<mark>x</mark>"


@given(st.text(alphabet=st.sampled_from(["<", ">", "&", '"', "'", "a", " ", MARK_START, MARK_END])))
def test_output_holds_no_markup_but_mark(text: str) -> None:
    """Whatever is stored, the only tags out are balanced ``<mark>`` pairs."""
    html = snippet_html(text)
    assert re.sub(r"</?mark>", "", html).count("<") == 0
    assert html.count("<mark>") == html.count("</mark>")
