"""Sitemaps (django.contrib.sitemaps): what search engines may crawl, and when it changed.

``/sitemap.xml`` is the index of ``/sitemap-<section>.xml`` for each entry of
``SITEMAPS``: ``static`` (the front page), ``sections``, ``tags``, ``stories`` (every
story readers see, paged at Django's 50,000 a file) and ``news`` (the Google News
sitemap: the stories of the last ``NewsSitemap.window``, at most ``max_items``). Only
stories readers see are listed: never a draft, never a scheduled story before its time.

Locations use ``MASTHEAD_SITE_URL`` when it is set (behind a proxy the request's own host
may be an internal one), else the request's scheme and host as Django does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from . import selectors


def _seconds(moment: datetime | None) -> datetime | None:
    """Sitemaps give times to the second (W3C datetime with offset)."""
    return moment.replace(microsecond=0) if moment is not None else None


class PublicSitemap(Sitemap[Any]):
    """A sitemap whose locations start with ``MASTHEAD_SITE_URL`` when it is set."""

    def get_protocol(self, protocol: str | None = None) -> str:
        configured: str = settings.MASTHEAD_SITE_URL
        if configured:
            return urlsplit(configured).scheme
        scheme: str = super().get_protocol(protocol)
        return scheme

    def get_domain(self, site: Any = None) -> str:
        configured: str = settings.MASTHEAD_SITE_URL
        if configured:
            return urlsplit(configured).netloc
        domain: str = super().get_domain(site)
        return domain


class StaticSitemap(PublicSitemap):
    """The front page, changed whenever a story readers see changes."""

    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["articles:front_page"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        return self.get_latest_lastmod()

    def get_latest_lastmod(self) -> datetime | None:
        if not hasattr(self, "_latest"):
            self._latest = _seconds(selectors.sitemap_stories_lastmod())
        return self._latest


class SectionSitemap(PublicSitemap):
    """Every section's page, changed with its newest story."""

    def items(self) -> list[dict[str, Any]]:
        return list(selectors.sitemap_sections())

    def location(self, item: dict[str, Any]) -> str:
        return reverse("articles:section", kwargs={"slug": item["slug"]})

    def lastmod(self, item: dict[str, Any]) -> datetime | None:
        return _seconds(item["lastmod"])

    def get_latest_lastmod(self) -> datetime | None:
        return _seconds(selectors.sitemap_stories_lastmod())


class TagSitemap(PublicSitemap):
    """The page of every tag that has a story readers see."""

    def items(self) -> list[dict[str, Any]]:
        return list(selectors.sitemap_tags())

    def location(self, item: dict[str, Any]) -> str:
        return reverse("articles:tag", kwargs={"slug": item["slug"]})

    def lastmod(self, item: dict[str, Any]) -> datetime | None:
        return _seconds(item["lastmod"])

    def get_latest_lastmod(self) -> datetime | None:
        return _seconds(selectors.sitemap_stories_lastmod())


class StorySitemap(PublicSitemap):
    """Every story readers see, oldest first, with the time it last changed
    (published, revised or saved, whichever is latest)."""

    def items(self) -> Any:
        # A lazy queryset: the paginator counts it, then reads one page.
        return selectors.sitemap_stories()

    def location(self, item: dict[str, Any]) -> str:
        return reverse("articles:detail", kwargs={"slug": item["slug"]})

    def lastmod(self, item: dict[str, Any]) -> datetime | None:
        return _seconds(item["lastmod"])

    def get_latest_lastmod(self) -> datetime | None:
        return _seconds(selectors.sitemap_stories_lastmod())


class NewsSitemap(PublicSitemap):
    """The Google News sitemap: stories published within ``window``, newest first, at
    most ``max_items`` (Google reads no more), with the publication's name and
    language, each story's publication time and headline (``sitemap_news.xml``)."""

    window = timedelta(days=2)
    max_items = 1000

    def items(self) -> list[dict[str, Any]]:
        stories = selectors.news_stories(since=timezone.now() - self.window, limit=self.max_items)
        for story in stories:
            story["published_at"] = _seconds(story["published_at"])
        return stories

    def location(self, item: dict[str, Any]) -> str:
        return reverse("articles:detail", kwargs={"slug": item["slug"]})

    def lastmod(self, item: dict[str, Any]) -> datetime | None:
        published: datetime | None = item["published_at"]
        return published

    def get_latest_lastmod(self) -> datetime | None:
        stories = selectors.news_stories(since=timezone.now() - self.window, limit=1)
        return _seconds(stories[0]["published_at"]) if stories else None


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "static": StaticSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "stories": StorySitemap,
    "news": NewsSitemap,
}
