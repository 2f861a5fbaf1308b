"""A member's copy of their data ("Download my data").

Accounts writes the profile part; higher apps add their own sections through
``register_export_section`` in their ``AppConfig.ready()`` (accounts cannot import
them). A section function gets the member and returns JSON-able values about that
member only, in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress

from .models import User

ExportSection = Callable[[User], Any]

# The profile's own key; sections may not take it.
PROFILE = "profile"

_sections: dict[str, ExportSection] = {}


def register_export_section(name: str, section: ExportSection) -> ExportSection:
    """Add ``section`` to every export under ``name`` (registering the same function
    again is a no-op; another function under a taken name is a mistake)."""
    if name == PROFILE or _sections.get(name, section) is not section:
        raise ValueError(f"The export section {name!r} is taken.")
    _sections[name] = section
    return section


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def profile_data(user: User) -> dict[str, Any]:
    """What the site keeps about ``user`` as a member (one query, for the e-mail
    addresses). Never the password hash."""
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "post_count": user.post_count,
        "is_staff": user.is_staff,
        "is_moderator": user.is_moderator,
        "notify_on_reply": user.notify_on_reply,
        "notify_on_mention": user.notify_on_mention,
    }


def member_data(user: User) -> dict[str, Any]:
    """The whole export for ``user``: the profile, then each registered section."""
    data: dict[str, Any] = {PROFILE: profile_data(user)}
    for name, section in _sections.items():
        data[name] = section(user)
    return data
