"""Writers on one SQLite file take turns on a lock file beside it (``core.db
.write_transaction``): a writer waits while another process has the turn and goes the
moment it is given up, and the turn is given up as soon as a write commits or fails."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection, transaction

from masthead.core.db import _writer_turn_file, write_transaction

pytestmark = pytest.mark.django_db(transaction=True)


def _turn_path() -> Path:
    return Path(f"{connection.settings_dict['NAME']}-writer")


@pytest.fixture(autouse=True)
def _sqlite_file() -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or ":memory:" in name or "mode=memory" in name:
        pytest.skip("writers take turns only on a SQLite database file; this run has none")


def _other_process(code: str) -> subprocess.Popen[str]:
    """Python in another process, with the lock file's path as ``path``."""
    prelude = f"import fcntl, os, sys, time\npath = {str(_turn_path())!r}\n"
    return subprocess.Popen(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _can_take_turn_elsewhere() -> bool:
    other = _other_process(
        """
        fd = os.open(path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print("free")
        except BlockingIOError:
            print("taken")
        """
    )
    out, _ = other.communicate(timeout=30)
    return out.strip() == "free"


def test_a_writer_waits_for_another_process_to_give_up_its_turn(tmp_path: Path) -> None:
    assert _writer_turn_file(str(connection.settings_dict["NAME"])) is not None
    marker = tmp_path / "given-up"
    other = _other_process(
        f"""
        fd = os.open(path, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("holding", flush=True)
        time.sleep(0.5)
        open({str(marker)!r}, "w").close()
        fcntl.flock(fd, fcntl.LOCK_UN)
        """
    )
    assert other.stdout is not None
    assert other.stdout.readline().strip() == "holding"
    with write_transaction():
        given_up_first = marker.exists()
    other.wait(timeout=30)
    assert given_up_first


def test_the_turn_is_given_up_at_commit_before_the_callbacks_run() -> None:
    seen: list[bool] = []
    with write_transaction():
        assert not _can_take_turn_elsewhere()
        transaction.on_commit(lambda: seen.append(_can_take_turn_elsewhere()))
    assert seen == [True]


def test_a_failed_write_gives_up_its_turn() -> None:
    with pytest.raises(RuntimeError), write_transaction():
        raise RuntimeError("the write fails")
    assert _can_take_turn_elsewhere()


def test_no_lock_file_for_a_database_in_memory() -> None:
    assert _writer_turn_file(":memory:") is None
    assert _writer_turn_file("file:memdb1?mode=memory&cache=shared") is None
