"""``python -m masthead.serve``: the site under uvicorn, each worker on a socket of its own.

uvicorn's ``--workers N`` binds one listening socket and hands it to every worker. When
several connections arrive together (a proxy opening its keep-alive pool, a browser's
first requests), whichever worker wakes first accepts them all, and keeps them: the
benchmark's cold story page ran at 224 req/s with all 16 of wrk's connections on one
worker, against 487-510 when they were shared. Here every worker binds the address itself
with ``SO_REUSEPORT``, and the kernel spreads new connections over the workers' sockets.

Everything else is uvicorn's own supervisor (``uvicorn.supervisors.Multiprocess``:
restarting a worker that dies, SIGHUP to replace them all, SIGTTIN/SIGTTOU to add or
remove one, SIGTERM to stop). The parent first checks that the port is free (with
``SO_REUSEPORT`` a second server could otherwise share it), then binds it without
listening, to hold it for the workers; the kernel hands connections only to listening
sockets.

Options are uvicorn's, for those the README uses; ``--help`` lists them.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from collections.abc import Sequence
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "config.asgi:application"


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` that other sockets (other workers) may bind
    too; not yet listening."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _listening(host: str, port: int, backlog: int) -> list[socket.socket]:
    """Run in each worker as it starts: its own listening socket on the shared address."""
    sock = reuse_port_socket(host, port)
    sock.listen(backlog)
    return [sock]


class WorkerSockets(list):  # type: ignore[type-arg]
    """What the supervisor passes to each worker it starts. It holds no socket: sent to
    a worker (pickled, as ``multiprocessing`` does), it becomes that worker's own
    listening socket, made there by ``_listening``."""

    def __init__(self, host: str, port: int, backlog: int) -> None:
        super().__init__()
        self.host, self.port, self.backlog = host, port, backlog

    def __reduce__(self) -> tuple[Any, ...]:
        return (_listening, (self.host, self.port, self.backlog))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m masthead.serve",
        description="Serve Masthead with uvicorn; each worker listens on its own socket.",
    )
    parser.add_argument("app", nargs="?", default=APP, help=f"ASGI application (default {APP})")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="app processes (default 1)")
    parser.add_argument("--backlog", type=int, default=2048)
    parser.add_argument("--no-access-log", dest="access_log", action="store_false")
    parser.add_argument("--timeout-graceful-shutdown", type=int, default=None)
    parser.add_argument("--forwarded-allow-ips", default=None)
    parser.add_argument("--lifespan", choices=("auto", "on", "off"), default="auto")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    config = uvicorn.Config(
        args.app,
        host=args.host,
        port=args.port,
        workers=args.workers,
        backlog=args.backlog,
        access_log=args.access_log,
        timeout_graceful_shutdown=args.timeout_graceful_shutdown,
        forwarded_allow_ips=args.forwarded_allow_ips,
        lifespan=args.lifespan,
    )
    if args.workers == 1:
        uvicorn.Server(config).run()
        return 0
    try:
        # SO_REUSEPORT would let a second server share a port already served: a plain
        # bind first fails as uvicorn's own would.
        with socket.socket(_family(args.host), socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
        # Held, not listening, until the workers stop: it claims the address for them.
        claim = reuse_port_socket(args.host, args.port)
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"failed: {exc}"
        print(f"masthead.serve: {args.host}:{args.port} {reason}", file=sys.stderr)
        return 1
    with claim:
        Multiprocess(config, sockets=WorkerSockets(args.host, args.port, args.backlog)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
