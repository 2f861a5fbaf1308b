"""HTML for comments, built in Python rather than one template include per comment.

A thread of a thousand comments is rendered on every cold story page, so this is the
hot path: plain string building over values that are already safe (``body_html`` was
sanitised at write time) or escaped here. The markup is the one contract the CSS, the
live-update script and the tests rely on:

    <li class="comment dN" id="c-N"> header, when, body, actions </li>
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

REMOVED_TEXT = "This comment was removed by a moderator."


class Author(Protocol):
    @property
    def public_name(self) -> str: ...
    @property
    def post_count(self) -> int: ...
    @property
    def date_joined(self) -> datetime: ...


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
    def is_removed(self) -> bool: ...
    @property
    def author(self) -> Author | None: ...


def _when(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%b} {local.day}, {local:%Y, %H:%M}"


def _author(comment: Renderable) -> str:
    author = comment.author
    if author is not None:
        return (
            f'<span class="comment__author">{escape(author.public_name)}</span> '
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


def render_comment(comment: Renderable, *, reply_prefix: str = "") -> str:
    """One comment as an ``<li>``; ``reply_prefix`` (the story's comments URL) adds a
    Reply link, leave it empty where replying makes no sense (print, previews)."""
    n = comment.number
    if comment.is_removed:
        return (
            f'<li class="comment d{comment.depth} comment--removed" id="c-{n}" '
            f'data-path="{comment.path}">'
            f'<p class="comment__placeholder"><a class="comment__number" href="#c-{n}">#{n}</a> '
            f"{REMOVED_TEXT}</p></li>"
        )
    reply_to = (
        f' · <a class="comment__reply-to" href="#c-{comment.reply_to_number}">'
        f"in reply to #{comment.reply_to_number}</a>"
        if comment.reply_to_number
        else ""
    )
    actions = (
        f'<p class="comment__actions"><a href="{reply_prefix}{n}/reply/#comment-form" '
        f'rel="nofollow">Reply</a></p>'
        if reply_prefix
        else ""
    )
    return (
        f'<li class="comment d{comment.depth}" id="c-{n}" data-path="{comment.path}">'
        f'<header class="comment__head"><a class="comment__number" href="#c-{n}">#{n}</a> '
        f"{_author(comment)}</header>"
        f'<p class="comment__when"><time datetime="{comment.created_at.isoformat()}">'
        f"{_when(comment.created_at)}</time>{reply_to}</p>"
        f'<div class="comment__body prose">{comment.body_html}</div>'
        f"{actions}</li>\n"
    )


def render_comments(comments: Iterable[Renderable], *, reply_prefix: str = "") -> SafeString:
    """The ``<li>`` items of a thread (or a slice of one), in the order given."""
    return mark_safe(  # noqa: S308 - every part is escaped above or sanitised at write time
        "".join(render_comment(c, reply_prefix=reply_prefix) for c in comments)
    )
