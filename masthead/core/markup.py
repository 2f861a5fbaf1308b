"""Markdown rendering and HTML sanitising, done once at write time.

Markdown is parsed with raw HTML off, then the HTML is cleaned by nh3 against a narrow
allow-list, so neither a parser bug nor a crafted link can put script on a page. Two
profiles: stories (written by editors) may use headings; comments get a smaller subset.

The parser is markdown-it-pyrs, the Rust port of markdown-it (the same rules, by the same
names, as markdown-it-py, which Masthead used first). It renders a short comment in about
4 µs where markdown-it-py took about 85: a twentieth of the CPU of posting a comment, and
most of the time of an import's rendering. Rendered and sanitised, the two agreed on every
text of the demo, the import fixtures and a set of edge cases, except one: a link to a
host name outside ASCII keeps the name percent-encoded instead of in punycode, which
browsers read as the same address.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import markdown_it_pyrs
import nh3

if TYPE_CHECKING:  # the stub's name for the rule names it accepts
    from markdown_it_pyrs.markdown_it_pyrs import _PLUGIN_NAME as Rule

LINK_REL = "nofollow ugc noopener noreferrer"
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_INLINE_TAGS = frozenset({"a", "em", "strong", "code", "br", "del", "s"})
_BLOCK_TAGS = frozenset({"p", "blockquote", "ul", "ol", "li", "pre", "hr"})


@dataclass(frozen=True)
class Profile:
    name: str
    tags: frozenset[str]
    disabled_rules: tuple[str, ...]
    link_rel: str
    #: Markdown "# Title" becomes <h2>: the page's only <h1> is the headline.
    demote_h1: bool = False
    #: Classes a link may carry: those the site adds after rendering (Markdown has no
    #: syntax for classes, so readers cannot set them).
    link_classes: frozenset[str] = frozenset()


COMMENT = Profile(
    name="comment",
    tags=_INLINE_TAGS | _BLOCK_TAGS,
    disabled_rules=("image", "heading", "lheading", "table", "html_block", "html_inline"),
    link_rel=LINK_REL,
    # "#12" and "@name" links, added by comments.references.
    link_classes=frozenset({"ref", "mention"}),
)
STORY = Profile(
    name="story",
    tags=_INLINE_TAGS | _BLOCK_TAGS | {"h2", "h3", "h4"},
    disabled_rules=("image", "table", "html_block", "html_inline"),
    link_rel="noopener noreferrer",
    demote_h1=True,
)


# markdown-it's "default" rule set (CommonMark, tables, strikethrough; no typographer, no
# linkify), from which each profile turns rules off. Raw HTML stays off whatever a
# profile says: it is not in this list.
_RULES: tuple[Rule, ...] = (
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
    "reference", "table",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
    "strikethrough",
)  # fmt: skip


@cache
def _parser(profile: Profile) -> markdown_it_pyrs.MarkdownIt:
    # Rules a profile leaves out keep their syntax as plain text.
    rules = [rule for rule in _RULES if rule not in profile.disabled_rules]
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(rules)


def sanitise_html(
    html: str,
    *,
    tags: frozenset[str],
    link_rel: str = LINK_REL,
    link_classes: frozenset[str] = frozenset(),
) -> str:
    """Clean an HTML fragment down to ``tags``, safe link schemes, ``link_rel`` and
    the ``link_classes`` on links."""
    return _cleaner(tags, link_rel, link_classes).clean(html)


@cache
def _cleaner(tags: frozenset[str], link_rel: str, link_classes: frozenset[str]) -> nh3.Cleaner:
    # Built once per allow-list: handing nh3 the sets on every call costs as much as
    # the cleaning itself.
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes=set(URL_SCHEMES),
        link_rel=link_rel,
        allowed_classes={"a": set(link_classes)} if link_classes else None,
        strip_comments=True,
    )


def render_markdown(text: str, *, profile: Profile = COMMENT) -> str:
    """Render Markdown source to sanitised HTML for storage beside the source."""
    html = _parser(profile).render(text)
    if profile.demote_h1:
        # Raw HTML is off, so "<h1>" in the output can only be a heading's own tag.
        html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitise_profile(html, profile=profile).strip()


def sanitise_profile(html: str, *, profile: Profile) -> str:
    """Clean an HTML fragment down to what ``profile`` allows (for HTML changed after
    ``render_markdown``, such as comments with their references linked)."""
    return sanitise_html(
        html, tags=profile.tags, link_rel=profile.link_rel, link_classes=profile.link_classes
    )
