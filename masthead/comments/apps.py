from __future__ import annotations

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = "Discussion"

    def ready(self) -> None:
        from masthead.articles.panels import register_story_panel

        from .panels import discussion_panel

        register_story_panel(discussion_panel)
