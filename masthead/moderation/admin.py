"""Moderation in the Django admin: read-only records. Decisions are made on the
moderators' pages (/moderation/), whose actions write the audit log; an edit here would
bypass it, so these lists only show."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import AuditEntry, Ban, Flag


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Lists and shows rows; never adds, changes or deletes them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "moderator", "action", "comment", "member", "before", "after")
    list_filter = ("action",)
    search_fields = ("moderator__username", "member__username", "reason")
    list_select_related = ("moderator", "comment", "member")
    date_hierarchy = "created_at"
    raw_id_fields = ("moderator", "comment", "member", "ban")


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "comment", "reason", "flagger", "resolved_at")
    list_filter = ("reason",)
    search_fields = ("flagger__username", "note")
    list_select_related = ("comment", "flagger")
    raw_id_fields = ("comment", "flagger")


@admin.register(Ban)
class BanAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "reason", "starts_at", "ends_at", "lifted_at", "created_by")
    list_filter = ("kind",)
    search_fields = ("member__username", "reason", "ip")
    list_select_related = ("member", "created_by")
    raw_id_fields = ("member", "created_by")
