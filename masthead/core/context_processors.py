from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and tagline for every template."""
    return {
        "site_name": settings.MASTHEAD_SITE_NAME,
        "site_tagline": settings.MASTHEAD_SITE_TAGLINE,
    }
