"""RSS 2.0 and Atom feeds of stories: the whole site, a section, an author, a tag.

``/feeds/rss/`` and ``/feeds/atom/`` carry the site; a section, an author and a tag add
``rss/`` or ``atom/`` to their page's address (``/section/science/rss/``). Each holds the
``FEED_STORIES`` newest stories readers see (never a draft, nor a scheduled story before
its time), with summary, full text, authors' names (never an address), section and tags
as categories, and the lead picture as an enclosure.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape

from masthead.core.feeds import AtomFeed, ConditionalFeed, Freshness, public_url

from . import selectors
from .models import Article
from .querysets import ArticleQuerySet


@dataclass(frozen=True)
class StoryScope:
    """What one feed is about: its title and description, the page it mirrors and
    its own address (paths), and every story it may hold, whatever their status."""

    title: str
    description: str
    page: str
    feed_path: str
    stories: ArticleQuerySet


class StoryFeed(ConditionalFeed):
    """The newest stories of the whole site, in RSS 2.0."""

    def load_object(self, request: HttpRequest, **kwargs: Any) -> StoryScope:
        return StoryScope(
            title=settings.MASTHEAD_SITE_NAME,
            description=settings.MASTHEAD_SITE_TAGLINE,
            page=reverse("articles:front_page"),
            feed_path=request.path,
            stories=Article.objects.all(),
        )

    def freshness(self, obj: StoryScope) -> Freshness:
        count, last_modified = selectors.stories_freshness(stories=obj.stories)
        stamp = last_modified.timestamp() if last_modified else 0
        return Freshness(f"{count}-{stamp:.6f}", last_modified)

    def title(self, obj: StoryScope) -> str:
        return obj.title

    def description(self, obj: StoryScope) -> str:
        return obj.description

    def subtitle(self, obj: StoryScope) -> str:
        return obj.description

    def link(self, obj: StoryScope) -> str:
        return public_url(obj.page)

    def feed_url(self, obj: StoryScope) -> str:
        return public_url(obj.feed_path)

    def author_name(self, obj: StoryScope) -> str:
        # Atom wants an author for every entry: the newsroom stands for unsigned ones.
        name: str = settings.MASTHEAD_SITE_NAME
        return name

    def items(self, obj: StoryScope) -> list[Article]:
        return selectors.feed_stories(stories=obj.stories)

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return escape(item.summary)

    def item_link(self, item: Article) -> str:
        return public_url(item.get_absolute_url())

    def item_comments(self, item: Article) -> str:
        return public_url(item.get_absolute_url()) + "#comments"

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        # Atom requires <updated> on every entry: an unrevised story was updated when
        # it was published.
        return item.revised_at or item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        """The lead picture (its middle width, as the story page's ``src``), sized by
        the storage; none if the file is missing."""
        renditions = item.lead_image_renditions
        if not renditions:
            return []
        name = renditions[min(1, len(renditions) - 1)]["name"]
        try:
            size = default_storage.size(name)
        except OSError:
            return []
        mime_type = mimetypes.guess_type(name)[0] or "image/jpeg"
        return [Enclosure(public_url(default_storage.url(name)), str(size), mime_type)]

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {
            "authors": [person.public_name for person in item.byline()],
            "content": item.body_html,
        }


class AtomStoryFeed(StoryFeed):
    """The newest stories of the whole site, in Atom."""

    feed_type = AtomFeed


class SectionFeed(StoryFeed):
    """The newest stories of one section (``slug``; 404 if there is none)."""

    def load_object(self, request: HttpRequest, **kwargs: Any) -> StoryScope:
        section = selectors.section_by_slug(kwargs["slug"])
        return StoryScope(
            title=f"{section.name} — {settings.MASTHEAD_SITE_NAME}",
            description=section.description
            or f"The latest {section.name} stories on {settings.MASTHEAD_SITE_NAME}.",
            page=section.get_absolute_url(),
            feed_path=request.path,
            stories=Article.objects.filter(section=section),
        )


class AtomSectionFeed(SectionFeed):
    feed_type = AtomFeed


class AuthorFeed(StoryFeed):
    """The newest stories with ``username`` in the byline, co-written ones included
    (404 for someone without a published story)."""

    def load_object(self, request: HttpRequest, **kwargs: Any) -> StoryScope:
        person = selectors.author_by_username(kwargs["username"])
        return StoryScope(
            title=f"{person.public_name} — {settings.MASTHEAD_SITE_NAME}",
            description=f"Stories by {person.public_name} on {settings.MASTHEAD_SITE_NAME}.",
            page=reverse("articles:author", kwargs={"username": person.username}),
            feed_path=request.path,
            stories=Article.objects.filter(bylines__person=person),
        )


class AtomAuthorFeed(AuthorFeed):
    feed_type = AtomFeed


class TagFeed(StoryFeed):
    """The newest stories with one tag (``slug``; 404 if there is none)."""

    def load_object(self, request: HttpRequest, **kwargs: Any) -> StoryScope:
        tag = selectors.tag_by_slug(kwargs["slug"])
        return StoryScope(
            title=f"{tag.name} — {settings.MASTHEAD_SITE_NAME}",
            description=f"Stories about {tag.name} on {settings.MASTHEAD_SITE_NAME}.",
            page=tag.get_absolute_url(),
            feed_path=request.path,
            stories=Article.objects.filter(tags=tag),
        )


class AtomTagFeed(TagFeed):
    feed_type = AtomFeed
