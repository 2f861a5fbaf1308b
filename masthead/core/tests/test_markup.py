"""Markdown is rendered once and sanitised: nothing executable reaches a page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from masthead.core.markup import COMMENT, STORY, Profile, render_markdown, sanitise_profile

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


# The comment subset, pinned: what issue 5 promises readers and nothing more. ----------

COMMENT_SAMPLE = """\
A paragraph with *emphasis*, **strong**, ~~struck~~ and `code`,
a [link](https://example.org/a "title"), <https://example.org/b> and <ann@example.org>.

> a quote
> > nested

1. one
2. two

3. three

- bullet
  - nested bullet

```python
def f(x): return x < 1
```

    indented code

---

line\\
break
"""


def test_comment_subset_is_exactly_the_promised_tags() -> None:
    """Comments allow paragraphs, emphasis, links, quotes, lists, inline code and code
    blocks (plus line breaks, strikethrough and rules), and no other element."""
    assert COMMENT.tags == {
        "p", "br", "hr", "em", "strong", "del", "s", "a", "blockquote",
        "ul", "ol", "li", "code", "pre",
    }  # fmt: skip
    seen = {tag for tag, _ in elements(render_markdown(COMMENT_SAMPLE))}
    assert seen == COMMENT.tags - {"del"}  # "~~x~~" renders as <s>


def test_comment_link_rel_is_exactly_ugc() -> None:
    """Every link in a comment, written or auto-linked, has rel exactly
    "nofollow ugc noopener noreferrer", and keeps only href and title."""
    links = [attrs for tag, attrs in elements(render_markdown(COMMENT_SAMPLE)) if tag == "a"]
    assert [a["href"] for a in links] == [
        "https://example.org/a",
        "https://example.org/b",
        "mailto:ann@example.org",
    ]
    for attrs in links:
        assert attrs["rel"] == "nofollow ugc noopener noreferrer"
        assert set(attrs) <= {"href", "title", "rel"}


def test_comment_code_blocks_keep_text_and_drop_language_class() -> None:
    """Fenced and indented code render as <pre><code> with the text escaped; the
    fence's language is not kept as a class."""
    html = render_markdown("```python\nx < 1\n```\n\n    y > 2")
    assert html == "<pre><code>x &lt; 1\n</code></pre>\n<pre><code>y &gt; 2\n</code></pre>"


def test_comment_ordered_list_keeps_its_start() -> None:
    """A list that starts at 3 says so (start is the only list attribute kept)."""
    assert render_markdown("3. c\n4. d").startswith('<ol start="3">\n<li>c</li>')


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Loud", "<p># Loud</p>"),
        ("###### Quiet", "<p>###### Quiet</p>"),
        ("Loud\n====", "<p>Loud\n====</p>"),
        ("Loud\n----", "<p>Loud</p>\n<hr>"),
    ],
)
def test_comment_headings_of_any_kind_stay_text(source: str, expected: str) -> None:
    """Neither "#" nor underlined headings make a heading in a comment (the page has
    one <h1>, the headline); "----" under text is a rule."""
    assert render_markdown(source) == expected


def test_comment_images_are_never_images() -> None:
    """Image syntax gives at most a link to the picture, never an <img>."""
    html = render_markdown("![chart](https://example.org/c.png)")
    assert "<img" not in html
    assert elements(html) == [
        ("p", {}),
        ("a", {"href": "https://example.org/c.png", "rel": "nofollow ugc noopener noreferrer"}),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "<div>block</div>",
        "<b>inline</b>",
        "<!-- comment -->",
        '<a href="https://example.org">raw link</a>',
        "<details open><summary>x</summary></details>",
    ],
)
def test_comment_raw_html_is_text(source: str) -> None:
    """Raw HTML, block or inline, is shown as the text typed: no element comes of it."""
    assert elements(render_markdown(source)) == [("p", {})]


def test_comment_tables_stay_text() -> None:
    """Tables are not part of the comment subset."""
    assert "<table" not in render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")


def test_only_the_sites_link_classes_survive() -> None:
    """Links may carry the classes the site adds to comments ("ref", "mention"), no
    other; stories allow none."""
    html = '<a class="ref evil" href="/story/x/comments/1/">#1</a>'
    assert 'class="ref"' in sanitise_profile(html, profile=COMMENT)
    assert "evil" not in sanitise_profile(html, profile=COMMENT)
    assert "class=" not in sanitise_profile(html, profile=STORY)
