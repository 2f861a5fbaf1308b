from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from . import actions, selectors
from .forms import ArticleAdminForm
from .models import Article, Byline, Correction, ReprintRequest, Section, Source, Tag


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin[Section]):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(
        self, request: HttpRequest, obj: Section, form: ModelForm[Section], change: bool
    ) -> None:
        actions.save_section(section=obj)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("name", "url")
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class BylineInline(admin.TabularInline[Byline, Article]):
    model = Byline
    extra = 1
    autocomplete_fields = ("person",)
    verbose_name = "author"
    verbose_name_plural = "Byline (in order)"


class CorrectionInline(admin.StackedInline[Correction, Article]):
    model = Correction
    extra = 0
    verbose_name_plural = "Corrections (shown under the story, dated)"


class BylineFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(pk), name) for pk, name in selectors.byline_people_for_filter()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        value = self.value() or ""
        if value.isdigit():
            return queryset.filter(bylines__person_id=int(value))
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    form = ArticleAdminForm
    inlines = (BylineInline, CorrectionInline)
    list_display = (
        "headline",
        "section",
        "publication",
        "byline_names",
        "comment_count",
        "comments_mode",
    )
    list_filter = ("status", "section", BylineFilter, "tags", "comments_mode")
    search_fields = ("headline", "summary", "slug", "bylines__person__display_name", "tags__name")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("source", "tags")
    radio_fields = {"comments_mode": admin.HORIZONTAL, "status": admin.HORIZONTAL}
    actions = ("publish_now", "back_to_draft")
    readonly_fields = (
        "links",
        "lead_image_preview",
        "former_addresses",
        "discussion_now",
        "comment_count",
        "last_comment_number",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("headline", "slug", "links", "summary", "body")}),
        ("Placement", {"fields": ("section", "tags", "source")}),
        (
            "Publication",
            {
                "fields": (
                    "status",
                    "published_at",
                    ("revised_at", "mark_updated"),
                    "former_addresses",
                )
            },
        ),
        (
            "Lead image",
            {"fields": ("lead_image", "lead_image_preview", "lead_image_alt", "lead_image_credit")},
        ),
        (
            "Discussion",
            {
                "fields": (
                    ("comments_mode", "comments_close_after_days"),
                    "discussion_now",
                    "comment_count",
                    "last_comment_number",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_model(
        self, request: HttpRequest, obj: Article, form: ModelForm[Article], change: bool
    ) -> None:
        actions.save_article(article=obj)
        if obj.status == Article.Status.SCHEDULED and obj.published_at:
            when = date_format(timezone.localtime(obj.published_at), "M j, Y, H:i T")
            self.message_user(request, f"“{obj.headline}” will be published on {when}.")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .select_related("section")
            .prefetch_related("bylines__person")
        )

    @admin.display(description="Publication", ordering="published_at")
    def publication(self, obj: Article) -> str:
        if obj.status == Article.Status.DRAFT or obj.published_at is None:
            return "Draft"
        when = date_format(timezone.localtime(obj.published_at), "M j, Y, H:i")
        if obj.is_visible_now():
            return f"Published {when}"
        return f"Scheduled for {when}"

    @admin.display(description="Byline")
    def byline_names(self, obj: Article) -> str:
        return ", ".join(p.public_name for p in obj.byline()) or "—"

    @admin.display(description="On the site")
    def links(self, obj: Article) -> str:
        if obj.pk is None:
            return "—"
        label = "View on site" if obj.is_visible_now() else "Preview (staff only)"
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), label)

    @admin.display(description="Current image")
    def lead_image_preview(self, obj: Article) -> str:
        if not obj.lead_image_renditions:
            return "—"
        smallest = obj.lead_image_renditions[0]
        return format_html(
            '<img src="{}" alt="" width="240" style="height:auto"> <br>{} widths: {}',
            obj.lead_image.storage.url(smallest["name"]),
            len(obj.lead_image_renditions),
            ", ".join(f"{r['width']} px" for r in obj.lead_image_renditions),
        )

    @admin.display(description="Former addresses (answer 301 to the current one)")
    def former_addresses(self, obj: Article) -> str:
        slugs = [f.slug for f in obj.former_slugs.all()] if obj.pk else []
        if not slugs:
            return "—"
        return format_html_join(", ", "<code>/story/{}/</code>", ((s,) for s in slugs))

    @admin.display(description="Comments now")
    def discussion_now(self, obj: Article | None) -> str:
        """What readers see today, as ``selectors.discussion_status`` decides it."""
        if obj is None or obj.pk is None:
            return "—"
        status = selectors.discussion_status(obj)
        if not status.open:
            return status.notice
        if status.closes_at is None:
            return "Open."
        return f"Open until {date_format(timezone.localtime(status.closes_at), 'M j, Y, H:i')}."

    @admin.action(description="Publish the selected stories now")
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            article.status = Article.Status.PUBLISHED
            if article.published_at is None or article.published_at > timezone.now():
                article.published_at = timezone.now()
            actions.save_article(article=article)
        self.message_user(request, f"Published {len(queryset)} stories.", messages.SUCCESS)

    @admin.action(description="Take the selected stories back to draft")
    def back_to_draft(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            article.status = Article.Status.DRAFT
            actions.save_article(article=article)
        self.message_user(request, f"{len(queryset)} stories are drafts now.", messages.SUCCESS)


@admin.register(ReprintRequest)
class ReprintRequestAdmin(admin.ModelAdmin[ReprintRequest]):
    list_display = (
        "created_at",
        "name",
        "email",
        "organisation",
        "intended_use",
        "article",
        "handled",
    )
    list_filter = ("handled", "intended_use")
    list_editable = ("handled",)
    search_fields = ("name", "email", "organisation", "article__headline")
    readonly_fields = (
        "article",
        "name",
        "email",
        "organisation",
        "intended_use",
        "copies",
        "message",
        "created_at",
    )
    list_select_related = ("article",)
