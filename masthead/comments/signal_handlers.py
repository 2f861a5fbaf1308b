"""The comments app's reactions to its own signals."""

from __future__ import annotations

from typing import Any

from masthead.articles.caching import story_changed

from .models import Comment


def discussion_changed(sender: type[Comment], comment: Comment, **kwargs: Any) -> None:
    """A comment appeared, changed or was removed: the story's cached pages are stale."""
    story_changed(comment.article.slug)
