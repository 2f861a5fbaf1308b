from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from masthead.core.models import TimestampedModel

from .querysets import ArticleQuerySet


class Section(models.Model):
    """A desk of the newsroom (Mobile, Science, ...), with its own front page."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the navigation.")

    class Moderation(models.TextChoices):
        STANDARD = "standard", "Standard"
        STRICT = "strict", "Strict: hold every guest and new member, lower abuse threshold"

    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.STANDARD
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Source(models.Model):
    """Where a story's facts come from, shown as ``source: <name>`` under the story."""

    name = models.CharField(max_length=120, unique=True)
    url = models.URLField(max_length=500)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def default_comments_close_after_days() -> int:
    """A new story's comment period, from ``MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS``."""
    days: int = settings.MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS
    return days


class Tag(models.Model):
    """A topic that cuts across sections ("Earnings", "Sony"), with its own page."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


@lru_cache(maxsize=4096)
def _story_url(prefix: str, slug: str) -> str:
    """A story's address, reversed once per slug in a process: the story page asks for
    it many times, posting once, and ``reverse`` is not cheap. ``prefix`` is the script
    prefix ``reverse`` builds on, part of the key so that a change of it is not missed."""
    return reverse("articles:detail", kwargs={"slug": slug})


def lead_image_path(instance: Article, filename: str) -> str:
    """Uploads land by month; the action replaces them with stripped renditions."""
    now = timezone.now()
    return f"stories/{now:%Y/%m}/{filename}"


class Article(TimestampedModel):
    """A story. ``body_html`` is rendered from ``body`` when an editor saves it.

    A story is a draft, scheduled (``published_at`` in the future: readers see it from
    then on, and a task marks it published and refreshes the lists), or published.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    class CommentsMode(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        AUTO_CLOSE = "auto-close", "Close automatically"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=400, blank=True)
    body = models.TextField(help_text="Markdown. Raw HTML is not allowed.")
    body_html = models.TextField(blank=True, editable=False)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Byline", related_name="stories", blank=True
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        db_index=True,
        help_text="Scheduled stories appear at this time; empty means now.",
    )
    revised_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        help_text="Shown as “Updated …” on the story when set (substantive changes only).",
    )
    lead_image = models.ImageField(upload_to=lead_image_path, blank=True, max_length=255)
    lead_image_alt = models.CharField(
        "lead image description",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required with an image.",
    )
    lead_image_credit = models.CharField(max_length=200, blank=True)
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # [{"width": 480, "height": 270, "name": "stories/2026/11/x-480w.jpg"}, ...], widest last.
    lead_image_renditions = models.JSONField(default=list, blank=True, editable=False)
    # Kept by the comment actions: the last number handed out (never reused), and how
    # many comments are visible, for lists that show counts without counting.
    last_comment_number = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    comments_mode = models.CharField(
        "comments",
        max_length=10,
        choices=CommentsMode.choices,
        default=CommentsMode.OPEN,
        help_text="Closed keeps the discussion readable and takes no new comments.",
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        default=default_comments_close_after_days,
        validators=[MinValueValidator(1)],
        help_text="With “Close automatically”: how many days after publication. A "
        "cached copy of the page may show the form a few minutes longer; posts are refused.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(comments_close_after_days__gte=1),
                name="article_comments_close_after_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return _story_url(get_script_prefix(), self.slug)

    def get_print_url(self) -> str:
        return reverse("articles:print", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        """Published or scheduled: readers see it once ``published_at`` has come."""
        return self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)

    def is_visible_now(self) -> bool:
        """Published (or scheduled), and its publication time has come."""
        return (
            self.is_published
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def byline(self) -> list[Any]:
        """The story's authors in byline order (prefetch ``bylines__person`` for lists)."""
        return [b.person for b in self.bylines.all()]

    def comments_close_at(self) -> datetime | None:
        """When an auto-closing story stops taking comments (``None``: no set time)."""
        if self.comments_mode != self.CommentsMode.AUTO_CLOSE or self.published_at is None:
            return None
        return self.published_at + timedelta(days=self.comments_close_after_days)


class Byline(models.Model):
    """One author of a story, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="byline_once_per_story")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.article}"


class Correction(models.Model):
    """A correction or clarification, shown under the story, dated, never silently edited
    away."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text="What was wrong and what is right now. Plain text.")
    created_at = models.DateTimeField("published", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Correction to {self.article}"


class FormerSlug(models.Model):
    """An address a story had before its slug changed: old links answer 301."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.slug


class ReprintRequest(TimestampedModel):
    """A reader's request for presentation-ready copies or permission to republish."""

    class Use(models.TextChoices):
        PRINT_COPIES = "print", "Presentation-ready printed copies"
        REPUBLISH = "republish", "Republish online or in print"
        EDUCATION = "education", "Classroom or training use"
        OTHER = "other", "Something else"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reprint_requests")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    organisation = models.CharField(max_length=160, blank=True)
    intended_use = models.CharField(max_length=20, choices=Use.choices)
    copies = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(max_length=4000, blank=True)
    handled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} — {self.article}"
