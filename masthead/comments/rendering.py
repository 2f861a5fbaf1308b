"""HTML for comments, built in Python rather than one template include per comment.

A thread of a thousand comments is rendered on every cold story page, so this is the
hot path: plain string building over values that are already safe (``body_html`` was
sanitised at write time) or escaped here. The markup is the one contract the CSS, the
live-update script and the tests rely on. A thread is nested lists, each comment a
``<details open>`` so that any subtree folds without JavaScript:

    <li class="comment dN" id="c-N" data-path="…"><details open class="comment__fold">
      <summary class="comment__head"> #N, author, badges </summary>
      when, body, votes, actions
      <ol class="replies"> replies, the same way </ol>
    </details></li>

Branches deeper than ``MASTHEAD_THREAD_DEPTH_SHOWN`` end in a "continue this thread"
link to a page of their own.

A member's name links to their profile and is followed by badges (Staff, Moderator,
and Author for the story's own writer); a guest's typed name is marked "unregistered".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from html import escape  # as django.utils.html.escape, without its lazy-string wrapper
from typing import Protocol
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from masthead.core.dates import iso8601

from .threading import PATH_WIDTH

REMOVED_TEXT = "This comment was removed by a moderator."
DELETED_TEXT = "This comment was deleted by its author."
HELD_NOTICE = (
    '<p class="comment__held" role="status">Waiting for review: only you can see this '
    "comment until a moderator approves it.</p>"
)
HELD_TEXT = "This comment is hidden while a moderator reviews it."
# "held": what selectors make of a held comment for readers other than its author.
_PLACEHOLDER_TEXT = {"removed": REMOVED_TEXT, "deleted": DELETED_TEXT, "held": HELD_TEXT}


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
    def edited_at(self) -> datetime | None: ...
    @property
    def upvotes(self) -> int: ...
    @property
    def downvotes(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def author(self) -> Author | None: ...


def _when(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%b} {local.day}, {local:%Y, %H:%M}"


def _time_element(value: datetime, zone: tzinfo | None = None) -> str:
    """``<time>`` with the machine-readable time (as ``core.dates.iso8601``) and the
    shown one, converted to ``zone`` (the current one by default) once for both."""
    local = timezone.localtime(value, zone)
    return (
        f'<time datetime="{local.isoformat(timespec="seconds")}">'
        f"{local:%b} {local.day}, {local:%Y, %H:%M}</time>"
    )


class Profiles:
    """Profile URLs for one rendering. The route is reversed once per process and each
    username quoted into it as ``reverse`` would: a thread of a thousand comments by
    hundreds of members must not resolve the URLconf hundreds of times."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}
        # Members' author lines, by what they show: a member who wrote many comments
        # of the page is written out once (the join date's formatting was a tenth of
        # rendering a page).
        self.lines: dict[tuple[object, ...], str] = {}

    def url(self, username: str) -> str:
        url = self._urls.get(username)
        if url is None:
            before, after = _profile_route()
            url = self._urls[username] = before + quote(username, safe=_URL_SAFE) + after
        return url


# What ``reverse`` leaves unquoted in a path argument (RFC 3986 sub-delims, "/~:@").
_URL_SAFE = "!$&'()*+,;=/~:@"
_PLACEHOLDER = "PROFILE-USERNAME"


@functools.cache
def _profile_route() -> tuple[str, str]:
    """The profile URL split around its username, from one ``reverse``."""
    before, _, after = reverse("accounts:profile", kwargs={"username": _PLACEHOLDER}).partition(
        _PLACEHOLDER
    )
    return before, after


def _badges(author: Author, *, is_byline: bool) -> str:
    badges = [
        '<span class="badge badge--staff">Staff</span>' if author.is_staff else "",
        '<span class="badge badge--moderator">Moderator</span>' if author.is_moderator else "",
        '<span class="badge badge--author">Author</span>' if is_byline else "",
    ]
    return "".join(f" {badge}" for badge in badges if badge)


def _author(
    comment: Renderable, *, byline_author_ids: frozenset[int], profiles: Profiles, zone: tzinfo
) -> str:
    author = comment.author
    if author is not None:
        is_byline = author.id in byline_author_ids
        key = (
            author.username,
            author.public_name,
            author.post_count,
            author.date_joined,
            author.is_staff,
            author.is_moderator,
            is_byline,
        )
        line = profiles.lines.get(key)
        if line is None:
            line = profiles.lines[key] = (
                f'<a class="comment__author" href="{escape(profiles.url(author.username))}">'
                f"{escape(author.public_name)}</a>"
                f"{_badges(author, is_byline=is_byline)} "
                f'<span class="comment__facts">Posts: {author.post_count}; '
                f"Member since: {timezone.localtime(author.date_joined, zone):%b %d, %Y}</span>"
            )
        return line
    if comment.guest_name:
        return (
            f'<span class="comment__author comment__author--guest">'
            f"{escape(comment.guest_name)}</span> "
            '<span class="comment__facts comment__facts--guest">unregistered</span>'
        )
    return '<span class="comment__author comment__author--deleted">deleted member</span>'


@dataclass(frozen=True)
class RenderContext:
    """What one rendering of comments knows besides the comments themselves.

    ``reply_prefix`` is the story's comments URL; empty means no actions at all (print,
    previews, live events). Everything else is per reader and must stay at its default
    on pages shared between readers (``own``, ``my_votes``, ``is_member``...).
    """

    reply_prefix: str = ""
    # The story's comments URL for "in reply to #M" when #M is not shown (its permalink
    # finds its page); ``reply_prefix`` serves when set.
    permalink_prefix: str = ""
    byline_author_ids: frozenset[int] = frozenset()
    # Replying (and quoting) allowed: the story takes comments.
    can_reply: bool = True
    # Numbers of the reader's own comments still inside the edit window.
    own: frozenset[int] = frozenset()
    # A logged-in member (may vote), and whether they moderate.
    is_member: bool = False
    is_moderator: bool = False
    # The member's votes on the comments shown: number -> +1 / -1.
    my_votes: Mapping[int, int] = field(default_factory=dict)
    # The member reading (their own comments take no votes from them), and the CSRF
    # token their vote forms carry (empty: site.js fetches one).
    member_id: int | None = None
    csrf_token: str = ""
    # Deeper comments than this are left to a "continue this thread" page (None: all).
    depth_shown: int | None = None
    # Depth of the first level shown (a "continue this thread" page starts deeper).
    base_depth: int = 0
    # Threads cut short on this page (sorted pages), continued at ``story_url?from=N``.
    cut_threads: frozenset[int] = frozenset()
    story_url: str = ""
    profiles: Profiles = field(default_factory=lambda: Profiles())
    # The time zone times are shown in, looked up once per rendering (a thread-local
    # lookup for every time cost more than formatting it).
    zone: tzinfo = field(default_factory=timezone.get_current_timezone)


def _actions(comment: Renderable, ctx: RenderContext) -> str:
    """The links under a comment: Reply and Quote for everyone, Edit and Delete for its
    author, Flag for other members, Remove for moderators."""
    n = comment.number
    links: list[str] = []
    if ctx.can_reply:
        links.append(
            f'<a href="{ctx.reply_prefix}{n}/reply/#comment-form" rel="nofollow" '
            'data-action="reply">Reply</a>'
        )
        links.append(
            f'<a class="comment__quote" href="{ctx.reply_prefix}{n}/reply/?quote=1#comment-form" '
            'rel="nofollow" data-action="quote">Quote</a>'
        )
    if n in ctx.own:
        links.append(
            f'<a class="comment__edit" href="{ctx.reply_prefix}{n}/edit/" '
            'rel="nofollow" data-edit>Edit</a>'
        )
        links.append(
            f'<a class="comment__delete" href="{ctx.reply_prefix}{n}/delete/" '
            'rel="nofollow">Delete</a>'
        )
    author = comment.author
    if ctx.is_member and (author is None or author.id != ctx.member_id):
        # Served by moderation (flag_urls); a plain link, so it works without JavaScript.
        links.append(
            f'<a class="comment__flag" href="{ctx.reply_prefix}{n}/flag/" rel="nofollow" '
            'data-action="flag">Flag</a>'
        )
    if ctx.is_moderator:
        links.append(
            f'<a class="comment__remove" href="{ctx.reply_prefix}{n}/remove/" '
            'rel="nofollow">Remove</a>'
        )
    if not links:
        return ""
    return f'<p class="comment__actions">{" ".join(links)}</p>'


def edited_marker(edited_at: datetime | None, *, history_url: str = "") -> str:
    """`` · edited`` after a comment's time, its ``<time>`` saying when; with
    ``history_url`` (moderators only) a link to the earlier texts. Empty if never
    edited. The in-page editor swaps in the same markup."""
    if edited_at is None:
        return ""
    history = (
        f' <a class="comment__history" href="{history_url}" rel="nofollow">history</a>'
        if history_url
        else ""
    )
    return (
        f'<span class="comment__edited"> · <time datetime="{iso8601(edited_at)}" '
        f'title="Edited {_when(edited_at)}">edited</time>{history}</span>'
    )


def _reply_to(comment: Renderable, ctx: RenderContext, shown: AbstractSet[int]) -> str:
    """The "in reply to #M" link: an anchor when #M is among ``shown`` (on this page),
    else #M's permalink, which opens the page that holds it."""
    m = comment.reply_to_number
    if not m:
        return ""
    prefix = ctx.reply_prefix or ctx.permalink_prefix
    href = f"#c-{m}" if m in shown or not prefix else f"{prefix}{m}/#c-{m}"
    return f' · <a class="comment__reply-to" href="{href}">in reply to #{m}</a>'


@functools.cache
def _login_path() -> str:
    return reverse("account_login")


def _score(comment: Renderable) -> str:
    """The score (up minus down) for everyone, read out as "N points"."""
    up, down = comment.upvotes, comment.downvotes
    score = up - down
    unit = "point" if abs(score) == 1 else "points"
    return (
        f'<span class="votes__score" title="{up} up, {down} down"><span data-score>{score}'
        f'</span><span class="visually-hidden" data-score-unit> {unit}</span></span>'
    )


def _vote_form(n: int, direction: str, mine: int, ctx: RenderContext) -> str:
    """One arrow as a small POST form; pressed when it is the reader's vote, and then it
    clears the vote."""
    pressed = mine == (1 if direction == "up" else -1)
    token = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(ctx.csrf_token)}">'
        if ctx.csrf_token
        else '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf>'
    )
    return (
        f'<form class="votes__form" method="post" action="{ctx.reply_prefix}{n}/vote/" '
        f"data-vote-form>{token}"
        f'<button class="votes__button votes__button--{direction}" type="submit" name="value" '
        f'value="{"clear" if pressed else direction}" data-vote="{direction}" '
        f'aria-pressed="{"true" if pressed else "false"}" aria-label="Vote {direction}">'
        f"{_ARROWS[direction]}</button></form>"
    )


_ARROWS = {"up": "▲", "down": "▼"}


def _votes(comment: Renderable, ctx: RenderContext) -> str:
    """The score, with arrows to vote: forms for a member (not on their own comment),
    log-in links for everyone else. Readers' votes come only from ``ctx.my_votes``, so
    the markup of a shared page is the same for every reader."""
    n = comment.number
    score = _score(comment)
    author = comment.author
    if not ctx.can_reply or (author is not None and author.id == ctx.member_id):
        return f'<div class="votes votes--static">{score}</div>'
    if not ctx.is_member:
        login = f"{_login_path()}?next={ctx.reply_prefix}{n}/"
        up, down = (
            f'<a class="votes__button votes__button--{d}" href="{login}" rel="nofollow" '
            f'aria-label="Log in to vote {d}" title="Log in to vote">{_ARROWS[d]}</a>'
            for d in ("up", "down")
        )
        return f'<div class="votes votes--guest">{up}{score}{down}</div>'
    mine = ctx.my_votes.get(n, 0)
    return (
        f'<div class="votes" data-votes>{_vote_form(n, "up", mine, ctx)}{score}'
        f"{_vote_form(n, 'down', mine, ctx)}</div>"
    )


def _open_item(
    comment: Renderable, ctx: RenderContext, shown: AbstractSet[int] = frozenset()
) -> str:
    """A comment's ``<li>`` up to where its replies go (closed by ``_CLOSE_ITEM``);
    ``shown`` holds the numbers already on the page."""
    n = comment.number
    placeholder = _PLACEHOLDER_TEXT.get(comment.status)
    if placeholder is not None:
        return (
            f'<li class="comment d{comment.depth} comment--{comment.status}" id="c-{n}" '
            f'data-path="{comment.path}"><details open class="comment__fold">'
            f'<summary class="comment__placeholder"><a class="comment__number" href="#c-{n}">'
            f"#{n}</a> {placeholder}</summary>"
        )
    reply_to = _reply_to(comment, ctx, shown)
    history_url = f"{ctx.reply_prefix}{n}/history/" if ctx.is_moderator else ""
    edited = edited_marker(comment.edited_at, history_url=history_url if ctx.reply_prefix else "")
    actions = _actions(comment, ctx) if ctx.reply_prefix else ""
    author = _author(
        comment, byline_author_ids=ctx.byline_author_ids, profiles=ctx.profiles, zone=ctx.zone
    )
    # Only its author is ever shown a held comment; an author-only hold (a spammer's)
    # looks published to them, so it gets no notice.
    held = comment.status == "pending"
    when = _time_element(comment.created_at, ctx.zone)
    return (
        f'<li class="comment d{comment.depth}{" comment--pending" if held else ""}" '
        f'id="c-{n}" data-path="{comment.path}">'
        '<details open class="comment__fold">'
        f'<summary class="comment__head"><a class="comment__number" href="#c-{n}">#{n}</a> '
        f"{author}</summary>"
        f'<p class="comment__when">{when}{edited}{reply_to}</p>'
        f"{HELD_NOTICE if held else ''}"
        f'<div class="comment__body prose">{comment.body_html}</div>'
        f"{'' if held else _votes(comment, ctx) if ctx.reply_prefix else ''}{actions}"
    )


_CLOSE_ITEM = "</details></li>\n"


def render_comment(comment: Renderable, context: RenderContext | None = None) -> str:
    """One comment as a complete ``<li>`` without its replies (live events, the comment
    a reply form answers)."""
    return _open_item(comment, context or RenderContext()) + _CLOSE_ITEM


def render_comments(
    comments: Iterable[Renderable], context: RenderContext | None = None
) -> SafeString:
    """The ``<li>`` items of a thread, or a slice of one, nested by ``path``.

    ``comments`` come in path order (depth-first). A comment whose parent is not among
    them (a page that starts inside a thread) starts at the outer level.
    """
    ctx = context or RenderContext()
    width = PATH_WIDTH
    out: list[str] = []
    stack: list[_OpenItem] = []  # innermost last
    continued: set[str] = set()
    shown: set[int] = set()  # what a reply answers always comes before it in path order
    for comment in comments:
        path = comment.path
        while stack and not path.startswith(stack[-1].path):
            _close(out, stack.pop())
        if ctx.depth_shown is not None and comment.depth - ctx.base_depth >= ctx.depth_shown:
            parent_path = path[: (ctx.base_depth + ctx.depth_shown) * width]
            if stack and stack[-1].path == parent_path and parent_path not in continued:
                continued.add(parent_path)
                _open_replies(out, stack[-1])
                parent_number = int(parent_path[-width:])
                out.append(
                    '<li class="comment-more"><a href="'
                    f'{ctx.reply_prefix}{parent_number}/thread/#c-{parent_number}">'
                    "Continue this thread →</a></li>\n"
                )
            continue
        if stack:
            _open_replies(out, stack[-1])  # the loop above left only ancestors
        out.append(_open_item(comment, ctx, shown))
        shown.add(comment.number)
        item = _OpenItem(path)
        if comment.number in ctx.cut_threads and not stack:
            n = comment.number
            item.more_html = (
                f'<li class="comment-more"><a href="{ctx.story_url}?from={n}#c-{n}">'
                "Continue this thread →</a></li>\n"
            )
        stack.append(item)
    while stack:
        _close(out, stack.pop())
    return mark_safe("".join(out))  # noqa: S308 - every part is escaped or sanitised


@dataclass
class _OpenItem:
    path: str
    replies_open: bool = False
    more_html: str = ""  # a last reply-list item: "Continue this thread"


def _open_replies(out: list[str], item: _OpenItem) -> None:
    if not item.replies_open:
        out.append('<ol class="replies">')
        item.replies_open = True


def _close(out: list[str], item: _OpenItem) -> None:
    if item.more_html:
        _open_replies(out, item)
        out.append(item.more_html)
    if item.replies_open:
        out.append("</ol>")
    out.append(_CLOSE_ITEM)
