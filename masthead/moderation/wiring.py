"""Everything the moderation app plugs into lower apps, in one place (called once from
``ModerationConfig.ready``)."""

from __future__ import annotations


def connect() -> None:
    """Register moderation's guards and screens with ``comments.hooks`` and connect its
    signal handlers. Each part adds its own line here."""
    from django.db.models.signals import post_delete, post_save

    from masthead.accounts import hooks as account_hooks
    from masthead.comments import hooks

    from . import bans, duplicates, limits, screening, signal_handlers
    from .models import Ban

    hooks.register_guard(bans.refuse_banned)
    hooks.register_screen(bans.hold_author_only)
    hooks.register_screen(screening.screen_submission)
    hooks.register_notice(bans.ban_notice)
    hooks.register_guard(limits.refuse_posting_too_fast)
    hooks.register_locked_guard(duplicates.refuse_duplicate)
    hooks.register_vote_guard(limits.refuse_voting_too_fast)
    account_hooks.register_signup_guard(limits.refuse_signing_up_too_fast)
    post_save.connect(signal_handlers.bans_changed, sender=Ban, dispatch_uid="moderation-bans")
    post_delete.connect(signal_handlers.bans_changed, sender=Ban, dispatch_uid="moderation-bans-rm")
