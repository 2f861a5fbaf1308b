"""Search backends, one per database (as Wagtail picks one per database): SQLite's FTS5
on the embedded profile, PostgreSQL's full-text search at scale. ``get_backend()``
answers the one for the connection in use; the selectors know nothing else."""

from __future__ import annotations

from django.db import connections
from django.db.utils import DEFAULT_DB_ALIAS, NotSupportedError

from .base import CommentRow, SearchBackend, StoryRow
from .postgres import PostgresBackend
from .sqlite import SQLiteBackend

BACKENDS: dict[str, type[SearchBackend]] = {
    SQLiteBackend.vendor: SQLiteBackend,
    PostgresBackend.vendor: PostgresBackend,
}

__all__ = ["BACKENDS", "CommentRow", "SearchBackend", "StoryRow", "get_backend"]


def get_backend(using: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    """The backend for the database ``using`` (``NotSupportedError`` for any other)."""
    connection = connections[using]
    try:
        backend = BACKENDS[connection.vendor]
    except KeyError:
        raise NotSupportedError(f"Search has no backend for {connection.vendor}.") from None
    return backend(connection)
