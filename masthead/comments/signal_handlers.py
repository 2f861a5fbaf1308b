"""The comments app's reactions to its own signals."""

from __future__ import annotations

from typing import Any

from masthead.accounts.models import User
from masthead.articles.caching import story_changed, story_page_changed

from . import actions
from .models import Comment


def discussion_changed(sender: type[Comment], comment: Comment, **kwargs: Any) -> None:
    """A comment appeared, changed or was removed: the story's cached pages are stale."""
    story_changed(comment.article.slug)


def scores_changed(sender: type[Comment], comment: Comment, **kwargs: Any) -> None:
    """A comment's votes changed: the story's cached pages show the old score (the
    lists of stories show no scores, so they stay)."""
    story_page_changed(comment.article.slug)


def member_leaving(sender: type[User], instance: User, **kwargs: Any) -> None:
    """Before a member's row goes (and their votes with it, by cascade), take their
    votes back through the action, so that every comment's counts stay true."""
    actions.withdraw_votes(member=instance)
