"""Dates as machines read them: ``<time datetime>``, JSON-LD, OpenGraph."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def iso8601(value: datetime) -> str:
    """``value`` in the site's time zone, to the second, with its offset
    (``2026-11-26T18:31:18+00:00``).

    HTML's ``datetime`` attribute takes at most three digits of a fraction of a second,
    so Python's ``isoformat()`` (and Django's ``date:"c"``), which write six whenever a
    time has microseconds, make invalid pages; nobody needs more than the second.
    """
    return timezone.localtime(value).isoformat(timespec="seconds")
