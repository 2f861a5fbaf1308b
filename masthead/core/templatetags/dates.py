"""``{{ value|iso8601 }}``: the form of a date for ``<time datetime="...">``."""

from __future__ import annotations

from datetime import datetime

from django import template

from masthead.core import dates

register = template.Library()


@register.filter
def iso8601(value: datetime | None) -> str:
    """Whole seconds with the offset (see ``masthead.core.dates.iso8601``); empty for
    no date."""
    return dates.iso8601(value) if value else ""
