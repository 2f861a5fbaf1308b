"""Start real app server processes for tests that need more than one (scale-out, live).

Each server is uvicorn (or ``masthead.serve``) running ``config.asgi`` with the test
settings against the database the test run uses (pytest-django's test database, which
the test must commit to: ``django_db(transaction=True)``) and the same ``REDIS_URL``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def database_url_for(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL naming the test database that this test run is using."""
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    if engine == "django.db.backends.postgresql":
        user = settings_dict.get("USER") or "postgres"
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
    raise ValueError(f"no URL form for {engine}")


@contextmanager
def app_server(
    database_url: str,
    *,
    extra_env: dict[str, str] | None = None,
    timeout: float = 20.0,
    workers: int | None = None,
) -> Iterator[str]:
    """Run one app server process; yields its base URL and stops it afterwards. With
    ``workers``, the README's production launcher (``masthead.serve``) with that many."""
    port = free_port()
    from django.conf import settings

    env = {
        **os.environ,
        "MASTHEAD_TEST_RUN_ID": settings.MASTHEAD_TEST_RUN_ID,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        **(extra_env or {}),
    }
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in the finally below
        prefix="masthead-server-", suffix=".log", delete=False
    )
    process = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        [
            sys.executable,
            "-m",
            *(("masthead.serve", "--workers", str(workers)) if workers else ("uvicorn",)),
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--lifespan",
            "off",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    failed = True
    try:
        _wait_until_up(base_url, process, timeout, Path(log.name))
        yield base_url
        failed = False
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        if failed:
            # The server's own log, shown beside the failing test's output.
            sys.stderr.write(f"--- app server log ({base_url}) ---\n")
            sys.stderr.write(Path(log.name).read_text(errors="replace")[-20_000:])
        Path(log.name).unlink(missing_ok=True)


def _wait_until_up(
    base_url: str, process: subprocess.Popen[bytes], timeout: float, log: Path
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise RuntimeError(f"app server exited with {process.returncode}:\n{output}")
        try:
            urllib.request.urlopen(base_url + "/", timeout=2)  # noqa: S310 - loopback only
            return
        except urllib.error.HTTPError:
            return  # it answered, even if with an error status
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"app server at {base_url} did not answer within {timeout} s")
