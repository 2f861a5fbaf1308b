from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ("username", "display_name", "email", "post_count", "date_joined", "is_staff")
    search_fields = ("username", "display_name", "email")
    readonly_fields = ("post_count",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Community", {"fields": ("display_name", "post_count")}),
    )
