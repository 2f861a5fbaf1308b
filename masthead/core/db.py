"""Database helpers shared by the apps' actions."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

try:
    import fcntl
except ImportError:  # not on Windows: writers wait in SQLite's busy handler there
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)
_sqlite_writers = threading.Lock()


@contextmanager
def write_transaction() -> Iterator[None]:
    """``transaction.atomic()`` for a write; on a SQLite file, writers take turns first.

    SQLite lets one writer in at a time. Left to itself, a writer that finds the lock
    taken sleeps in its busy handler, 1 ms at first and longer each time, however soon
    the lock comes free: under the posting benchmark a fifth of all posts slept so, about
    a tenth of each process's time. Here the writers of one process queue on a thread
    lock and the processes on a lock file beside the database (``flock``): a waiting
    writer wakes the moment the one before it commits. The file's turn is given up right
    after the commit, before the transaction's on-commit callbacks run. Writers that do
    not come through here (a management command, the ORM outside an action) still meet
    in SQLite's busy handler, as before. Other databases lock rows themselves and skip
    all this.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _sqlite_writers:
        turn = _writer_turn_file(str(connection.settings_dict["NAME"]))
        if turn is None:
            with transaction.atomic():
                yield
            return
        fcntl.flock(turn, fcntl.LOCK_EX)
        held = True

        def give_up_turn() -> None:
            nonlocal held
            if held:
                held = False
                fcntl.flock(turn, fcntl.LOCK_UN)

        try:
            with transaction.atomic():
                transaction.on_commit(give_up_turn)
                yield
        finally:
            give_up_turn()


# The lock files this process has open, by database path, and the process they were
# opened in (a forked child opens its own: a lock taken through a descriptor it shares
# with its parent would be the parent's too).
_turn_files: dict[str, int] = {}
_turn_files_pid = os.getpid()


def _writer_turn_file(database: str) -> int | None:
    """A descriptor of ``<database>-writer``, the file SQLite writers take turns on;
    ``None`` for an in-memory database, or if the file cannot be opened (the writers
    then meet in SQLite's busy handler)."""
    global _turn_files_pid
    path = database[5:].split("?", 1)[0] if database.startswith("file:") else database
    if fcntl is None or not path or ":memory:" in database or "mode=memory" in database:
        return None
    if _turn_files_pid != os.getpid():
        _turn_files.clear()
        _turn_files_pid = os.getpid()
    turn = _turn_files.get(path)
    if turn is None:
        try:
            turn = os.open(f"{path}-writer", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            logger.warning("SQLite writers will wait in SQLite's busy handler: %s", exc)
            return None
        _turn_files[path] = turn
    return turn


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
    log in other processes and under a load that outpaces this thread. Each process
    starts a thread, and one of them at a time checkpoints a given database
    (``_CheckpointerTurn``). Returns whether a thread was started: once per database
    file and process, and only for a SQLite file."""
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
    turn = _checkpointer_turn(path)
    try:
        while True:
            if turn is not None and not turn.take():
                time.sleep(interval)  # another process checkpoints: ask again later
                continue
            time.sleep(interval)
            try:
                db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as exc:  # busy, or the file went away: try again later
                logger.warning("SQLite checkpoint failed: %s", exc)
    finally:
        db.close()


class _CheckpointerTurn:
    """One checkpointing thread per database, whatever the number of server processes:
    the one holding a lock on ``<database>-checkpointer`` checkpoints, the others wait
    to take it over (the kernel frees it when its process ends). With a checkpointer in
    every process, the log was copied and synced several times a second."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.held = False

    def take(self) -> bool:
        if not self.held:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.held = True
            except BlockingIOError:
                pass
        return self.held


def _checkpointer_turn(path: str) -> _CheckpointerTurn | None:
    """``None`` where file locks are not available: then every process checkpoints."""
    if fcntl is None:
        return None
    try:
        fd = os.open(f"{path}-checkpointer", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        logger.warning("every process will checkpoint SQLite's log: %s", exc)
        return None
    return _CheckpointerTurn(fd)
