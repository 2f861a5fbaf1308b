"""Markdown is rendered once and sanitised: nothing executable reaches a page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from masthead.core.markup import COMMENT, STORY, Profile, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)">',
    "![x](https://evil.example/x.png)",
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
]


class _Tags(HTMLParser):
    """Collects the real elements of an HTML fragment (escaped text is not an element)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("profile", [COMMENT, STORY], ids=["comment", "story"])
@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markup_is_inert(source: str, profile: Profile) -> None:
    """Script tags, event handlers, javascript:/data: links and images never survive."""
    for tag, attrs in elements(render_markdown(source, profile=profile)):
        assert tag not in {"script", "iframe", "svg", "img", "style"}
        assert not [name for name in attrs if name.startswith("on")]
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.split(":", 1)[0] in {"http", "https", "mailto"}


def test_comment_links_get_ugc_rel() -> None:
    """Links in comments carry rel=nofollow ugc noopener noreferrer."""
    html = render_markdown("see [the filing](https://example.org/q2)")
    assert (
        '<a href="https://example.org/q2" rel="nofollow ugc noopener noreferrer">the filing</a>'
        in html
    )


def test_comment_subset_keeps_quotes_lists_and_code() -> None:
    """Comments keep paragraphs, emphasis, quotes, lists and code."""
    html = render_markdown("> quoted\n\n- *one*\n- **two**\n\n`x = 1`\n\n```\nblock\n```")
    expected = (
        "<blockquote>",
        "<li><em>one</em></li>",
        "<strong>two</strong>",
        "<code>x = 1</code>",
        "<pre><code>block",
    )
    for fragment in expected:
        assert fragment in html


def test_comment_headings_stay_text() -> None:
    """A comment cannot shout with a heading: '# x' stays a paragraph."""
    assert render_markdown("# Loud") == "<p># Loud</p>"


def test_story_headings_start_below_the_headline() -> None:
    """A story's '# Title' becomes <h2>, since the page's <h1> is the headline."""
    html = render_markdown("# Part one\n\n## Detail", profile=STORY)
    assert "<h1" not in html
    assert "<h2>Part one</h2>" in html


def test_raw_html_is_escaped_not_interpreted() -> None:
    """Raw HTML is shown as text, not rendered."""
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"
