"""Reads of stories and sections. Views get their objects here."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from masthead.core import pagecache

from . import caching
from .models import Article, Section


def front_page_articles(*, limit: int | None = None) -> list[Article]:
    """The newest published stories, with their sections, for the front page."""
    limit = limit or settings.MASTHEAD_FRONT_PAGE_STORIES
    return list(Article.objects.published().newest_first().for_listing()[:limit])


def section_articles(*, section: Section, limit: int = 30) -> list[Article]:
    """The newest published stories of one section."""
    qs = Article.objects.published().filter(section=section).newest_first().for_listing()
    return list(qs[:limit])


@dataclass(frozen=True)
class Headline:
    """What a list of headlines shows of a story."""

    pk: int
    url: str
    headline: str
    section_name: str
    comment_count: int


@dataclass(frozen=True)
class NavItem:
    slug: str
    name: str
    url: str


def latest_stories(*, exclude: Article | None = None, limit: int | None = None) -> list[Headline]:
    """Newest headlines across the site, without ``exclude`` (the story being read).

    Every story page shows this list, so it is built once and kept until a story is
    saved or a comment changes its counts (see ``caching``).
    """
    limit = limit or settings.MASTHEAD_LATEST_STORIES

    def build() -> list[Headline]:
        qs = Article.objects.published().newest_first().for_listing()[: limit + 1]
        return [
            Headline(a.pk, a.get_absolute_url(), a.headline, a.section.name, a.comment_count)
            for a in qs
        ]

    headlines = pagecache.cached_value(f"latest:{limit}", caching.listing_keys(), build)
    return [h for h in headlines if exclude is None or h.pk != exclude.pk][:limit]


def navigation_sections() -> list[NavItem]:
    """Every section, in menu order (kept until a story or section is saved)."""

    def build() -> list[NavItem]:
        return [NavItem(s.slug, s.name, s.get_absolute_url()) for s in Section.objects.all()]

    return pagecache.cached_value("nav", (caching.SITE,), build)


def section_by_slug(slug: str) -> Section:
    """The section at ``slug``; 404 if there is none."""
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist as exc:
        raise Http404("No such section.") from exc


def access_article_for_reading(user: AbstractBaseUser | AnonymousUser, slug: str) -> Article:
    """The story at ``slug`` as a reader may see it: published, or any status for staff
    (so editors can preview drafts). Raises 404 otherwise.

    Readers' copies come from the cache until the story or its discussion changes
    (``caching.story_keys``); staff always read the database.
    """
    qs = Article.objects.select_related("section", "source", "author")
    if getattr(user, "is_staff", False):
        article = qs.filter(slug=slug).first()
    else:
        article = pagecache.cached_value(
            f"article:{slug}",
            caching.story_keys(slug),
            lambda: qs.published().filter(slug=slug).first(),
        )
        if article is not None and not article.is_visible_now():
            article = None
    if article is None:
        raise Http404("No such story.")
    return article
