"""The live-updates panel: the "N new comments — show" control under a story.

The panel holds nothing personal (the page it sits on is cached and shared by every
anonymous reader): the stream's URL and the newest comment number when the page was
rendered, which changes only when a comment does — and that makes a new page anyway.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from masthead.articles.models import Article
from masthead.articles.panels import PageKind, Panel


def live_panel(request: HttpRequest, article: Article, kind: PageKind) -> Panel | None:
    """On a published story's page only: print views and previews have no stream."""
    if kind != "page" or not article.is_published:
        return None
    if article.published_at is None or article.published_at > timezone.now():
        return None
    return Panel(
        template_name="live/_live_panel.html",
        context={
            "stream_url": reverse("live:stream", kwargs={"slug": article.slug}),
            "after": article.last_comment_number,
        },
    )
