"""Where moderation plugs into posting and editing, without comments importing it.

Higher apps register two kinds of callables in their ``AppConfig.ready()``:

- a **guard** looks at a ``Submission`` and refuses it by raising
  ``masthead.core.refusals.Refused`` (a ban, a rate limit, a repeated post); nothing is
  written then;
- a **screen** returns a ``Screening``: publish, hold for review (with reason codes the
  queue shows), or hold as visible to its author only; and an abuse score to keep.

``post_comment`` and ``edit_comment`` run every guard, then every screen, and store the
combined verdict: the strictest hold wins, reasons add up, the highest score is kept.

A third kind, a **notice**, tells a ``Reader`` before they write why they may not (a
ban): the story page shows it instead of the comment form. It must not count anything
(a rate limit's guard would): it only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from masthead.core.refusals import Refused

if TYPE_CHECKING:
    from masthead.accounts.models import User
    from masthead.articles.models import Article

    from .models import Comment


@dataclass(frozen=True)
class Submission:
    """A comment about to be posted, or a new text for ``edit_of``."""

    article: Article
    body: str
    body_html: str
    author: User | None
    guest_name: str = ""
    guest_token_hash: str = ""
    ip: str = ""
    edit_of: Comment | None = None


@dataclass(frozen=True)
class Screening:
    hold: bool = False
    author_only: bool = False
    reasons: tuple[str, ...] = ()
    abuse_score: float | None = None
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reader:
    """Someone reading a story who could post: a member (``author``), or a guest's
    browser (its cookie's hash) and address."""

    author: User | None
    guest_token_hash: str = ""
    ip: str = ""


Guard = Callable[[Submission], None]
Screen = Callable[[Submission], Screening]
Notice = Callable[[Reader], str]

_guards: list[Guard] = []
_screens: list[Screen] = []
_notices: list[Notice] = []


def register_guard(guard: Guard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def register_screen(screen: Screen) -> None:
    if screen not in _screens:
        _screens.append(screen)


def register_notice(notice: Notice) -> None:
    if notice not in _notices:
        _notices.append(notice)


def posting_notice(reader: Reader) -> str:
    """The first registered notice that has something to tell ``reader`` (why they may
    not post), or ``""``."""
    for notice in _notices:
        message = notice(reader)
        if message:
            return message
    return ""


def run_guards(submission: Submission) -> None:
    """Every registered guard, in order; the first refusal propagates."""
    for guard in _guards:
        guard(submission)


def screen(submission: Submission) -> Screening:
    """Every registered screen's verdict, combined."""
    hold = author_only = False
    reasons: list[str] = []
    score: float | None = None
    for check in _screens:
        verdict = check(submission)
        hold = hold or verdict.hold
        author_only = author_only or verdict.author_only
        reasons.extend(r for r in verdict.reasons if r not in reasons)
        if verdict.abuse_score is not None:
            score = verdict.abuse_score if score is None else max(score, verdict.abuse_score)
    return Screening(hold=hold, author_only=author_only, reasons=tuple(reasons), abuse_score=score)


# Two more kinds of guard, also registered by higher apps:
#
# - a **locked guard** is a guard that ``post_comment`` runs inside its transaction, once
#   the story is locked for the new comment's number: it sees every earlier post to the
#   story committed, and no twin of this post can pass it at the same time (a repeat);
# - a **vote guard** looks at a ``VoteAttempt`` and refuses it with ``Refused`` (a rate
#   limit); ``vote_on_comment`` runs them before it writes.


class Duplicate(Refused):
    """The same text by the same author was just posted (a double-click, a retried
    submit): ``comment`` is that comment, where the view sends the person instead of
    showing an error. Nothing new is written."""

    def __init__(self, message: str, *, comment: Comment):
        super().__init__(message, status=409)
        self.comment = comment


@dataclass(frozen=True)
class VoteAttempt:
    """A member about to vote ``value`` (1, -1, 0 to clear) on ``comment`` from ``ip``."""

    comment: Comment
    voter: User
    value: int
    ip: str = ""


VoteGuard = Callable[[VoteAttempt], None]

_locked_guards: list[Guard] = []
_vote_guards: list[VoteGuard] = []


def register_locked_guard(guard: Guard) -> None:
    if guard not in _locked_guards:
        _locked_guards.append(guard)


def register_vote_guard(guard: VoteGuard) -> None:
    if guard not in _vote_guards:
        _vote_guards.append(guard)


def run_locked_guards(submission: Submission) -> None:
    """Every registered locked guard, in order; the first refusal propagates (and rolls
    the posting transaction back)."""
    for guard in _locked_guards:
        guard(submission)


def run_vote_guards(attempt: VoteAttempt) -> None:
    """Every registered vote guard, in order; the first refusal propagates."""
    for guard in _vote_guards:
        guard(attempt)
