from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from . import images
from .models import Article, ReprintRequest


class ArticleAdminForm(forms.ModelForm[Article]):
    """The editor's form.

    Publishing without a time means "publish now"; publishing with a time still to come
    schedules the story. Scheduling needs a time that has not passed. A lead image needs
    a description for readers who cannot see it.
    """

    mark_updated = forms.BooleanField(
        label="Mark as updated now",
        required=False,
        help_text="Shows “Updated” with the current time on the story (substantive changes).",
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "summary",
            "body",
            "section",
            "tags",
            "source",
            "status",
            "published_at",
            "revised_at",
            "lead_image",
            "lead_image_alt",
            "lead_image_credit",
            "comments_mode",
            "comments_close_after_days",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vTextField", "style": "width: 40em"}),
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def clean_lead_image(self) -> Any:
        image = self.cleaned_data.get("lead_image")
        if isinstance(image, UploadedFile):  # a new upload, not the stored image
            images.check_upload(image)
        return image

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        now = timezone.now()
        status, when = cleaned.get("status"), cleaned.get("published_at")
        if status == Article.Status.PUBLISHED:
            if when is None:
                cleaned["published_at"] = now
            elif when > now:
                cleaned["status"] = Article.Status.SCHEDULED
        elif status == Article.Status.SCHEDULED:
            if when is None:
                self.add_error("published_at", "A scheduled story needs a publication time.")
            elif when <= now and self._time_changed(when):
                self.add_error(
                    "published_at",
                    "That time has passed. Choose a later time, or “Published” to publish now.",
                )
        if cleaned.get("lead_image") and not (cleaned.get("lead_image_alt") or "").strip():
            self.add_error(
                "lead_image_alt", "Describe the lead image for readers who cannot see it."
            )
        if cleaned.get("mark_updated"):
            cleaned["revised_at"] = now
        return cleaned

    def _time_changed(self, when: Any) -> bool:
        """A scheduled story saved again after its time (the task not yet run) is fine."""
        return self.instance.pk is None or bool(self.instance.published_at != when)


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
