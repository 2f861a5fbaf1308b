from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import actions, signals
from .models import LoginFailure, User


class MemberChangeForm(UserChangeForm[User]):
    """Staff renaming a member go through the same name rules as the member would."""

    def clean_display_name(self) -> str:
        name: str = self.cleaned_data.get("display_name", "")
        if not name or name == self.instance.display_name:
            return name
        try:
            actions.apply_display_name(self.instance, name)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return self.instance.display_name


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = MemberChangeForm
    list_display = (
        "username",
        "display_name",
        "email",
        "post_count",
        "date_joined",
        "is_staff",
        "is_moderator",
    )
    list_filter = ("is_staff", "is_moderator", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "email")
    readonly_fields = ("post_count",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Community", {"fields": ("display_name", "is_moderator", "post_count")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "display_name" in form.changed_data:
            signals.member_changed.send(sender=User, user=obj)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin[LoginFailure]):
    list_display = ("created_at", "ip", "login_key")
    list_filter = ("created_at",)
    search_fields = ("ip",)
    readonly_fields = ("created_at", "ip", "login_key")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
