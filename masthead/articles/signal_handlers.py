"""The articles app's reactions to lower apps' signals."""

from __future__ import annotations

from typing import Any

from masthead.accounts.models import User

from .caching import site_changed


def member_changed(sender: type[User], user: User, **kwargs: Any) -> None:
    """A member was renamed or deleted: any cached page may show their name."""
    site_changed()
