"""Database helpers shared by the apps' actions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_sqlite_writers = threading.Lock()


@contextmanager
def write_transaction() -> Iterator[None]:
    """``transaction.atomic()`` for a write, queueing writers of this process first on
    SQLite.

    SQLite lets one writer in at a time; the others wait in its busy handler, which
    sleeps in steps of up to 100 ms, so under load most of a post's time was spent
    asleep after the lock was already free (p99 ~300 ms). A thread lock hands the turn
    over at once between this process's threads; only processes still meet in SQLite.
    Other databases lock rows themselves and skip this.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _sqlite_writers, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield
