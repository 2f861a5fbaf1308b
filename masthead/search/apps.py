from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _ensure_index(sender: AppConfig, *, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: a later migration that rebuilt a table on SQLite dropped its
    triggers; put them back and reindex (``schema.ensure_sqlite_triggers``)."""
    from . import schema

    schema.ensure_sqlite_triggers(connections[using])


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        post_migrate.connect(_ensure_index, sender=self, dispatch_uid="search-ensure-index")
