"""What every feed of the site shares: the RSS 2.0 and Atom generators (full text, every
author, never an e-mail address), and conditional GET before any feed is built.

An app's feed subclasses :class:`ConditionalFeed`, says in ``load_object`` what the feed
is about (a section, a story) and in ``freshness`` when that last changed, and is routed
as ``MyFeed().as_view()``. A reader's ``If-None-Match`` or ``If-Modified-Since`` is then
answered 304 after the one cheap query of ``freshness``, before the items are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.xmlreader import AttributesImpl

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import condition, require_safe

from .http import site_root

# How long browsers and proxies may keep a feed without asking again (seconds).
FEED_MAX_AGE = 300

View = Callable[..., HttpResponse]


def public_url(path: str) -> str:
    """``path`` under ``MASTHEAD_SITE_URL`` when it is set. Left relative otherwise:
    Django's feeds and sitemaps then put the request's own scheme and host before it."""
    configured: str = settings.MASTHEAD_SITE_URL
    return configured + path if configured else path


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full text (``content:encoded``), one ``dc:creator`` per author and
    ``atom:updated`` for a revised item. Items take two extra keywords: ``authors`` (names)
    and ``content`` (HTML)."""

    def rss_attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = super().rss_attributes()
        attributes["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        attributes["xmlns:dc"] = "http://purl.org/dc/elements/1.1/"
        return attributes

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name in item.get("authors") or ():
            handler.addQuickElement("dc:creator", name)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class AtomFeed(Atom1Feed):
    """Atom 1.0 with the full text (``<content type="html">``) and one ``<author>`` per
    author (the feed's own author stands for items without one)."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name in item.get("authors") or ():
            handler.startElement("author", AttributesImpl({}))
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass(frozen=True)
class Freshness:
    """When a feed's content last changed. ``etag`` names its current state (counts and
    times: anything whose change changes the feed); ``last_modified`` may be ``None``
    for an empty feed."""

    etag: str
    last_modified: datetime | None


class ConditionalFeed(Feed[Any, Any]):
    """A ``Feed`` that answers conditional GETs before building anything, and that
    public caches may keep for ``FEED_MAX_AGE`` seconds.

    Subclasses implement ``load_object(request, **kwargs)`` (404 for what readers may
    not see) and ``freshness(obj)``; both run once per request. Items never carry an
    author's e-mail: the feeds give names only (``authors``), so Django writes none.
    """

    feed_type: type[SyndicationFeed] = RssFeed
    item_author_name = None  # names go out as ``authors`` (see ``RssFeed``, ``AtomFeed``)

    def load_object(self, request: HttpRequest, **kwargs: Any) -> Any:
        return None

    def freshness(self, obj: Any) -> Freshness:
        raise NotImplementedError

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The conditional check loaded it already: one lookup per request.
        memo: dict[int, Any] = request.__dict__.setdefault("_feed_objects", {})
        if id(self) not in memo:
            memo[id(self)] = self.load_object(request, **kwargs)
        return memo[id(self)]

    def _freshness(self, request: HttpRequest, **kwargs: Any) -> Freshness:
        memo: dict[int, Freshness] = request.__dict__.setdefault("_feed_freshness", {})
        if id(self) not in memo:
            memo[id(self)] = self.freshness(self.get_object(request, **kwargs))
        return memo[id(self)]

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        # Django puts the host before links, not before enclosures or comments pages: a
        # bare path would send readers' software nowhere.
        root = site_root(request)
        for item in feed.items:
            if item["comments"] and item["comments"].startswith("/"):
                item["comments"] = root + item["comments"]
            for enclosure in item["enclosures"]:
                if enclosure.url.startswith("/"):
                    enclosure.url = root + enclosure.url
        return feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().__call__(request, *args, **kwargs)
        # Django dates the response by its newest item; the 304s compare against
        # ``freshness``, so that is the date the reader must be given.
        del response["Last-Modified"]
        return response

    def as_view(self) -> View:
        """The feed as a view: GET and HEAD only, 304 when the reader's copy is
        current, ``Cache-Control: public, max-age=FEED_MAX_AGE``."""
        conditional = condition(
            etag_func=lambda request, **kwargs: self._freshness(request, **kwargs).etag,
            last_modified_func=lambda request, **kwargs: (
                self._freshness(request, **kwargs).last_modified
            ),
        )(self)

        @require_safe
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            response: HttpResponse = conditional(request, **kwargs)
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
            return response

        return view
