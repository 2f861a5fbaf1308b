"""Everything the moderation app plugs into lower apps, in one place (called once from
``ModerationConfig.ready``)."""

from __future__ import annotations


def connect() -> None:
    """Register moderation's guards and screens with ``comments.hooks`` and connect its
    signal handlers. Each part adds its own line here."""
    from masthead.comments import hooks

    from . import screening

    hooks.register_screen(screening.screen_submission)
