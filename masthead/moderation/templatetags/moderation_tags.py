"""``{% moderation_link %}``: the site header's "Moderation (N pending)" for moderators."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..selectors import can_moderate, pending_count

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_link(context: template.Context, css_class: str = "") -> SafeString:
    """The link to the queue with its pending count, for moderators and staff; nothing
    (and no query) for anyone else, so shared anonymous pages stay as they were."""
    user: Any = context.get("user")
    if not can_moderate(user):
        return SafeString("")
    return format_html(
        '<a class="{}" href="{}">Moderation ({} pending)</a>',
        css_class,
        reverse("moderation:queue"),
        pending_count(),
    )
