"""Database helpers shared by the apps' actions and selectors."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

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


# ------------------------------------------------------------------ prepared queries


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # Where each argument goes in ``params`` (an argument may be used more than once).
    slots: tuple[tuple[int, ...], ...]
    compiler: SQLCompiler
    converters: dict[int, Any]
    # The selected columns; the ORM may add more at the end, for ordering only.
    width: int


class PreparedQuery:
    """A ``values_list`` query that a page runs on every request, compiled to SQL by the
    ORM once per database connection and then run with new arguments.

    Building and compiling a queryset costs more than running it on an indexed table:
    for a story page's comments, 0.9 ms of Python against 0.3 ms in the database.
    ``build(shape, *markers)`` returns the queryset; each marker stands for an argument
    of ``rows`` and is a value of its kind in ``kinds`` (``int`` or ``str``) that no real
    query contains. The compiled parameters must hold every marker unchanged, or the
    query is refused at its first use (``ImproperlyConfigured``) rather than run with a
    wrong value. ``shape`` is what changes the SQL itself (a LIMIT, say): each shape is
    compiled on its own. Arguments go to the database as they are, so each must be of
    its kind exactly, as the ORM would have converted it; the rows come back converted
    as the ORM converts them (dates and times, booleans).
    """

    _MARKER_BASE = 2_100_000_001  # within every integer column's range, so kept as is

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type) -> None:
        if any(kind not in (int, str) for kind in kinds):
            raise TypeError("a prepared query's arguments are int or str")
        self._build = build
        self._kinds = kinds
        self._markers: tuple[Any, ...] = tuple(
            self._MARKER_BASE + index if kind is int else f"\x00prepared-argument-{index}"
            for index, kind in enumerate(kinds)
        )
        self._compiled: weakref.WeakKeyDictionary[
            BaseDatabaseWrapper, dict[Hashable, _Compiled]
        ] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def rows(
        self, *args: int | str, shape: Hashable = None, using: str = DEFAULT_DB_ALIAS
    ) -> list[tuple[Any, ...]]:
        """The query's rows for ``args`` (one per kind), as ``values_list`` gives them."""
        if len(args) != len(self._kinds) or any(
            type(arg) is not kind for arg, kind in zip(args, self._kinds, strict=True)
        ):
            kinds = ", ".join(kind.__name__ for kind in self._kinds)
            raise TypeError(f"a prepared query takes ({kinds}), not {args!r}")
        db = connections[using]
        compiled = self._compiled.get(db, {}).get(shape)
        if compiled is None:
            compiled = self._compile(db, shape, using)
        params = list(compiled.params)
        for arg, slots in zip(args, compiled.slots, strict=True):
            for slot in slots:
                params[slot] = arg
        with db.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        if rows and len(rows[0]) > compiled.width:
            rows = [row[: compiled.width] for row in rows]
        if compiled.converters:
            rows = [
                tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)
            ]
        return rows

    def _compile(self, db: BaseDatabaseWrapper, shape: Hashable, using: str) -> _Compiled:
        query = self._build(shape, *self._markers).query
        if query.annotation_select or query.extra_select:
            raise ImproperlyConfigured("a prepared query selects model fields only")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = tuple(
            tuple(index for index, param in enumerate(params) if param == marker)
            for marker in self._markers
        )
        if not all(slots):
            raise ImproperlyConfigured(
                f"a prepared query lost an argument in compiling: {sql} {params!r}"
            )
        width = compiler.col_count or len(compiler.select)
        fields = [expression for expression, _, _ in compiler.select[:width]]
        compiled = _Compiled(
            sql, tuple(params), slots, compiler, compiler.get_converters(fields), width
        )
        with self._lock:
            self._compiled.setdefault(db, {})[shape] = compiled
        return compiled
