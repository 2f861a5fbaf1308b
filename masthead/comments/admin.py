"""The discussion in the admin: read-only, since every change to a comment goes through
an action that keeps numbers, counts and the page cache true (moderation has its own
screens). Earlier texts of edited comments are listed under each comment."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Comment, CommentRevision


class CommentRevisionInline(admin.TabularInline[CommentRevision, Comment]):
    model = CommentRevision
    fields = ("written_at", "replaced_at", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "earlier text"
    verbose_name_plural = "earlier texts (before each edit)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ("__str__", "article", "author", "guest_name", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("article", "author")
    search_fields = ("body", "guest_name", "author__username", "article__headline")
    date_hierarchy = "created_at"
    inlines = (CommentRevisionInline,)
    fields = (
        "article",
        "number",
        "reply_to_number",
        "author",
        "guest_name",
        "guest_email",
        "status",
        "created_at",
        "edited_at",
        "body",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
