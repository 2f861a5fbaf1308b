"""Where moderation plugs into posting and editing, without comments importing it.

Higher apps register two kinds of callables in their ``AppConfig.ready()``:

- a **guard** looks at a ``Submission`` and refuses it by raising
  ``masthead.core.refusals.Refused`` (a ban, a rate limit, a repeated post); nothing is
  written then;
- a **screen** returns a ``Screening``: publish, hold for review (with reason codes the
  queue shows), or hold as visible to its author only; and an abuse score to keep.

``post_comment`` and ``edit_comment`` run every guard, then every screen, and store the
combined verdict: the strictest hold wins, reasons add up, the highest score is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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


Guard = Callable[[Submission], None]
Screen = Callable[[Submission], Screening]

_guards: list[Guard] = []
_screens: list[Screen] = []


def register_guard(guard: Guard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def register_screen(screen: Screen) -> None:
    if screen not in _screens:
        _screens.append(screen)


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
