"""Moderation's reactions to saves of its own models."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from masthead.core import pagecache

from .models import Ban
from .selectors import BANS_KEY


def bans_changed(sender: type[Ban], **kwargs: Any) -> None:
    """A ban was made, lifted or edited (by the actions or in the admin): the cached
    list of banned people is stale. Bumped now and again on commit, so that a list
    rebuilt in between, before the change was visible, does not outlive it."""
    pagecache.bump(BANS_KEY)
    transaction.on_commit(lambda: pagecache.bump(BANS_KEY))
