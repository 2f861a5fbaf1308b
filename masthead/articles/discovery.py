"""How search engines find the stories: ``robots.txt`` and the sitemaps, served by
django.contrib.sitemaps' own views over ``sitemaps.SITEMAPS``. (Readers' software finds
the feeds through ``<link rel="alternate">`` on every page; see ``feeds``.)"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import conditional_page, require_safe

from masthead.core.http import absolute_url

from .sitemaps import SITEMAPS, NewsSitemap

NEWS_SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {"news": NewsSitemap}

# Crawlers come back for sitemaps often; a few minutes' delay costs nothing.
SITEMAP_MAX_AGE = 300
ROBOTS_MAX_AGE = 3600


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
@conditional_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: one entry per sitemap page, with its newest ``lastmod``."""
    response = sitemap_views.index(
        request,
        SITEMAPS,
        template_name="articles/sitemap_index.xml",
        sitemap_url_name="articles:sitemap",
    )
    assert isinstance(response, TemplateResponse)  # rendered lazily: still editable
    # Django names each sitemap under the request's host; the public address is ours.
    for entry in (response.context_data or {})["sitemaps"]:
        parts = urlsplit(entry.location)
        entry.location = absolute_url(
            request, parts.path + (f"?{parts.query}" if parts.query else "")
        )
    return _public(response, SITEMAP_MAX_AGE)


@require_safe
@conditional_page
def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    """``/sitemap-<section>.xml`` (``?p=2`` for a second page); 404 for an unknown one."""
    response = sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="articles/sitemap.xml"
    )
    return _public(response, SITEMAP_MAX_AGE)


@require_safe
@conditional_page
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """``/sitemap-news.xml``: the Google News sitemap (see ``NewsSitemap``)."""
    response = sitemap_views.sitemap(
        request,
        NEWS_SITEMAPS,
        section="news",
        template_name="articles/sitemap_news.xml",
    )
    return _public(response, SITEMAP_MAX_AGE)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: crawl everything but the private and duplicate pages, and where
    the sitemaps are (absolute, as the protocol requires)."""
    sitemaps = [
        absolute_url(request, reverse("articles:sitemap_index")),
        absolute_url(request, reverse("articles:sitemap", kwargs={"section": "news"})),
    ]
    response = render(
        request,
        "articles/robots.txt",
        {"sitemaps": sitemaps},
        content_type="text/plain; charset=utf-8",
    )
    return _public(response, ROBOTS_MAX_AGE)
