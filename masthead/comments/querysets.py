from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import Comment  # noqa: F401  (named in a string below)

# What a thread needs of an author: the header line, nothing more.
AUTHOR_FIELDS = (
    "author__id",
    "author__username",
    "author__display_name",
    "author__post_count",
    "author__date_joined",
    "author__is_staff",
    "author__is_moderator",
)


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(status="published")

    def in_thread(self) -> CommentQuerySet:
        """What a thread shows: published comments, and placeholders of removed,
        deleted or held ones (``selectors`` never lets a held one's text through)."""
        return self.filter(status__in=["published", "removed", "deleted", "pending", "author_only"])

    def in_thread_order(self) -> CommentQuerySet:
        return self.order_by("path")

    def with_authors(self) -> CommentQuerySet:
        """Join each comment's author (header fields only) into the same query."""
        return self.select_related("author").only(
            "id",
            "article_id",
            "number",
            "path",
            "depth",
            "thread_number",
            "reply_to_number",
            "author_id",
            "guest_name",
            "body_html",
            "status",
            "upvotes",
            "downvotes",
            "created_at",
            "edited_at",
            *AUTHOR_FIELDS,
        )
