"""Where higher apps plug into sign-up, without accounts importing them.

A **sign-up guard** looks at a ``SignupAttempt`` (a valid sign-up form about to be
saved) and refuses it by raising ``masthead.core.refusals.Refused``; the sign-up page
then answers with the refusal's status, message and ``Retry-After``, and nothing is
written or mailed. Guards run before allauth looks at whether the e-mail has an account,
so a refusal never tells anyone that (moderation's rate limit counts by address).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SignupAttempt:
    """Someone about to become a member, from address ``ip``."""

    ip: str


SignupGuard = Callable[[SignupAttempt], None]

_signup_guards: list[SignupGuard] = []


def register_signup_guard(guard: SignupGuard) -> None:
    if guard not in _signup_guards:
        _signup_guards.append(guard)


def run_signup_guards(attempt: SignupAttempt) -> None:
    """Every registered guard, in order; the first refusal propagates."""
    for guard in _signup_guards:
        guard(attempt)
