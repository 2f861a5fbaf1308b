"""Reads for live streams. Held and removed comments are never returned: only what a
reader of the page may already see is ever sent down a stream."""

from __future__ import annotations

from django.http import Http404

from masthead.articles.models import Article
from masthead.comments.models import Comment


def live_article(slug: str) -> Article:
    """The published story at ``slug`` with what a stream needs (id, slug, last comment
    number, its byline for the Author badge); 404 for an unknown, draft or scheduled
    story. Two queries, no writes."""
    try:
        return (
            Article.objects.published()
            .only("id", "slug", "last_comment_number", "status", "published_at")
            .prefetch_related("bylines")
            .get(slug=slug)
        )
    except Article.DoesNotExist as exc:
        raise Http404("No such story.") from exc


def published_comments_after(*, article_id: int, after: int, limit: int) -> list[Comment]:
    """The story's published comments numbered above ``after``, in number order, authors
    joined: at most ``limit + 1`` of them, so a caller can tell that more exist than it
    will send. One query on the (article, number) index, no writes."""
    return list(
        Comment.objects.published()
        .filter(article_id=article_id, number__gt=after)
        .with_authors()
        .order_by("number")[: limit + 1]
    )


def published_comment(comment_id: int) -> Comment | None:
    """The comment with its author as it is now, or ``None`` unless it is published.
    One query, no writes."""
    return Comment.objects.published().with_authors().filter(pk=comment_id).first()
