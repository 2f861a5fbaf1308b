"""Writes to stories. Every change to an article's text goes through here so that its
HTML is rendered once, when it is saved, and never on a reader's request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from masthead.core.markup import STORY, render_markdown

from . import caching, images
from .models import Article, Byline, Correction, FormerSlug, ReprintRequest, Section, Source, Tag

# Kept by the comment actions, never by a save: an editor's form loaded before the
# latest comment would write old values back, and an old ``last_comment_number`` would
# hand out a number already taken.
_COMMENT_COUNTERS = frozenset({"last_comment_number", "comment_count"})


def save_article(*, article: Article) -> Article:
    """Render the body, stamp ``published_at`` on first publication, store a new lead
    image's renditions, keep the old address of a changed slug, and save.

    Used by the admin and by loaders; callers set the editable fields first. Saving an
    existing story writes every field but the comment counters (see above). A scheduled
    story gets a task that publishes it at its time (when the task backend can wait);
    readers see it from that time whether or not the task has run.
    """
    article.body_html = render_markdown(article.body, profile=STORY)
    now = timezone.now()
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    if article.status != Article.Status.DRAFT and article.published_at is not None:
        # "Published" with a time to come is a schedule; a schedule whose time has come
        # is a publication.
        due = article.published_at <= now
        article.status = Article.Status.PUBLISHED if due else Article.Status.SCHEDULED
    _store_lead_image(article)
    with transaction.atomic():
        old_slug = None
        if article._state.adding:
            article.save()
        else:
            old_slug = Article.objects.filter(pk=article.pk).values_list("slug", flat=True).first()
            article.save(
                update_fields=[
                    f.name
                    for f in Article._meta.concrete_fields
                    if not f.primary_key and f.name not in _COMMENT_COUNTERS
                ]
            )
        # The story owns its current address even if another story once had it.
        FormerSlug.objects.filter(slug=article.slug).delete()
        if old_slug and old_slug != article.slug:
            FormerSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})
            transaction.on_commit(lambda: caching.story_changed(old_slug))
        transaction.on_commit(caching.site_changed)
        if article.status == Article.Status.SCHEDULED and article.published_at is not None:
            when = article.published_at
            transaction.on_commit(lambda: _schedule_publication(when))
    return article


def _store_lead_image(article: Article) -> None:
    """A newly uploaded lead image becomes its renditions; the upload is not kept."""
    upload = article.lead_image
    if not upload:
        article.lead_image_renditions = []
        article.lead_image_width = article.lead_image_height = None
        return
    if getattr(upload, "_committed", True):
        return
    base = upload.field.generate_filename(article, upload.name or "lead").rsplit(".", 1)[0]
    renditions = images.store_renditions(upload.file, base_name=base)
    widest = renditions[-1]
    article.lead_image = widest.name
    article.lead_image_width, article.lead_image_height = widest.width, widest.height
    article.lead_image_renditions = [r.as_dict() for r in renditions]


def _schedule_publication(when: datetime) -> None:
    from .tasks import publish_due_stories

    if publish_due_stories.get_backend().supports_defer:
        publish_due_stories.using(run_after=when).enqueue()


def publish_due_stories(*, now: datetime | None = None) -> list[str]:
    """Mark scheduled stories whose time has come as published and refresh every list
    that shows headlines. Returns the slugs published. Run by the task queued when the
    story was scheduled, and by ``manage.py publish_scheduled`` (for cron)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Article.objects.select_for_update()
            .filter(status=Article.Status.SCHEDULED, published_at__lte=now)
            .values_list("pk", "slug")
        )
        if due:
            Article.objects.filter(pk__in=[pk for pk, _ in due]).update(
                status=Article.Status.PUBLISHED
            )
            transaction.on_commit(caching.site_changed)
    return [slug for _, slug in due]


def set_byline(*, article: Article, people: list[Any]) -> None:
    """Replace the story's authors with ``people``, in that order."""
    with transaction.atomic():
        Byline.objects.filter(article=article).delete()
        Byline.objects.bulk_create(
            [Byline(article=article, person=p, position=i) for i, p in enumerate(people)]
        )
        transaction.on_commit(caching.site_changed)


def set_tags(*, article: Article, names: list[str]) -> list[Tag]:
    """Tag the story with ``names``, creating tags that do not exist yet."""
    tags = []
    with transaction.atomic():
        for name in names:
            slug = slugify(name)
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
            tags.append(tag)
        article.tags.set(tags)
        transaction.on_commit(caching.site_changed)
    return tags


def add_correction(*, article: Article, text: str, when: datetime | None = None) -> Correction:
    """Publish a correction under the story, dated ``when`` (default now)."""
    with transaction.atomic():
        correction = Correction.objects.create(
            article=article, text=text.strip(), created_at=when or timezone.now()
        )
        transaction.on_commit(caching.site_changed)
    return correction


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
    authors: list[Any] | None = None,
    tags: list[str] | None = None,
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
        source=source,
        status=status,
        published_at=published_at,
        comments_mode=comments_mode,
    )
    if comments_close_after_days is not None:
        article.comments_close_after_days = comments_close_after_days
    with transaction.atomic():
        save_article(article=article)
        if authors:
            set_byline(article=article, people=authors)
        if tags:
            set_tags(article=article, names=tags)
    return article


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
