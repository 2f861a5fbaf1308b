from __future__ import annotations

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = "Discussion"

    def ready(self) -> None:
        from masthead.articles.panels import register_story_panel

        from . import signals
        from .panels import discussion_panel
        from .signal_handlers import discussion_changed

        register_story_panel(discussion_panel)
        signals.comment_posted.connect(discussion_changed, dispatch_uid="comments-page-cache")
        signals.comment_removed.connect(discussion_changed, dispatch_uid="comments-page-cache-rm")
