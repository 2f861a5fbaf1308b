from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from . import actions
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
    list_display = ("headline", "section", "status", "published_at", "author", "comment_count")
    list_filter = ("status", "section")
    search_fields = ("headline", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("source",)
    raw_id_fields = ("author",)
    readonly_fields = ("comment_count", "last_comment_number", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "summary", "body")}),
        ("Placement", {"fields": ("section", "author", "source")}),
        ("Publication", {"fields": ("status", "published_at")}),
        (
            "Discussion",
            {"fields": ("comment_count", "last_comment_number", "created_at", "updated_at")},
        ),
    )

    def save_model(
        self, request: HttpRequest, obj: Article, form: ModelForm[Article], change: bool
    ) -> None:
        actions.save_article(article=obj)

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
