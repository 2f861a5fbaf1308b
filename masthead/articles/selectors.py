"""Reads of stories and sections. Views get their objects here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from .models import Article, Section


def front_page_articles(*, limit: int | None = None) -> list[Article]:
    """The newest published stories, with their sections, for the front page."""
    limit = limit or settings.MASTHEAD_FRONT_PAGE_STORIES
    return list(Article.objects.published().newest_first().for_listing()[:limit])


def section_articles(*, section: Section, limit: int = 30) -> list[Article]:
    """The newest published stories of one section."""
    qs = Article.objects.published().filter(section=section).newest_first().for_listing()
    return list(qs[:limit])


def latest_stories(*, exclude: Article | None = None, limit: int | None = None) -> list[Article]:
    """Newest headlines across the site, without ``exclude`` (the story being read)."""
    limit = limit or settings.MASTHEAD_LATEST_STORIES
    qs = Article.objects.published().newest_first().for_listing()
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs[:limit])


def navigation_sections() -> QuerySet[Section]:
    """Every section, in menu order."""
    return Section.objects.all()


def section_by_slug(slug: str) -> Section:
    """The section at ``slug``; 404 if there is none."""
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist as exc:
        raise Http404("No such section.") from exc


def access_article_for_reading(user: AbstractBaseUser | AnonymousUser, slug: str) -> Article:
    """The story at ``slug`` as a reader may see it: published, or any status for staff
    (so editors can preview drafts). Raises 404 otherwise."""
    qs = Article.objects.select_related("section", "source", "author")
    if not getattr(user, "is_staff", False):
        qs = qs.published()
    try:
        return qs.get(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404("No such story.") from exc
