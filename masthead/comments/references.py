"""Links inside a comment's text: ``#12`` to comment 12 of the same story, ``@name`` to
a member's profile.

Like the Markdown, they are made once, when a comment is posted or edited, and stored in
``body_html``: a thread page only prints what is stored. A reference links only to what
exists at that moment; numbers are never reused, so a link made once stays right.

The syntax, as the comment form explains it:

- ``#12``: comment 12 of this story (not inside a word, a URL, a link or code);
- ``@username``, ``@Display_Name`` (underscores for spaces) or ``@"Display Name"``:
  a member, by username or display name, ignoring case. Unknown names stay text.

The rewriting works on the sanitised HTML, on text nodes only (never inside ``<a>``,
``<code>`` or ``<pre>``), and the result is sanitised again with the comment profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import NamedTuple

from django.db.models import Q
from django.urls import reverse

from masthead.accounts.models import User
from masthead.accounts.names import name_keys
from masthead.articles.models import Article
from masthead.core.markup import COMMENT, render_markdown, sanitise_profile

from . import threading
from .models import Comment

__all__ = ["LinkedBody", "link_references", "quote_body", "render_comment_body"]

# Lookups per comment are bounded, so a comment made of a thousand "#1 #2 ..." costs
# two small queries like any other; references past these limits stay text.
MAX_NUMBERS = 50
MAX_NAMES = 20

# Not after a word character (page#12, 10#12), nor inside a URL path or query (/#12,
# ?a=#12, &#12), nor followed by more of a word (#12th).
_NUMBER = re.compile(r"(?<![\w/#&?=.:@+-])#([1-9][0-9]{0,8})(?![\w/])")
# Not after a word character either, so e-mail addresses (bob@example.com) stay text.
_NAME = re.compile(
    r"(?<![\w/#&?=.:@+-])@"
    r'(?:"(?P<quoted>[^"\n]{1,60})"|(?P<bare>\w(?:[\w.+-]{0,58}\w)?))'
)
_URL_START = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
# Where text is not the reader's prose but a link or code, nothing is rewritten.
_OPAQUE_TAGS = frozenset({"a", "code", "pre"})


class LinkedBody(NamedTuple):
    """A comment's HTML with references linked, and the members it mentions (the
    author may be among them: ``actions.save_mentions`` leaves them out)."""

    html: str
    mentioned_member_ids: frozenset[int]


def render_comment_body(*, article: Article, body: str) -> LinkedBody:
    """``body`` (Markdown) as sanitised HTML for storage, with ``#N`` and ``@name``
    linked (see ``link_references``). Reads: at most two queries, none for a text
    without ``#`` or ``@``."""
    return link_references(render_markdown(body, profile=COMMENT), article=article)


def link_references(html: str, *, article: Article) -> LinkedBody:
    """Link ``#N`` (comment N of ``article``, if it exists now) and ``@name`` (an
    active member) in the text nodes of ``html``, a fragment sanitised with the comment
    profile. Text inside links and code is left alone. At most two queries: one for the
    numbers, one for the names; none when there is nothing that looks like either."""
    if "#" not in html and "@" not in html:
        return LinkedBody(html, frozenset())  # most comments: no parsing at all
    segments = _segments(html)
    numbers: set[int] = set()
    names: dict[_NameKey, _Name] = {}
    for segment in segments:
        if segment.scan:
            for ref in _references(segment.text):
                if isinstance(ref, _NumberRef):
                    if len(numbers) < MAX_NUMBERS or ref.number in numbers:
                        numbers.add(ref.number)
                elif len(names) < MAX_NAMES or ref.name.key in names:
                    names[ref.name.key] = ref.name
    if not numbers and not names:
        return LinkedBody(html, frozenset())

    existing = _existing_numbers(article, numbers)
    members = _members_by_name(names.values())
    if not existing and not members:
        return LinkedBody(html, frozenset())

    parts: list[str] = []
    for segment in segments:
        if not segment.scan:
            parts.append(segment.raw)
            continue
        parts.append(
            _linked_text(segment.text, article=article, existing=existing, members=members)
        )
    return LinkedBody(
        sanitise_profile("".join(parts), profile=COMMENT),
        frozenset(member.id for member in members.values()),
    )


def quote_body(body: str) -> str:
    """``body`` (a comment's Markdown) as a Markdown block quote, followed by a blank
    line to write the answer after: what the "Quote" action puts in a reply."""
    quoted = "\n".join(f"> {line}".rstrip() for line in body.strip().splitlines())
    return f"{quoted}\n\n"


# Parsing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Segment:
    """A piece of the HTML: markup kept as it is (``raw``) or a text node (``text``,
    unescaped) that may hold references when ``scan``."""

    raw: str
    text: str = ""
    scan: bool = False


class _Splitter(HTMLParser):
    """Splits sanitised HTML into markup and text nodes, noting which text is inside a
    link or code. Tags are kept as written (nh3 wrote them); text is escaped again on
    output, since the parser decodes its character references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[_Segment] = []
        self._opaque = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _OPAQUE_TAGS:
            self._opaque += 1
        self.segments.append(_Segment(raw=self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.segments.append(_Segment(raw=self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in _OPAQUE_TAGS and self._opaque:
            self._opaque -= 1
        self.segments.append(_Segment(raw=f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.segments.append(
            _Segment(raw=escape(data, quote=False), text=data, scan=not self._opaque)
        )


def _segments(html: str) -> list[_Segment]:
    splitter = _Splitter()
    splitter.feed(html)
    splitter.close()
    return splitter.segments


_NameKey = tuple[bool, str]


@dataclass(frozen=True, slots=True)
class _Name:
    """A name as typed after ``@``; ``key`` tells names apart ignoring case and spacing
    (``@"Ann_Lee"`` and ``@Ann_Lee`` differ: only the second may mean "Ann Lee")."""

    typed: str
    quoted: bool

    @property
    def key(self) -> _NameKey:
        return (self.quoted, _fold(self.typed))

    def variants(self) -> tuple[str, ...]:
        """The folded names it may stand for, as typed first: ``@Ann_Lee`` is "ann_lee"
        (a username) or "ann lee"."""
        if not self.quoted and "_" in self.typed:
            return (_fold(self.typed), _fold(self.typed.replace("_", " ")))
        return (_fold(self.typed),)


@dataclass(frozen=True, slots=True)
class _NumberRef:
    start: int
    end: int
    number: int


@dataclass(frozen=True, slots=True)
class _NameRef:
    start: int
    end: int
    name: _Name


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _in_url(text: str, start: int) -> bool:
    """Whether position ``start`` is inside a bare URL (Markdown leaves those as text):
    the run of non-space characters before it starts with a scheme or "www."."""
    word_start = start
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    return _URL_START.search(text, word_start, start) is not None


def _references(text: str) -> Iterator[_NumberRef | _NameRef]:
    """The ``#N`` and ``@name`` in a text node, in order, not overlapping."""
    found: list[_NumberRef | _NameRef] = []
    if "#" in text:
        for match in _NUMBER.finditer(text):
            if not _in_url(text, match.start()):
                found.append(_NumberRef(match.start(), match.end(), int(match.group(1))))
    if "@" in text:
        for match in _NAME.finditer(text):
            if not _in_url(text, match.start()):
                quoted = match.group("quoted")
                name = _Name(typed=quoted or match.group("bare"), quoted=quoted is not None)
                if name.key[1]:
                    found.append(_NameRef(match.start(), match.end(), name))
    found.sort(key=lambda ref: ref.start)
    end = 0
    for ref in found:
        if ref.start >= end:  # a quoted name may hold a "#12": the name wins
            yield ref
            end = ref.end


# Lookups ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Member:
    id: int
    username: str


def _existing_numbers(article: Article, numbers: set[int]) -> frozenset[int]:
    wanted = [n for n in numbers if n <= threading.MAX_NUMBER]
    if not wanted:
        return frozenset()
    # Removed comments count: their number and place stay, and so does the link.
    return frozenset(
        Comment.objects.filter(article=article, number__in=wanted).values_list("number", flat=True)
    )


def _members_by_name(names: Iterable[_Name]) -> dict[_NameKey, _Member]:
    """Active members by the key of the name (``_Name.key``) that names them.

    A typed name matches a username or a display name, ignoring case, with the username
    first. One query on two unique columns: ``name_key`` (the public name's case-folded
    key, see ``accounts.names``) finds display names whatever their case or script,
    ``username`` finds usernames typed as stored or in lower case (sign-up makes them
    lower case). The key also matches look-alikes, so the match itself is made here.
    """
    names = list(names)
    if not names:
        return {}
    variants = {variant for name in names for variant in name.variants()}
    keys = {name_keys(variant)[0] for variant in variants} - {""}
    usernames = {name.typed for name in names} | {name.typed.lower() for name in names}
    rows = User.objects.filter(
        Q(name_key__in=keys) | Q(username__in=usernames), is_active=True
    ).values_list("id", "username", "display_name")
    by_username: dict[str, _Member] = {}
    by_display_name: dict[str, _Member] = {}
    for member_id, username, display_name in rows.order_by("id"):
        member = _Member(member_id, username)
        by_username.setdefault(_fold(username), member)
        if display_name:
            by_display_name.setdefault(_fold(display_name), member)
    found: dict[_NameKey, _Member] = {}
    for name in names:
        match = next(
            (
                table[variant]
                for table in (by_username, by_display_name)
                for variant in name.variants()
                if variant in table
            ),
            None,
        )
        if match is not None:
            found[name.key] = match
    return found


# Output -------------------------------------------------------------------------------


def _linked_text(
    text: str, *, article: Article, existing: frozenset[int], members: dict[_NameKey, _Member]
) -> str:
    parts: list[str] = []
    position = 0
    for ref in _references(text):
        if isinstance(ref, _NumberRef):
            if ref.number not in existing:
                continue
            url = reverse("comments:permalink", kwargs={"slug": article.slug, "number": ref.number})
            link = f'<a class="ref" href="{escape(url)}">#{ref.number}</a>'
        else:
            member = members.get(ref.name.key)
            if member is None:
                continue
            url = reverse("accounts:profile", kwargs={"username": member.username})
            link = f'<a class="mention" href="{escape(url)}">@{escape(ref.name.typed)}</a>'
        parts.append(escape(text[position : ref.start], quote=False))
        parts.append(link)
        position = ref.end
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)
