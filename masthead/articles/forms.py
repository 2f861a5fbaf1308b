from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from .models import Article, ReprintRequest


class ArticleAdminForm(forms.ModelForm[Article]):
    """The editor's form. Publishing without a date means "publish now"."""

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "summary",
            "body",
            "section",
            "author",
            "source",
            "status",
            "published_at",
            "comments_mode",
            "comments_close_after_days",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


class ReprintRequestForm(forms.ModelForm[ReprintRequest]):
    class Meta:
        model = ReprintRequest
        fields = ["name", "email", "organisation", "intended_use", "copies", "message"]
        labels = {
            "organisation": "Organisation (optional)",
            "copies": "Number of copies (optional)",
            "message": "Anything else we should know",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        return name.strip()
