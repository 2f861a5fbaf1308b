"""``python -m masthead.serve``, the README's production launcher: its workers share a
burst of connections, and it refuses a port that is already served."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from tests.servers import ROOT, app_server, database_url_for

pytestmark = pytest.mark.django_db(transaction=True)

CONNECTIONS = 16


def _established_inodes(port: int) -> set[str]:
    """Socket inodes of the server's side of established TCP connections on ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(fields[9])
    return inodes


def _workers_of(port: int) -> list[int]:
    """The worker processes of the launcher serving ``port``."""
    parents, children = set(), {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if b"masthead.serve" in argv and str(port).encode() in argv:
            parents.add(int(entry.name))
        elif not any(b"resource_tracker" in arg for arg in argv):  # multiprocessing's own
            children[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return sorted(pid for pid, ppid in children.items() if ppid in parents)


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:[") : -1])
    return found


def test_every_worker_takes_a_share_of_a_burst_of_connections() -> None:
    """16 browsers connect at once and each loads the front page on its connection:
    both workers hold some of the connections (each worker listens on its own socket,
    and the kernel spreads connections over them; one shared socket let whichever
    worker woke first take them all)."""
    url = database_url_for(connection.settings_dict)
    with app_server(url, workers=2) as base:
        port = urllib.parse.urlsplit(base).port
        assert port is not None
        conns = [
            http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(CONNECTIONS)
        ]
        for conn in conns:
            conn.connect()
        for n, conn in enumerate(conns):
            conn.request("GET", f"/?visit={n}")
            assert conn.getresponse().read()
        workers = _workers_of(port)
        established = _established_inodes(port)
        held = {pid: len(_socket_inodes(pid) & established) for pid in workers}
        for conn in conns:
            conn.close()
    assert len(workers) == 2
    assert sum(held.values()) == CONNECTIONS
    assert all(count > 0 for count in held.values()), held


def test_a_port_already_served_is_refused() -> None:
    """A second launcher on a port in use stops at once and says why (with SO_REUSEPORT
    alone it would quietly share the port)."""
    url = database_url_for(connection.settings_dict)
    with app_server(url, workers=2) as base:
        port = urllib.parse.urlsplit(base).port
        second = subprocess.run(  # noqa: S603 - our own interpreter, fixed argv
            [sys.executable, "-m", "masthead.serve", "--workers", "2", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert second.returncode == 1
    assert f"127.0.0.1:{port} is already in use" in second.stderr
