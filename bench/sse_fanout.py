#!/usr/bin/env python3
"""SSE fan-out benchmark: one uvicorn worker holding 1,000 live streams.

What it measures, on 127.0.0.1:

(a) the resident memory (RSS) of one uvicorn worker (production settings, uvloop,
    httptools) before any stream, and while it holds N idle Server-Sent Events streams
    (``/story/<slug>/live/``, N = 1,000 by default) open on one story;
(b) fan-out latency: a guest posts one comment through the site's own form (HTTP POST,
    CSRF token and all, on the same worker), and every one of the N streams records when
    that comment's event arrives. Latency = arrival - the moment the POST was sent, so
    it includes handling the post itself. Repeated ROUNDS times (5); p50 and p99 over
    all arrivals of all rounds, and per round. One warm-up round first is not counted.

The N clients are asyncio streams in this one process (raw HTTP/1.1, no client
library), so the client's own work is part of the figure: a conservative number.

Masthead runs as bench/asgi_servers.sh runs it: ``config.settings.production``, the
database and collected static files in a scratch folder ($BENCH_DIR, default
/tmp/masthead-bench-sse; ``MASTHEAD_VAR_DIR``/``STATIC_ROOT`` are respected when the
caller, e.g. bench/run.py, already set them), ``load_demo --if-empty``. The comments go
to a story of their own (``bench-live-fanout``, dated 2001 so it never shows on the
front page), emptied at every run, so repeated runs measure the same thing and leave
the demo story's bytes alone. SQLite and the in-process broker by default;
``--redis-url`` (or BENCH_REDIS_URL) runs the worker with ``REDIS_URL`` so the event
goes through Redis pub/sub.

Results: a table on stdout, and bench/results/sse_fanout.json with
``sse_fanout_p50_ms``, ``sse_fanout_p99_ms``, ``sse_idle_clients``,
``sse_worker_rss_mb`` (and the details). Target: p99 <= 250 ms. Every process it
started is stopped, also on error or Ctrl+C.

Reproduce:  .venv/bin/python bench/sse_fanout.py [--clients 1000] [--rounds 5]
            [--redis-url redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import platform
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "sse_fanout.json"
HOST = "127.0.0.1"
STORY_SLUG = "bench-live-fanout"
TARGET_P99_MS = 250.0
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the story (in Django)


def prepare_story() -> None:
    """Run inside Django (``--prepare-story``): (re)create the benchmark story with one
    opening comment, whose reply form gives the poster its CSRF token."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from datetime import UTC, datetime

    from django.db import transaction

    from masthead.articles.actions import create_article
    from masthead.articles.models import Article, Section
    from masthead.comments.actions import post_comment
    from masthead.comments.models import Comment

    with transaction.atomic():
        article = Article.objects.filter(slug=STORY_SLUG).first()
        if article is None:
            section = Section.objects.order_by("position", "name").first()
            if section is None:
                raise SystemExit("no section: load the demo first (load_demo)")
            article = create_article(
                headline="Benchmark: live fan-out",
                slug=STORY_SLUG,
                body="A benchmark story. Nothing here is news.",
                summary="Benchmark dataset.",
                section=section,
                published_at=datetime(2001, 1, 1, 12, 0, tzinfo=UTC),
            )
        # Children first: a parent is protected while replies point at it.
        for depth in range(20, -1, -1):
            Comment.objects.filter(article=article, depth=depth).delete()
        Article.objects.filter(pk=article.pk).update(last_comment_number=0, comment_count=0)
        article.refresh_from_db()
    post_comment(article=article, body="The opening comment.", guest_name="Bench")
    print(json.dumps({"slug": STORY_SLUG, "last_comment_number": 1}))


# ---------------------------------------------------------------- processes


def bench_env(bench_dir: Path, redis_url: str, clients: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.setdefault("MASTHEAD_VAR_DIR", str(bench_dir / "var"))
    env.setdefault("STATIC_ROOT", str(bench_dir / "staticfiles"))
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY") or "bench-only",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            # Room for every client, so the cap is not what is measured.
            "MASTHEAD_LIVE_MAX_STREAMS": str(clients + 100),
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        args, env=env, cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """uvicorn, one worker, in its own process group (stopped as a group)."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.log_file = log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(REPO / ".venv" / "bin" / "uvicorn"),
                "config.asgi:application",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--loop",
                "uvloop",
                "--http",
                "httptools",
                "--lifespan",
                "off",
                "--no-access-log",
                "--log-level",
                "warning",
                "--backlog",
                "4096",
                # Open streams never finish by themselves: do not wait for them on stop.
                "--timeout-graceful-shutdown",
                "2",
            ],
            cwd=REPO,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn exited with {self.process.returncode}; see its log")
            with contextlib.suppress(OSError):
                status, _, _ = http_get(self.port, "/")
                if status == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"uvicorn did not answer 200 on / within {timeout} s")

    def _status(self, field: str) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise RuntimeError(f"no {field} in /proc/{self.process.pid}/status")

    def rss_mb(self) -> float:
        return self._status("VmRSS") / 1024

    def threads(self) -> int:
        return self._status("Threads")

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log_file.close()


# ---------------------------------------------------------------- HTTP (blocking, small)


def http_get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, cookies, response.read()
    finally:
        conn.close()


@dataclass
class Poster:
    """Posts guest comments through the site's form, as a browser without JS would."""

    port: int
    slug: str
    cookie: str = ""
    token: str = ""

    def login_form(self) -> None:
        status, cookies, body = http_get(self.port, f"/story/{self.slug}/comments/1/reply/")
        match = TOKEN.search(body)
        if status != 200 or not match or "csrftoken" not in cookies:
            raise SystemExit(f"no CSRF token from the reply form (status {status})")
        self.token = match[1].decode()
        self.cookie = f"csrftoken={cookies['csrftoken']}"

    def post(self, body: str) -> int:
        form = urllib.parse.urlencode(
            {"body": body, "name": "Bench Poster", "csrfmiddlewaretoken": self.token}
        )
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(
                "POST",
                f"/story/{self.slug}/comments/",
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": self.cookie,
                },
            )
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()


# ---------------------------------------------------------------- the clients (asyncio)


@dataclass
class Fleet:
    size: int
    ready: int = 0
    refused: list[str] = field(default_factory=list)
    marker: bytes | None = None
    arrivals: list[float | None] = field(default_factory=list)
    arrived: int = 0
    everyone: asyncio.Event = field(default_factory=asyncio.Event)
    all_ready: asyncio.Event = field(default_factory=asyncio.Event)

    def start_round(self, number: int) -> None:
        self.arrivals = [None] * self.size
        self.arrived = 0
        self.everyone = asyncio.Event()
        # Each event starts on a line of its own: "id: N" right after the chunk header.
        self.marker = b"\nid: %d\n" % number

    def arrive(self, index: int, at: float) -> None:
        if self.arrivals[index] is None:
            self.arrivals[index] = at
            self.arrived += 1
            if self.arrived == self.ready:
                self.everyone.set()

    def mark_ready(self) -> None:
        self.ready += 1
        if self.ready + len(self.refused) >= self.size:
            self.all_ready.set()

    def mark_refused(self, why: str) -> None:
        self.refused.append(why)
        if self.ready + len(self.refused) >= self.size:
            self.all_ready.set()


async def sse_client(
    index: int, port: int, path: str, fleet: Fleet, gate: asyncio.Semaphore
) -> None:
    async with gate:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
        except (OSError, asyncio.IncompleteReadError) as exc:
            fleet.mark_refused(type(exc).__name__)
            return
        if not head.startswith(b"HTTP/1.1 200"):
            fleet.mark_refused(head.split(b"\r\n", 1)[0].decode(errors="replace"))
            writer.close()
            return
        tail = b""
        is_ready = False
        while not is_ready:  # the gate is held until the stream is subscribed
            data = await reader.read(65536)
            if not data:
                fleet.mark_refused("closed before ready")
                return
            tail += data
            if b": ready" in tail:
                is_ready = True
                fleet.mark_ready()
        tail = tail[-64:]
    try:
        while data := await reader.read(65536):
            now = time.perf_counter()
            window = tail + data
            if fleet.marker is not None and fleet.marker in window:
                fleet.arrive(index, now)
            tail = window[-64:]
    except OSError:
        return
    finally:
        writer.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def measure(args: argparse.Namespace, server: Server, slug: str) -> dict[str, Any]:
    path = f"/story/{slug}/live/"
    loop = asyncio.get_running_loop()
    poster = Poster(server.port, slug)
    await loop.run_in_executor(None, poster.login_form)

    rss_before = server.rss_mb()
    threads_before = server.threads()
    fleet = Fleet(size=args.clients)
    gate = asyncio.Semaphore(100)
    log(f"opening {args.clients} SSE streams")
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(sse_client(i, server.port, path, fleet, gate))
        for i in range(args.clients)
    ]
    try:
        async with asyncio.timeout(120):
            await fleet.all_ready.wait()
        connect_seconds = time.perf_counter() - started
        if fleet.refused:
            log(f"{len(fleet.refused)} streams refused, e.g. {fleet.refused[0]}")
        await asyncio.sleep(args.idle_seconds)
        rss_idle = server.rss_mb()
        threads_idle = server.threads()
        log(
            f"{fleet.ready} streams open and idle; worker RSS {rss_idle:.1f} MB, "
            f"{threads_idle} threads"
        )

        rounds: list[dict[str, Any]] = []
        samples: list[float] = []
        number = 1  # the opening comment
        # Round 0 warms the posting path (first Markdown render, first thread for the
        # sync view) and is not counted.
        for round_no in range(args.rounds + 1):
            number += 1
            fleet.start_round(number)
            sent = time.perf_counter()
            status = await loop.run_in_executor(
                None, poster.post, f"Fan-out round {round_no}: *{time.time():.3f}*"
            )
            posted = time.perf_counter()
            if status != 302:
                raise SystemExit(f"round {round_no}: the POST answered {status}, not 302")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(args.round_timeout):
                    await fleet.everyone.wait()
            latencies = [(at - sent) * 1000 for at in fleet.arrivals if at is not None]
            if round_no == 0:
                log(f"warm-up: {len(latencies)}/{fleet.ready} delivered")
                await asyncio.sleep(args.pause)
                continue
            samples.extend(latencies)
            rounds.append(
                {
                    "round": round_no,
                    "delivered": len(latencies),
                    "post_ms": round((posted - sent) * 1000, 1),
                    "p50_ms": round(percentile(latencies, 50), 1),
                    "p99_ms": round(percentile(latencies, 99), 1),
                    "max_ms": round(max(latencies, default=float("nan")), 1),
                }
            )
            log(
                f"round {round_no}: {len(latencies)}/{fleet.ready} delivered, "
                f"p50 {rounds[-1]['p50_ms']} ms, p99 {rounds[-1]['p99_ms']} ms"
            )
            await asyncio.sleep(args.pause)
        rss_after = server.rss_mb()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    missing = sum(fleet.ready - r["delivered"] for r in rounds)
    return {
        "sse_fanout_p50_ms": round(percentile(samples, 50), 1) if samples else None,
        "sse_fanout_p99_ms": round(percentile(samples, 99), 1) if samples else None,
        "sse_idle_clients": fleet.ready,
        "sse_worker_rss_mb": round(rss_idle, 1),
        "sse_worker_rss_before_clients_mb": round(rss_before, 1),
        "sse_worker_rss_after_rounds_mb": round(rss_after, 1),
        "sse_worker_threads_before_clients": threads_before,
        "sse_worker_threads_idle": threads_idle,
        "sse_kib_per_client": round((rss_idle - rss_before) * 1024 / max(fleet.ready, 1), 1),
        "sse_connect_seconds": round(connect_seconds, 2),
        "sse_refused": len(fleet.refused),
        "sse_missing_deliveries": missing,
        "rounds": rounds,
    }


# ---------------------------------------------------------------- report


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "django": version("django"),
        "uvicorn": version("uvicorn"),
        "cpus": str(os.cpu_count()),
    }


def report(result: dict[str, Any], args: argparse.Namespace, broker: str) -> None:
    print()
    print(
        f"Masthead SSE fan-out: 1 uvicorn worker (uvloop, httptools), {broker} broker, "
        f"{result['sse_idle_clients']} streams on one story, 127.0.0.1"
    )
    v = result["versions"]
    print(
        f"Python {v['python']} | Django {v['django']} | uvicorn {v['uvicorn']} | {v['cpus']} CPUs"
    )
    print()
    header = ("round", "delivered", "POST ms", "p50 ms", "p99 ms", "max ms")
    print("  ".join(f"{h:>9}" for h in header))
    for r in result["rounds"]:
        row = (r["round"], r["delivered"], r["post_ms"], r["p50_ms"], r["p99_ms"], r["max_ms"])
        print("  ".join(f"{v:>9}" for v in row))
    print()
    met = "met" if result["target_met"] else "NOT met"
    print(
        f"fan-out over all rounds: p50 {result['sse_fanout_p50_ms']} ms, "
        f"p99 {result['sse_fanout_p99_ms']} ms (target p99 <= {TARGET_P99_MS:.0f} ms: {met})"
    )
    print(
        f"worker RSS: {result['sse_worker_rss_before_clients_mb']} MB with no stream, "
        f"{result['sse_worker_rss_mb']} MB holding {result['sse_idle_clients']} idle streams "
        f"(~{result['sse_kib_per_client']} KiB each), "
        f"{result['sse_worker_rss_after_rounds_mb']} MB after the rounds"
    )
    print(
        f"worker threads: {result['sse_worker_threads_before_clients']} with no stream, "
        f"{result['sse_worker_threads_idle']} holding the streams"
    )
    print(
        f"streams opened in {result['sse_connect_seconds']} s; refused: {result['sse_refused']}; "
        f"missed deliveries: {result['sse_missing_deliveries']}"
    )
    print(f"JSON: {RESULTS.relative_to(REPO)}")
    print(f"Reproduce: {result['reproduce']}")


def raise_fd_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = needed if hard == resource.RLIM_INFINITY else min(max(soft, needed), hard)
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < needed:
        raise SystemExit(
            f"need {needed} open files, the hard limit is {hard}: raise it (ulimit -Hn) "
            "or pass a smaller --clients"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between rounds")
    parser.add_argument("--idle-seconds", type=float, default=2.0)
    parser.add_argument("--round-timeout", type=float, default=10.0)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--prepare-story", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_story:
        prepare_story()
        return 0
    if not 1 <= args.clients <= 20_000 or not 1 <= args.rounds <= 100:
        raise SystemExit("--clients must be 1..20000 and --rounds 1..100")

    # Both this process (clients) and the worker it starts (inherits it) hold a socket
    # per stream, plus the usual files.
    raise_fd_limit(args.clients + 512)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench_dir = Path(os.environ.get("BENCH_DIR", "/tmp/masthead-bench-sse"))
    bench_dir.mkdir(parents=True, exist_ok=True)
    env = bench_env(bench_dir, args.redis_url, args.clients)
    Path(env["MASTHEAD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    python = str(REPO / ".venv" / "bin" / "python")

    log(f"preparing {env['MASTHEAD_VAR_DIR']} (migrate, collectstatic, load_demo --if-empty)")
    run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    run([python, "manage.py", "load_demo", "--if-empty", "--password", "bench"], env)
    story = json.loads(run([python, __file__, "--prepare-story"], env).strip().splitlines()[-1])

    broker = "Redis pub/sub" if args.redis_url else "in-process"
    server = Server(env, bench_dir / "uvicorn-sse.log")
    try:
        server.wait_until_up()
        log(f"uvicorn up on {HOST}:{server.port} (pid {server.process.pid}), {broker} broker")
        try:
            import uvloop

            runner: Any = uvloop.run
        except ImportError:
            runner = asyncio.run
        result = runner(measure(args, server, story["slug"]))
    finally:
        server.stop()

    command = (
        "python bench/sse_fanout.py"
        + (f" --clients {args.clients}" if args.clients != 1000 else "")
        + (f" --rounds {args.rounds}" if args.rounds != 5 else "")
        + (f" --redis-url {args.redis_url}" if args.redis_url else "")
    )
    p99 = result["sse_fanout_p99_ms"]
    result.update(
        {
            "broker": broker,
            "server": "uvicorn, 1 worker, uvloop + httptools, config.settings.production",
            "clients_requested": args.clients,
            "target_p99_ms": TARGET_P99_MS,
            "target_met": p99 is not None and p99 <= TARGET_P99_MS,
            "versions": versions(),
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "reproduce": command.replace("python", ".venv/bin/python", 1),
        }
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    report(result, args, broker)
    complete = result["sse_idle_clients"] == args.clients and not result["sse_missing_deliveries"]
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
