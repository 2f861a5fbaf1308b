from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from . import actions, selectors
from .forms import ArticleAdminForm
from .models import Article, ReprintRequest, Section, Source


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    form = ArticleAdminForm
    list_display = (
        "headline",
        "section",
        "status",
        "published_at",
        "author",
        "comment_count",
        "comments_mode",
    )
    list_filter = ("status", "section", "comments_mode")
    search_fields = ("headline", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("source",)
    raw_id_fields = ("author",)
    radio_fields = {"comments_mode": admin.HORIZONTAL}
    readonly_fields = (
        "discussion_now",
        "comment_count",
        "last_comment_number",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("headline", "slug", "summary", "body")}),
        ("Placement", {"fields": ("section", "author", "source")}),
        ("Publication", {"fields": ("status", "published_at")}),
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

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("section", "author")


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
