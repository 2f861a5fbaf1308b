"""HTML for comments, built in Python rather than one template include per comment.

A thread of a thousand comments is rendered on every cold story page, so this is the
hot path: plain string building over values that are already safe (``body_html`` was
sanitised at write time) or escaped here. The markup is the one contract the CSS, the
live-update script and the tests rely on:

    <li class="comment dN" id="c-N"> header, when, body, actions </li>

A member's name links to their profile and is followed by badges (Staff, Moderator,
and Author for the story's own writer); a guest's typed name is marked "unregistered".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

REMOVED_TEXT = "This comment was removed by a moderator."
DELETED_TEXT = "This comment was deleted by its author."
_PLACEHOLDER_TEXT = {"removed": REMOVED_TEXT, "deleted": DELETED_TEXT}


class Author(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def public_name(self) -> str: ...
    @property
    def post_count(self) -> int: ...
    @property
    def date_joined(self) -> datetime: ...
    @property
    def is_staff(self) -> bool: ...
    @property
    def is_moderator(self) -> bool: ...


class Renderable(Protocol):
    """What rendering needs of a comment: a ``Comment`` or a selector's ``ThreadItem``."""

    @property
    def number(self) -> int: ...
    @property
    def depth(self) -> int: ...
    @property
    def path(self) -> str: ...
    @property
    def reply_to_number(self) -> int | None: ...
    @property
    def guest_name(self) -> str: ...
    @property
    def body_html(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def author(self) -> Author | None: ...


def _when(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%b} {local.day}, {local:%Y, %H:%M}"


class _Profiles:
    """Profile URLs for one rendering, each member's reversed once."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}

    def url(self, username: str) -> str:
        url = self._urls.get(username)
        if url is None:
            url = self._urls[username] = reverse("accounts:profile", kwargs={"username": username})
        return url


def _badges(author: Author, *, is_byline: bool) -> str:
    badges = [
        '<span class="badge badge--staff">Staff</span>' if author.is_staff else "",
        '<span class="badge badge--moderator">Moderator</span>' if author.is_moderator else "",
        '<span class="badge badge--author">Author</span>' if is_byline else "",
    ]
    return "".join(f" {badge}" for badge in badges if badge)


def _author(comment: Renderable, *, byline_author_id: int | None, profiles: _Profiles) -> str:
    author = comment.author
    if author is not None:
        return (
            f'<a class="comment__author" href="{escape(profiles.url(author.username))}">'
            f"{escape(author.public_name)}</a>"
            f"{_badges(author, is_byline=author.id == byline_author_id)} "
            f'<span class="comment__facts">Posts: {author.post_count}; '
            f"Member since: {timezone.localtime(author.date_joined):%b %d, %Y}</span>"
        )
    if comment.guest_name:
        return (
            f'<span class="comment__author comment__author--guest">'
            f"{escape(comment.guest_name)}</span> "
            '<span class="comment__facts comment__facts--guest">unregistered</span>'
        )
    return '<span class="comment__author comment__author--deleted">deleted member</span>'


def render_comment(
    comment: Renderable,
    *,
    reply_prefix: str = "",
    byline_author_id: int | None = None,
    own: bool = False,
    profiles: _Profiles | None = None,
) -> str:
    """One comment as an ``<li>``; ``reply_prefix`` (the story's comments URL) adds a
    Reply link, leave it empty where replying makes no sense (print, previews). With
    ``reply_prefix``, ``own`` adds a Delete link (the reader's own comment, still in its
    edit window). ``byline_author_id`` (the story's writer) earns an Author badge."""
    n = comment.number
    placeholder = _PLACEHOLDER_TEXT.get(comment.status)
    if placeholder is not None:
        return (
            f'<li class="comment d{comment.depth} comment--{comment.status}" id="c-{n}" '
            f'data-path="{comment.path}">'
            f'<p class="comment__placeholder"><a class="comment__number" href="#c-{n}">#{n}</a> '
            f"{placeholder}</p></li>"
        )
    reply_to = (
        f' · <a class="comment__reply-to" href="#c-{comment.reply_to_number}">'
        f"in reply to #{comment.reply_to_number}</a>"
        if comment.reply_to_number
        else ""
    )
    delete = (
        f' <a class="comment__delete" href="{reply_prefix}{n}/delete/" rel="nofollow">Delete</a>'
        if own
        else ""
    )
    actions = (
        f'<p class="comment__actions"><a href="{reply_prefix}{n}/reply/#comment-form" '
        f'rel="nofollow">Reply</a>{delete}</p>'
        if reply_prefix
        else ""
    )
    author = _author(comment, byline_author_id=byline_author_id, profiles=profiles or _Profiles())
    return (
        f'<li class="comment d{comment.depth}" id="c-{n}" data-path="{comment.path}">'
        f'<header class="comment__head"><a class="comment__number" href="#c-{n}">#{n}</a> '
        f"{author}</header>"
        f'<p class="comment__when"><time datetime="{comment.created_at.isoformat()}">'
        f"{_when(comment.created_at)}</time>{reply_to}</p>"
        f'<div class="comment__body prose">{comment.body_html}</div>'
        f"{actions}</li>\n"
    )


def render_comments(
    comments: Iterable[Renderable],
    *,
    reply_prefix: str = "",
    byline_author_id: int | None = None,
    own: frozenset[int] = frozenset(),
) -> SafeString:
    """The ``<li>`` items of a thread (or a slice of one), in the order given. ``own``
    holds the numbers whose reader may still delete them (see ``render_comment``)."""
    profiles = _Profiles()
    return mark_safe(  # noqa: S308 - every part is escaped above or sanitised at write time
        "".join(
            render_comment(
                c,
                reply_prefix=reply_prefix,
                byline_author_id=byline_author_id,
                own=c.number in own,
                profiles=profiles,
            )
            for c in comments
        )
    )
