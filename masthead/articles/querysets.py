from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from .models import Article  # noqa: F401  (named in a string below)


def visible_at(now: datetime, *, prefix: str = "") -> models.Q:
    """The condition of ``ArticleQuerySet.published`` at ``now``, for aggregates that
    count visible stories beside others (``filter=``); ``prefix`` reaches them through a
    relation (``"articles__"`` from a section)."""
    return models.Q(
        **{f"{prefix}status__in": ("published", "scheduled"), f"{prefix}published_at__lte": now}
    )


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        """Stories readers may see: published, or scheduled for a time that has come (so a
        story appears on time even before the task marks it published)."""
        return self.filter(visible_at(timezone.now()))

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-id")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of headlines shows, without the bodies."""
        return self.select_related("section").defer("body", "body_html")
