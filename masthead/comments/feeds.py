"""The discussion of a story as a feed: ``/story/<slug>/comments/feed/`` (RSS 2.0) and
``/story/<slug>/comments/feed/atom/``.

The ``FEED_COMMENTS`` newest published comments, newest first: "#N by Name" as the
title, the permalink as the link, the author's public name (a guest's typed name) and
the comment's HTML. Held, removed and deleted comments never appear, and no e-mail
address does: a guest's is not even read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from masthead.articles.models import Article
from masthead.core.feeds import AtomFeed, ConditionalFeed, Freshness, public_url

from . import selectors
from .selectors import FeedComment


class CommentFeed(ConditionalFeed):
    """A story's newest published comments, in RSS 2.0 (404 for a story readers do
    not see)."""

    def load_object(self, request: HttpRequest, **kwargs: Any) -> Article:
        return selectors.article_for_comment_feed(kwargs["slug"])

    def freshness(self, obj: Article) -> Freshness:
        changed = selectors.comments_last_change(obj)
        # The story's own save counts too: its headline is the feed's title.
        last_modified = max(t for t in (changed, obj.updated_at) if t is not None)
        state = f"{obj.pk}-{obj.comment_count}-{obj.last_comment_number}"
        return Freshness(f"{state}-{last_modified.timestamp():.6f}", last_modified)

    def title(self, obj: Article) -> str:
        return f"Comments on “{obj.headline}” — {settings.MASTHEAD_SITE_NAME}"

    def description(self, obj: Article) -> str:
        return f"The newest comments on “{obj.headline}”."

    def subtitle(self, obj: Article) -> str:
        return self.description(obj)

    def link(self, obj: Article) -> str:
        return public_url(obj.get_absolute_url()) + "#comments"

    def feed_url(self, obj: Article) -> str:
        return public_url(self.feed_path(obj))

    def feed_path(self, obj: Article) -> str:
        return reverse("comments:feed_rss", kwargs={"slug": obj.slug})

    def author_name(self, obj: Article) -> str:
        name: str = settings.MASTHEAD_SITE_NAME
        return name

    def items(self, obj: Article) -> list[FeedComment]:
        return selectors.feed_comments(obj)

    def item_title(self, item: FeedComment) -> str:
        return f"#{item.number} by {item.author_name}"

    def item_description(self, item: FeedComment) -> str:
        return item.body_html

    def item_link(self, item: FeedComment) -> str:
        return public_url(item.url)

    def item_pubdate(self, item: FeedComment) -> datetime:
        return item.created_at

    def item_updateddate(self, item: FeedComment) -> datetime:
        return item.edited_at or item.created_at

    def item_extra_kwargs(self, item: FeedComment) -> dict[str, Any]:
        return {"authors": [item.author_name]}


class AtomCommentFeed(CommentFeed):
    """A story's newest published comments, in Atom."""

    feed_type = AtomFeed

    def feed_path(self, obj: Article) -> str:
        return reverse("comments:feed_atom", kwargs={"slug": obj.slug})
