from __future__ import annotations

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = "Discussion"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from masthead.accounts.exports import register_export_section
        from masthead.accounts.models import User
        from masthead.accounts.panels import register_profile_panel
        from masthead.articles.panels import register_story_panel

        from . import signals
        from .members import comments_export, recent_comments_panel
        from .panels import discussion_panel
        from .signal_handlers import discussion_changed, member_leaving, scores_changed

        register_story_panel(discussion_panel)
        register_profile_panel(recent_comments_panel)
        register_export_section("comments", comments_export)
        signals.comment_posted.connect(discussion_changed, dispatch_uid="comments-page-cache")
        signals.comment_removed.connect(discussion_changed, dispatch_uid="comments-page-cache-rm")
        signals.comment_edited.connect(discussion_changed, dispatch_uid="comments-page-cache-edit")
        signals.comment_voted.connect(scores_changed, dispatch_uid="comments-page-cache-vote")
        pre_delete.connect(member_leaving, sender=User, dispatch_uid="comments-withdraw-votes")
