"""Database helpers shared by the apps' actions."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

logger = logging.getLogger(__name__)
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


# ---------------------------------------------------------------- SQLite checkpoints

_checkpointed: set[str] = set()
_checkpointer_lock = threading.Lock()


def start_sqlite_checkpointer(interval: float = 1.0, *, path: str | None = None) -> bool:
    """In a server process on SQLite: copy the write-ahead log into the database every
    ``interval`` seconds from a daemon thread (a PASSIVE checkpoint: it never waits
    for, nor holds up, readers and writers). ``path``: the database file (the default
    database's, if not given).

    Left to the writing connection (every 1,000 pages, SQLite's default), a checkpoint
    and its fsync ran inside a request after every few dozen posts; moved here, posting
    went about 6% faster (``make bench``'s posting case). Connections still checkpoint
    themselves past 10,000 pages (the settings' ``wal_autocheckpoint``): that bounds the
    log in other processes and under a load that outpaces this thread. Returns whether a thread was
    started: once per database file and process, and only for a SQLite file."""
    if path is None:
        from django.db import connections

        config = connections["default"].settings_dict
        if config["ENGINE"] != "django.db.backends.sqlite3":
            return False
        path = str(config["NAME"])
    if not path or ":memory:" in path or path.startswith("file:"):
        return False
    with _checkpointer_lock:
        if path in _checkpointed:
            return False
        _checkpointed.add(path)
    thread = threading.Thread(
        target=_checkpoint_forever, args=(path, interval), name="sqlite-checkpoint", daemon=True
    )
    thread.start()
    return True


def _checkpoint_forever(path: str, interval: float) -> None:
    db = sqlite3.connect(path, timeout=interval, isolation_level=None, check_same_thread=False)
    try:
        while True:
            time.sleep(interval)
            try:
                db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as exc:  # busy, or the file went away: try again later
                logger.warning("SQLite checkpoint failed: %s", exc)
    finally:
        db.close()
