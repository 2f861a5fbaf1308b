"""What a story page tells machines about the story: schema.org ``NewsArticle`` as JSON-LD
(search engines), OpenGraph (link previews) and Twitter card tags.

Everything here is read from the story itself (headline, summary, dates, byline, section,
tags, lead image) and its count of visible comments: never from a comment, so neither a
commenter's words nor a guest's e-mail address, nor anything held for review, can reach
a page's ``<head>``. Every address is absolute, on the public site address
(``MASTHEAD_SITE_URL``, see ``masthead.core.http.site_root``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from masthead.core.dates import iso8601
from masthead.core.http import absolute_url, site_root

from .models import Article

# The publisher's logo: a raster copy of favicon.svg (search engines take no SVG logo).
LOGO_PATH = "masthead/logo.png"
LOGO_SIZE = (512, 512)
DESCRIPTION_WORDS = 40


@dataclass(frozen=True)
class StoryMetadata:
    """The story page's machine-readable head: JSON-LD and ``<meta>`` pairs."""

    canonical_url: str
    description: str
    json_ld: dict[str, Any]
    # (property, content) for <meta property=...>, (name, content) for <meta name=...>.
    open_graph: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)


def story_metadata(article: Article, *, request: HttpRequest | None) -> StoryMetadata:
    """JSON-LD, OpenGraph and Twitter tags for ``article``'s page. Costs no query when the
    story comes with its byline, tags and section (``access_article_for_reading``)."""
    canonical = absolute_url(request, article.get_absolute_url())
    description = story_description(article)
    return StoryMetadata(
        canonical_url=canonical,
        description=description,
        json_ld=news_article(
            article, request=request, canonical_url=canonical, description=description
        ),
        open_graph=open_graph(
            article, request=request, canonical_url=canonical, description=description
        ),
        twitter=twitter_card(article, request=request, description=description),
    )


def story_description(article: Article) -> str:
    """The summary, or else the body's first words as plain text."""
    if article.summary:
        return article.summary
    text = html.unescape(strip_tags(article.body_html))
    return Truncator(" ".join(text.split())).words(DESCRIPTION_WORDS)


def news_article(
    article: Article,
    *,
    request: HttpRequest | None,
    canonical_url: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """schema.org ``NewsArticle`` for ``article``: dates in ISO 8601 with their offset,
    authors linked to their author pages, the publisher with its logo, the lead image in
    every stored width, and ``commentCount`` (visible comments only)."""
    canonical = canonical_url or absolute_url(request, article.get_absolute_url())
    publisher = _publisher(request)
    people = article.byline()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": canonical,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": article.headline,
        "description": story_description(article) if description is None else description,
        "inLanguage": _language_tag(),
        "isAccessibleForFree": True,
        "articleSection": article.section.name,
        "author": [_person(p, request) for p in people] if people else [publisher],
        "publisher": publisher,
        "commentCount": article.comment_count,
        "discussionUrl": f"{canonical}#comments",
    }
    if article.published_at is not None:
        data["datePublished"] = iso8601(article.published_at)
        data["dateModified"] = iso8601(article.revised_at or article.published_at)
    tags = [t.name for t in article.tags.all()]
    if tags:
        data["keywords"] = tags
    images = [
        {
            "@type": "ImageObject",
            "url": _media_url(r["name"], request),
            "width": r["width"],
            "height": r["height"],
        }
        for r in reversed(article.lead_image_renditions)  # widest first
    ]
    if images:
        images[0]["caption"] = article.lead_image_alt
        data["image"] = images
        data["thumbnailUrl"] = images[-1]["url"]
    return data


def open_graph(
    article: Article,
    *,
    request: HttpRequest | None,
    canonical_url: str | None = None,
    description: str | None = None,
) -> list[tuple[str, str]]:
    """OpenGraph ``(property, content)`` pairs: an ``article`` with its times, section,
    tags and authors, and the widest lead image with its size and description."""
    canonical = canonical_url or absolute_url(request, article.get_absolute_url())
    pairs = [
        ("og:type", "article"),
        ("og:site_name", settings.MASTHEAD_SITE_NAME),
        ("og:locale", translation.to_locale(settings.LANGUAGE_CODE)),
        ("og:title", article.headline),
        ("og:description", story_description(article) if description is None else description),
        ("og:url", canonical),
    ]
    pairs += [(key, value) for key, value in _og_image(article, request)]
    if article.published_at is not None:
        pairs.append(("article:published_time", iso8601(article.published_at)))
        pairs.append(("article:modified_time", iso8601(article.revised_at or article.published_at)))
    pairs.append(("article:section", article.section.name))
    pairs += [("article:tag", t.name) for t in article.tags.all()]
    pairs += [("article:author", _author_url(p, request)) for p in article.byline()]
    return pairs


def twitter_card(
    article: Article, *, request: HttpRequest | None, description: str | None = None
) -> list[tuple[str, str]]:
    """Twitter card ``(name, content)`` pairs: a large picture when the story has one."""
    widest = article.lead_image_renditions[-1] if article.lead_image_renditions else None
    pairs = [
        ("twitter:card", "summary_large_image" if widest else "summary"),
        ("twitter:title", article.headline),
        ("twitter:description", story_description(article) if description is None else description),
    ]
    if widest:
        pairs.append(("twitter:image", _media_url(widest["name"], request)))
        pairs.append(("twitter:image:alt", article.lead_image_alt))
    return pairs


def _og_image(article: Article, request: HttpRequest | None) -> list[tuple[str, str]]:
    if not article.lead_image_renditions:
        return []
    widest = article.lead_image_renditions[-1]
    url = _media_url(widest["name"], request)
    pairs = [
        ("og:image", url),
        ("og:image:width", str(widest["width"])),
        ("og:image:height", str(widest["height"])),
        ("og:image:alt", article.lead_image_alt),
    ]
    if url.startswith("https://"):
        pairs.insert(1, ("og:image:secure_url", url))
    return pairs


def _publisher(request: HttpRequest | None) -> dict[str, Any]:
    width, height = LOGO_SIZE
    return {
        "@type": "Organization",
        "name": settings.MASTHEAD_SITE_NAME,
        "url": site_root(request) + "/",
        "logo": {
            "@type": "ImageObject",
            "url": _absolute(static(LOGO_PATH), request),
            "width": width,
            "height": height,
        },
    }


def _person(person: Any, request: HttpRequest | None) -> dict[str, Any]:
    return {"@type": "Person", "name": person.public_name, "url": _author_url(person, request)}


def _author_url(person: Any, request: HttpRequest | None) -> str:
    return absolute_url(request, reverse("articles:author", kwargs={"username": person.username}))


def _media_url(name: str, request: HttpRequest | None) -> str:
    return _absolute(default_storage.url(name), request)


def _absolute(url: str, request: HttpRequest | None) -> str:
    """Storage and static URLs are paths on this site unless a CDN makes them full."""
    return absolute_url(request, url) if url.startswith("/") else url


def _language_tag() -> str:
    """``LANGUAGE_CODE`` as a BCP 47 tag (``en-US``)."""
    return translation.to_locale(settings.LANGUAGE_CODE).replace("_", "-")
