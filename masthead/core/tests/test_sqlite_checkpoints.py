"""Server processes on SQLite copy the write-ahead log into the database from a thread
(``core.db.start_sqlite_checkpointer``), not inside requests."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from django.db import connection

from masthead.core.db import start_sqlite_checkpointer


def test_the_log_reaches_the_database_file_without_any_writer_checkpointing(
    tmp_path: Path,
) -> None:
    """With the writers' own checkpoints off, rows written reach the main database file
    only through the thread: the file grows within a few of its intervals."""
    path = tmp_path / "site.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.stat().st_size
    db.execute("BEGIN")
    db.executemany("INSERT INTO t (text) VALUES (?)", [("x" * 500,)] * 2000)
    db.execute("COMMIT")
    assert path.stat().st_size == before  # all of it is in the log so far

    assert start_sqlite_checkpointer(0.05, path=str(path)) is True
    assert start_sqlite_checkpointer(0.05, path=str(path)) is False  # one per file
    deadline = time.monotonic() + 10
    while path.stat().st_size == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.stat().st_size > before + 500 * 2000
    assert db.execute("SELECT count(*) FROM t").fetchone() == (2000,)
    db.close()


def test_nothing_to_do_in_memory_or_on_other_databases() -> None:
    """An in-memory SQLite database has no log to copy; PostgreSQL keeps its own."""
    assert start_sqlite_checkpointer(path=":memory:") is False
    if connection.vendor != "sqlite":
        assert start_sqlite_checkpointer() is False


def test_one_process_checkpoints_a_database(tmp_path: Path) -> None:
    """However many server processes share a database, one checkpoints it: this one
    takes the turn, and another process cannot while this one lives."""
    path = tmp_path / "shared.sqlite3"
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").close()
    assert start_sqlite_checkpointer(0.05, path=str(path)) is True
    probe = textwrap.dedent(
        f"""
        import fcntl, os, time
        fd = os.open({str(path) + "-checkpointer"!r}, os.O_RDWR | os.O_CREAT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print("taken")
                break
            fcntl.flock(fd, fcntl.LOCK_UN)  # not taken yet: the thread is starting
            time.sleep(0.02)
        else:
            print("free")
        """
    )
    other = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=False
    )
    assert other.stdout.strip() == "taken", other.stderr
