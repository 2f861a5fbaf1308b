from __future__ import annotations

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "masthead.live"
    label = "live"
    verbose_name = "Live updates"

    def ready(self) -> None:
        from masthead.articles.panels import register_story_panel
        from masthead.comments import signals

        from . import signal_handlers
        from .panels import live_panel

        register_story_panel(live_panel)
        signals.comment_posted.connect(signal_handlers.comment_posted, dispatch_uid="live-posted")
        signals.comment_removed.connect(
            signal_handlers.comment_removed, dispatch_uid="live-removed"
        )
