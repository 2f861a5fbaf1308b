"""Markdown rendering and HTML sanitising, done once at write time.

Markdown is parsed with raw HTML off, then the HTML is cleaned by nh3 against a narrow
allow-list, so neither a parser bug nor a crafted link can put script on a page. Two
profiles: stories (written by editors) may use headings; comments get a smaller subset.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import nh3
from markdown_it import MarkdownIt

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


@cache
def _parser(profile: Profile) -> MarkdownIt:
    # "js-default" has html off; disabling rules keeps unwanted syntax as plain text.
    return MarkdownIt("js-default").disable(list(profile.disabled_rules), ignoreInvalid=True)


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
    parser = _parser(profile)
    env: dict[str, object] = {}
    tokens = parser.parse(text, env)
    if profile.demote_h1:
        for token in tokens:
            if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
                token.tag = "h2"
    html = parser.renderer.render(tokens, parser.options, env)
    return sanitise_profile(html, profile=profile).strip()


def sanitise_profile(html: str, *, profile: Profile) -> str:
    """Clean an HTML fragment down to what ``profile`` allows (for HTML changed after
    ``render_markdown``, such as comments with their references linked)."""
    return sanitise_html(
        html, tags=profile.tags, link_rel=profile.link_rel, link_classes=profile.link_classes
    )
