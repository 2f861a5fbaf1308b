from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from .models import Article  # noqa: F401  (named in a string below)


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        """Stories readers may see: published, and not scheduled for later."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-id")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of headlines shows, without the bodies."""
        return self.select_related("section").defer("body", "body_html")
