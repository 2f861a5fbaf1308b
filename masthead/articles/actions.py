"""Writes to stories. Every change to an article's text goes through here so that its
HTML is rendered once, when it is saved, and never on a reader's request."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from masthead.core.markup import STORY, render_markdown

from . import caching
from .models import Article, ReprintRequest, Section, Source

# Kept by the comment actions, never by a save: an editor's form loaded before the
# latest comment would write old values back, and an old ``last_comment_number`` would
# hand out a number already taken.
_COMMENT_COUNTERS = frozenset({"last_comment_number", "comment_count"})


def save_article(*, article: Article) -> Article:
    """Render the body, stamp ``published_at`` on first publication, and save.

    Used by the admin and by loaders; callers set the editable fields first. Saving an
    existing story writes every field but the comment counters (see above).
    """
    article.body_html = render_markdown(article.body, profile=STORY)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    with transaction.atomic():
        if article._state.adding:
            article.save()
        else:
            article.save(
                update_fields=[
                    f.name
                    for f in Article._meta.concrete_fields
                    if not f.primary_key and f.name not in _COMMENT_COUNTERS
                ]
            )
        transaction.on_commit(caching.site_changed)
    return article


def save_section(*, section: Section) -> Section:
    """Save a section; every page's menu shows it."""
    with transaction.atomic():
        section.save()
        transaction.on_commit(caching.site_changed)
    return section


def create_article(
    *,
    headline: str,
    slug: str,
    body: str,
    section: Section,
    summary: str = "",
    author_id: int | None = None,
    source: Source | None = None,
    published_at: datetime | None = None,
    status: str = Article.Status.PUBLISHED,
    comments_mode: str = Article.CommentsMode.OPEN,
    comments_close_after_days: int | None = None,
) -> Article:
    """Create a story (published now unless ``published_at`` or ``status`` say otherwise).

    Comments are open unless ``comments_mode`` says otherwise; an auto-closing story
    closes ``comments_close_after_days`` after publication (default
    ``MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS``).
    """
    article = Article(
        headline=headline,
        slug=slug,
        summary=summary,
        body=body,
        section=section,
        author_id=author_id,
        source=source,
        status=status,
        published_at=published_at,
        comments_mode=comments_mode,
    )
    if comments_close_after_days is not None:
        article.comments_close_after_days = comments_close_after_days
    return save_article(article=article)


def request_reprint(
    *,
    article: Article,
    name: str,
    email: str,
    intended_use: str,
    organisation: str = "",
    copies: int | None = None,
    message: str = "",
) -> ReprintRequest:
    """Store a reader's reprint or permission request for staff to answer."""
    return ReprintRequest.objects.create(
        article=article,
        name=name,
        email=email,
        organisation=organisation,
        intended_use=intended_use,
        copies=copies,
        message=message,
    )
