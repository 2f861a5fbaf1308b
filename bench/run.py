"""`make bench`: Masthead against Isso and nginx, measured in one run on this machine.

What one run does (bench/README.md explains each case and how to read the results):

1. prepares Masthead in a scratch folder ($BENCH_DIR, default /tmp/masthead-bench) the
   way the README tells an operator (production settings, migrate, collectstatic,
   ``load_demo --if-empty``), then loads the benchmark threads (bench/seed_masthead.py);
2. starts two Masthead servers exactly as the README runs one (``python -m
   masthead.serve``: uvicorn, 2 workers each on its own socket, ``--no-access-log``):
   one with the page cache off (``MASTHEAD_PAGE_CACHE=0``, "cold") and one with it on
   (the default, "warm");
3. installs Isso as the peer kit does (own virtualenv, pinned versions read from
   ``peers.sh``), seeds the same 25- and 1,000-comment threads through its API and
   serves it with gunicorn (2 sync workers);
4. starts nginx serving the demo story page's own bytes as a static file (the ceiling)
   and, on another port, the reverse-proxy micro-cache of
   bench/nginx/masthead-proxy.conf.template in front of the warm Masthead server;
5. measures every read case with wrk (``-t2 -c16 -d10s --timeout 30s --latency``),
   interleaving the cases run by run so drift hits all of them alike, then posting
   (Masthead and Isso), then the Masthead workers' memory; runs bench/sse_fanout.py
   if it exists;
6. prints one table and the ratios with their targets, and writes
   bench/results/latest.json. Every process it started is stopped by process group.

Knobs (environment): BENCH_RUNS, BENCH_POST_RUNS, BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS,
BENCH_THREADS, BENCH_POSTS, BENCH_POST_CLIENTS, BENCH_ISSO_POSTS, BENCH_BIG, BENCH_DIR,
BENCH_PEERS_DIR, BENCH_FRESH=1, SKIP_ISSO=1, SKIP_NGINX=1, BENCH_XTD=1, BENCH_SSE=0.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
VENV_BIN = REPO / ".venv" / "bin"
HOST = "127.0.0.1"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def seconds_of(duration: str) -> float:
    """wrk's duration syntax: 10s, 2m, 1h (a bare number is seconds)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", duration.strip())
    if not match:
        raise SystemExit(f"bad duration {duration!r}: use e.g. 10s or 1m")
    return float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[match[2]]


DIR = Path(os.environ.get("BENCH_DIR", "/tmp/masthead-bench"))
KIT = Path(os.environ.get("BENCH_PEERS_DIR", REPO.parent / "shared" / "bench-peers"))
# Three runs of each case: this machine's speed drifts by a third within minutes, and
# one slow stretch moved a mean of two runs by up to 0.3 in a ratio (posting: 1.87 with
# runs of 354 and 645 posts/s); a mean of three is steadier.
RUNS = max(1, env_int("BENCH_RUNS", 3))
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARMUP = os.environ.get("BENCH_WARMUP", "3s")
CONNS = env_int("BENCH_CONNECTIONS", 16)
THREADS = env_int("BENCH_THREADS", 2)
WRK_TIMEOUT = "30s"  # wrk's default 2 s would drop the slow peer responses
# Posting alternates Isso (hey), Masthead and Isso (same client) in short rounds, so
# that both sample the same stretches of the machine's drifting speed: with two rounds
# of 2,000 posts the ratio moved by up to 0.3 between runs of one build.
POST_RUNS = max(1, env_int("BENCH_POST_RUNS", 6))
POSTS = env_int("BENCH_POSTS", 1000)
POST_CLIENTS = max(1, env_int("BENCH_POST_CLIENTS", 10))
ISSO_POSTS = env_int("BENCH_ISSO_POSTS", 500)  # the kit's `hey -n 500 -c 10`
BIG = env_int("BENCH_BIG", 20_000)
SKIP_ISSO = env_flag("SKIP_ISSO")
SKIP_NGINX = env_flag("SKIP_NGINX")
WITH_XTD = env_flag("BENCH_XTD")
WITH_SSE = env_flag("BENCH_SSE", True)

DEMO_SLUG = "sony-record-10-million-xperia-quarter"
K1_SLUG = "bench-thread-1000"
K20_SLUG = f"bench-thread-{BIG}"
POST_SLUG = "bench-posting"
# Same defaults as the kit's peers.sh, used only if its pins cannot be read.
ISSO_PKGS_DEFAULT = "isso==0.14.0 gunicorn==27.0.1 gevent==26.9.0 packaging==26.4"
XTD_PKGS_DEFAULT = (
    "django-comments-xtd==2.10.13 django-contrib-comments==2.2.0 Django==5.2.19 "
    "djangorestframework==3.18.3 gunicorn==27.0.1"
)
POST_TEXT = (
    "Benchmark post {i}: a short comment with *some* markdown and a [link](https://example.org/x)."
)
ISSO_POST = {
    "text": "Benchmark post: a short comment with *some* markdown and a "
    "[link](https://example.org/x).",
    "author": "bench",
    "email": "bench@example.org",
    "parent": None,
    "title": "Post bench",
}
STARTED = time.monotonic()


def log(message: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes


class Processes:
    """Every server this run starts, each in its own session (process group), so that
    one signal stops a server and all its workers. ``stop_all`` runs on any exit."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(
        self,
        name: str,
        cmd: list[str],
        *,
        log_path: Path,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as out:
            proc = subprocess.Popen(
                cmd,
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.started.append((name, proc))
        log(f"started {name} (pid {proc.pid})")
        return proc

    def stop(self, proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
        pgid = proc.pid  # start_new_session: the leader's pid is the group id
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        log(f"process group {pgid} ignored SIGTERM for {grace:.0f} s: SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        while self.started:
            name, proc = self.started.pop()
            self.stop(proc)
            log(f"stopped {name}")


PROCS = Processes()


def on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def run(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
    capture: bool = True,
) -> str:
    """Run a setup command to completion; its output is returned (and shown on failure)."""
    result = subprocess.run(
        cmd, env=env, cwd=cwd, timeout=timeout, capture_output=capture, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise RuntimeError(f"command failed ({result.returncode}): {' '.join(cmd)}")
    return result.stdout or ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


# ---------------------------------------------------------------- HTTP helpers


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    """One request on a fresh connection; redirects are returned, not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or HOST, parts.port or 80, timeout=timeout)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.perf_counter()
    try:
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, resp.headers, data, time.perf_counter() - started)
    finally:
        conn.close()


def status_of(url: str, timeout: float = 5) -> int:
    try:
        return request(url, timeout=timeout).status
    except OSError:
        return 0


def wait_up(url: str, proc: subprocess.Popen[bytes], log_path: Path, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    status = 0
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""
            raise RuntimeError(f"server exited during startup; log tail:\n{tail}")
        status = status_of(url)
        if status == 200:
            return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {limit:.0f} s (last: {status})")


def drain(probe: str, limit: float = 90, *, settle: float = 1.0) -> None:
    """Wait until the server's queue is empty: the cheap probe answers in < 200 ms (then
    ``settle`` seconds more)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if request(probe, timeout=30).seconds < 0.2:
                time.sleep(settle)
                return
        except OSError:
            pass
        time.sleep(0.5)
    log(f"drain: {probe} still slow after {limit:.0f} s")


def drain_all(probes: list[str]) -> None:
    """``drain`` every server: nothing left over from one load may run during the next."""
    for probe in probes:
        drain(probe, settle=0.0)
    time.sleep(1)


def solo_ms(url: str) -> float:
    """Unloaded service time: the median of 5 sequential requests."""
    return round(statistics.median(request(url).seconds for _ in range(5)) * 1000, 2)


# ---------------------------------------------------------------- wrk


def wrk(url: str, *, duration: str, conns: int, label: str) -> dict[str, float]:
    cmd = [
        "wrk",
        f"-t{min(THREADS, conns)}",
        f"-c{conns}",
        f"-d{duration}",
        "--timeout",
        WRK_TIMEOUT,
        "--latency",
        "-s",
        str(BENCH / "lua" / "report.lua"),
        url,
    ]
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=seconds_of(duration) + 90, check=False
    )
    with (DIR / "wrk-raw.log").open("a") as raw:
        raw.write(f"### {label}: {' '.join(cmd)}\n{out.stdout}{out.stderr}\n")
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no RESULT line for {url}: {out.stderr.strip()}")
    values = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    values["errors"] = sum(
        values[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout")
    )
    return values


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    key: str
    label: str
    server: str
    url: str
    probe: str
    expect_page_cache: bool | None = None  # Masthead: whether x-page-cache: hit is expected
    runs: list[dict[str, float]] = field(default_factory=list)
    bytes: int | None = None
    solo_ms: float | None = None
    note: str = ""
    skipped: str = ""  # why the case could not run

    def mean(self, name: str) -> float | None:
        if not self.runs:
            return None
        return round(statistics.fmean(r[name] for r in self.runs), 2)

    def summary(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "server": self.server,
            "url": self.url,
            "rps": self.mean("rps"),
            "p50_ms": self.mean("p50_ms"),
            "p99_ms": self.mean("p99_ms"),
            "bytes": self.bytes,
            "solo_ms": self.solo_ms,
            "errors": int(sum(r["errors"] for r in self.runs)),
            "requests": int(sum(r["requests"] for r in self.runs)),
            "runs": [
                {k: r[k] for k in ("rps", "p50_ms", "p99_ms", "max_ms", "requests", "errors")}
                for r in self.runs
            ],
            "note": self.note,
            "skipped": self.skipped or None,
        }


def prepare_case(case: Case) -> None:
    """Check the URL answers 200 (wrk counts 3xx as success), record size and solo time,
    and warm it up (fills per-worker caches and, for warm cases, the page cache)."""
    try:
        reply = request(case.url)
    except OSError as exc:
        case.skipped = f"GET failed: {exc}"
        return
    if reply.status != 200:
        case.skipped = f"GET answered {reply.status}, expected 200"
        return
    case.bytes = len(reply.body)
    if case.key.startswith("k20"):
        shown = reply.body.count(b'id="c-')
        case.note = f"page shows {shown:,} of {BIG:,} comments"
    subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{WARMUP}", "--timeout", WRK_TIMEOUT, case.url],
        capture_output=True,
        timeout=seconds_of(WARMUP) + 90,
        check=False,
    )
    drain(case.probe)
    case.solo_ms = solo_ms(case.url)
    if case.expect_page_cache is not None:
        hit = request(case.url).headers.get("x-page-cache") == "hit"
        if hit != case.expect_page_cache:
            state = "answered from" if hit else "not answered from"
            case.note = (case.note + "; " if case.note else "") + f"page cache: {state} it"
    if case.key == "proxy":
        states = Counter(request(case.url).headers.get("x-cache-status", "?") for _ in range(20))
        case.note = "nginx cache: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
    drain(case.probe)


def measure(cases: list[Case]) -> None:
    live = [c for c in cases if not c.skipped]
    for case in live:
        log(f"prepare {case.key}: {case.url}")
        prepare_case(case)
        if case.skipped:
            log(f"  skipped: {case.skipped}")
        else:
            log(f"  {case.bytes:,} bytes, solo {case.solo_ms} ms {case.note}")
    live = [c for c in live if not c.skipped]
    probes = list(dict.fromkeys(c.probe for c in live))
    for run_no in range(1, RUNS + 1):
        for case in live:
            # Every server, not just this case's: a slow case (a peer's 1,000-comment
            # thread) leaves requests queued after wrk stops, which would otherwise be
            # served during the next case, on another server, and slow it down.
            drain_all(probes)
            result = wrk(case.url, duration=DURATION, conns=CONNS, label=f"{case.key} {run_no}")
            case.runs.append(result)
            log(
                f"{case.key} run {run_no}: {result['rps']:.1f} req/s, p50 {result['p50_ms']} "
                f"ms, p99 {result['p99_ms']} ms, n={int(result['requests'])}, "
                f"errors={int(result['errors'])}"
            )


# ---------------------------------------------------------------- posting


@dataclass
class PostRun:
    label: str
    client: str
    total: int
    clients: int
    ok: int = 0
    errors: int = 0
    lock_errors: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    setup: str = ""
    samples: list[str] = field(default_factory=list)


Build = Callable[[dict[str, Any], int], tuple[str, bytes, dict[str, str]]]


def post_load(
    *,
    base: str,
    total: int,
    clients: int,
    expect: int,
    label: str,
    setup: Callable[[http.client.HTTPConnection, int], dict[str, Any]],
    build: Build,
) -> PostRun:
    """``total`` POSTs from ``clients`` concurrent clients, each on its own keep-alive
    connection with its own cookies, all starting together. Counts every response that
    is not ``expect`` as an error and every one mentioning "database is locked" as a
    lock error.

    Each client first does what a browser does before posting (``setup``: a CSRF token
    and its cookie), then the timed part runs on one asyncio loop speaking HTTP/1.1 over
    plain sockets: a lean client, so that on a two-core machine the client's own CPU
    takes as little as possible from the server it measures (``http.client`` in threads
    cost about 0.4 ms of CPU a post, a tenth of what the server spent).
    """
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname or HOST, parts.port or 80
    result = PostRun(label=label, client="python asyncio", total=total, clients=clients)
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    setups: Counter[str] = Counter()
    states: list[dict[str, Any]] = []
    for index in range(clients):
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            state = setup(conn, index)
            setups[state.get("how", "?")] += 1
            states.append(state)
        except Exception as exc:  # a client that cannot start is counted, not fatal
            setups[f"failed: {exc}"[:120]] += 1
        finally:
            conn.close()
    issued = 0

    async def client(state: dict[str, Any]) -> None:
        nonlocal issued
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while issued < total:
                issued += 1
                path, body, headers = build(state, issued)
                head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                message = (
                    f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{head}"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode("latin-1") + body
                started = time.perf_counter()
                try:
                    writer.write(message)
                    status, cookies, data, closing = await read_response(reader)
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    statuses[type(exc).__name__] += 1
                    result.errors += 1
                    if len(result.samples) < 5:
                        result.samples.append(repr(exc))
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                    continue
                latencies.append(time.perf_counter() - started)
                state["cookies"].update(cookies)
                statuses[str(status)] += 1
                if status == expect:
                    result.ok += 1
                else:
                    result.errors += 1
                    if len(result.samples) < 5:
                        result.samples.append(f"{status}: {data[:200]!r}")
                if b"database is locked" in data:
                    result.lock_errors += 1
                if closing:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    async def everyone() -> float:
        began = time.perf_counter()
        await asyncio.gather(*(client(state) for state in states))
        return began

    began = asyncio.run(everyone()) if states else time.perf_counter()
    result.seconds = round(time.perf_counter() - began, 3) if states else 0.0
    result.rps = round(result.ok / result.seconds, 1) if result.seconds else 0.0
    if latencies:
        latencies.sort()
        result.p50_ms = round(latencies[len(latencies) // 2] * 1000, 2)
        result.p99_ms = round(
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2
        )
    result.statuses = dict(statuses)
    result.setup = ", ".join(f"{k} x{v}" for k, v in setups.items())
    log(
        f"{label}: {result.ok}/{total} ok in {result.seconds} s = {result.rps} posts/s, "
        f"p50 {result.p50_ms} ms, p99 {result.p99_ms} ms, errors {result.errors}, "
        f"lock errors {result.lock_errors}, statuses {result.statuses}, setup: {result.setup}"
    )
    return result


async def read_response(
    reader: asyncio.StreamReader,
) -> tuple[int, dict[str, str], bytes, bool]:
    """One HTTP/1.1 response: status, cookies set, body (Content-Length or chunked) and
    whether the server closes the connection after it."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length: int | None = None
    chunked = closing = False
    cookies: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.lower() == "close":
            closing = True
        elif name == "set-cookie":
            jar = SimpleCookie()
            jar.load(value)
            cookies.update({k: m.value for k, m in jar.items()})
    if chunked:
        pieces = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            pieces.append(await reader.readexactly(size))
            await reader.readexactly(2)
        data = b"".join(pieces)
    elif length is not None:
        data = await reader.readexactly(length)
    else:
        data = await reader.read()
        closing = True
    return status, cookies, data, closing


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def get_with(
    conn: http.client.HTTPConnection, path: str, cookies: dict[str, str]
) -> tuple[int, bytes]:
    headers = {"Cookie": cookie_header(cookies)} if cookies else {}
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    for header in resp.headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        cookies.update({k: m.value for k, m in jar.items()})
    return resp.status, data


TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def masthead_setup(conn: http.client.HTTPConnection, index: int) -> dict[str, Any]:
    """What a browser does before posting: get a CSRF token and its cookie. From
    ``/csrf/`` when the app has it, else from the story page's form, else the login
    form (a page that always renders a fresh token)."""
    cookies: dict[str, str] = {}
    status, data = get_with(conn, "/csrf/", cookies)
    if status == 200:
        try:
            token = json.loads(data)["token"]
        except (ValueError, KeyError, TypeError):
            token = None
        if token and "csrftoken" in cookies:
            return {"token": token, "cookies": cookies, "how": "/csrf/", "index": index}
    for path, how in (
        (f"/story/{POST_SLUG}/", "story page form"),
        ("/accounts/login/", "login page form"),
    ):
        status, data = get_with(conn, path, cookies)
        match = TOKEN_RE.search(data)
        if status == 200 and match and "csrftoken" in cookies:
            return {"token": match[1].decode(), "cookies": cookies, "how": how, "index": index}
    raise RuntimeError("no CSRF token and cookie from /csrf/, the story page or the login page")


# Every Masthead post in one benchmark run has its own text: the same text again from
# the same address within ``MASTHEAD_DUPLICATE_WINDOW`` is a repeat, answered with a
# redirect to the first copy and not posted, so a second round numbered from 1 again
# would measure repeats, not posting.
POST_SEQUENCE = itertools.count(1)
POST_RUN = f"{os.getpid():x}{int(time.time()) % 100_000:x}"  # and from one run to the next


def masthead_post(state: dict[str, Any], _number: int) -> tuple[str, bytes, dict[str, str]]:
    body = urllib.parse.urlencode(
        {
            "body": POST_TEXT.format(i=f"{POST_RUN}-{next(POST_SEQUENCE)}"),
            "name": f"Bench guest {state['index']}",
            "csrfmiddlewaretoken": state["token"],
        }
    ).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header(state["cookies"]),
    }
    return f"/story/{POST_SLUG}/comments/", body, headers


def isso_setup(_conn: http.client.HTTPConnection, index: int) -> dict[str, Any]:
    return {"cookies": {}, "how": "none needed", "index": index}


def isso_post(_state: dict[str, Any], _number: int) -> tuple[str, bytes, dict[str, str]]:
    return (
        "/new?uri=/article-post",
        json.dumps(ISSO_POST).encode(),
        {"Content-Type": "application/json"},
    )


def hey_post(url: str, body_file: Path, n: int, c: int, label: str) -> PostRun:
    """The kit's method for Isso: ``hey -n 500 -c 10 -m POST -T application/json``."""
    cmd = [
        "hey",
        "-n",
        str(n),
        "-c",
        str(c),
        "-m",
        "POST",
        "-T",
        "application/json",
        "-D",
        str(body_file),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False).stdout
    with (DIR / "hey-raw.log").open("a") as raw:
        raw.write(f"### {label}: {' '.join(cmd)}\n{out}\n")

    def number(pattern: str) -> float | None:
        match = re.search(pattern, out)
        return float(match[1]) if match else None

    ok = sum(int(m[1]) for m in re.finditer(r"\[20[01]\]\s+(\d+) responses", out))
    statuses = {m[1]: int(m[2]) for m in re.finditer(r"\[(\d+)\]\s+(\d+) responses", out)}
    p50 = number(r"50% in ([\d.]+) secs")
    p99 = number(r"99% in ([\d.]+) secs")
    result = PostRun(
        label=label,
        client="hey (the kit's method)",
        total=n,
        clients=c,
        ok=ok,
        errors=n - ok,
        rps=number(r"Requests/sec:\s+([\d.]+)") or 0.0,
        seconds=number(r"Total:\s+([\d.]+) secs") or 0.0,
        p50_ms=round(p50 * 1000, 2) if p50 is not None else None,
        p99_ms=round(p99 * 1000, 2) if p99 is not None else None,
        statuses=statuses,
    )
    log(
        f"{label}: {ok}/{n} ok, {result.rps} posts/s, p50 {result.p50_ms} ms, "
        f"p99 {result.p99_ms} ms"
    )
    return result


# ---------------------------------------------------------------- memory


def group_rss(pgid: int) -> dict[str, Any]:
    """RSS of every process in one server's process group, by role."""
    procs = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            ppid, pgrp = int(fields[1]), int(fields[2])
            if pgrp != pgid:
                continue
            found = re.search(r"VmRSS:\s+(\d+)", (entry / "status").read_text())
            if found is None:  # a zombie has no memory left
                continue
            rss_kb = int(found[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, TypeError):
            continue
        pid = int(entry.name)
        if pid == pgid:
            role = "main"
        elif "resource_tracker" in cmdline or "semaphore_tracker" in cmdline:
            role = "tracker"
        else:
            role = "worker"
        procs.append({"pid": pid, "ppid": ppid, "role": role, "rss_mb": round(rss_kb / 1024, 1)})
    workers = [p["rss_mb"] for p in procs if p["role"] == "worker"]
    return {
        "processes": procs,
        "workers_mb": workers,
        "workers_sum_mb": round(sum(workers), 1),
        "group_sum_mb": round(sum(p["rss_mb"] for p in procs), 1),
    }


# ---------------------------------------------------------------- setup


def ensure_tools() -> None:
    wanted = {"wrk": "wrk", "nginx": "nginx-light", "hey": "hey"}
    missing = [
        pkg
        for tool, pkg in wanted.items()
        if shutil.which(tool) is None and not (tool == "nginx" and Path("/usr/sbin/nginx").exists())
    ]
    if not missing:
        return
    log(f"installing {' '.join(missing)} (apt-get)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "-q", *missing]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(
            [*sudo, "apt-get", "update", "-q"], env=env, capture_output=True, check=False
        )
        subprocess.run(install, env=env, capture_output=True, check=False)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed and could not be installed (apt-get install wrk)")


def nginx_bin() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def masthead_env(*, page_cache: bool | None = None) -> dict[str, str]:
    """Production settings, everything stateful in the scratch folder, plain HTTP on
    loopback, SQLite and the in-process cache whatever the caller's shell has."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "BEHIND_TLS_PROXY"}
        and not k.startswith("MASTHEAD_")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "bench",
            "MASTHEAD_VAR_DIR": str(DIR / "var"),
            "STATIC_ROOT": str(DIR / "staticfiles"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if page_cache is not None:
        env["MASTHEAD_PAGE_CACHE"] = "1" if page_cache else "0"
    # The posting case sends thousands of comments from 10 clients on one address in seconds:
    # exactly what the anti-abuse limits exist to stop. They are off here so the case
    # measures posting itself; their own cost is bench/ratelimit_cost.py's.
    env["MASTHEAD_RATE_LIMITS"] = "0"
    env["MASTHEAD_MIN_SUBMIT_SECONDS"] = "0"
    return env


def prepare_masthead() -> dict[str, Any]:
    if env_flag("BENCH_FRESH"):
        shutil.rmtree(DIR / "var", ignore_errors=True)
    (DIR / "var").mkdir(parents=True, exist_ok=True)
    env = masthead_env()
    py = str(VENV_BIN / "python")
    log("masthead: migrate, collectstatic, load_demo --if-empty")
    run([py, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=REPO)
    run([py, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=REPO)
    run([py, "manage.py", "load_demo", "--if-empty", "--password", "bench"], env=env, cwd=REPO)
    log("masthead: benchmark threads (bench/seed_masthead.py)")
    out = run(
        [
            py,
            str(BENCH / "seed_masthead.py"),
            "--kit",
            str(KIT),
            "--big",
            str(BIG),
            "--reset-posting",
        ],
        env=env,
        cwd=REPO,
    )
    seeded: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    log(f"masthead: {seeded}")
    return seeded


def start_masthead(name: str, *, page_cache: bool) -> tuple[str, subprocess.Popen[bytes], Path]:
    """The README's production command (uvicorn through ``masthead.serve``), on a free
    port."""
    port = free_port()
    log_path = DIR / f"{name}.log"
    log_path.write_text("")
    cmd = [
        str(VENV_BIN / "python"),
        "-m",
        "masthead.serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "2",
        "--no-access-log",
    ]
    proc = PROCS.start(
        name, cmd, log_path=log_path, env=masthead_env(page_cache=page_cache), cwd=REPO
    )
    base = f"http://{HOST}:{port}"
    wait_up(base + "/", proc, log_path)
    return base, proc, log_path


def kit_pins(var: str, default: str) -> str:
    try:
        match = re.search(rf'^{var}="([^"]+)"', (KIT / "peers.sh").read_text(), re.M)
    except OSError:
        return default
    return match[1] if match else default


def ensure_venv(path: Path, packages: str, marker: str) -> Path:
    python = path / "bin" / "python"
    if (path / "bin" / marker).exists():
        return python
    log(f"installing {packages} into {path}")
    base = shutil.which("python3") or sys.executable
    run([base, "-m", "venv", str(path)], timeout=300)
    run([str(python), "-m", "pip", "install", "-q", *packages.split()], timeout=900)
    return python


def datasets() -> dict[int, Path]:
    data = DIR / "data"
    data.mkdir(parents=True, exist_ok=True)
    paths = {}
    for n in (25, 1000):
        paths[n] = data / f"ds{n}.json"
        paths[n].write_text(run([sys.executable, str(KIT / "gen_comments.py"), str(n)]))
    return paths


def start_isso(ds: dict[int, Path]) -> tuple[str, Path]:
    python = ensure_venv(DIR / "isso-venv", kit_pins("ISSO_PKGS", ISSO_PKGS_DEFAULT), "gunicorn")
    work = DIR / "isso"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cfg = (KIT / "isso" / "isso.cfg.in").read_text().replace("@DBPATH@", str(work / "comments.db"))
    (work / "isso.cfg").write_text(cfg)
    (work / "post.json").write_text(json.dumps(ISSO_POST))
    port = free_port()
    log_path = work / "gunicorn.log"
    env = {**os.environ, "ISSO_SETTINGS": str(work / "isso.cfg")}
    # Isso creates its database on import; two workers doing that at once on a fresh
    # file can collide ("UNIQUE constraint failed: preferences.key"). Create it first.
    run([str(python), "-c", "import isso.run"], env=env, cwd=work, timeout=120)
    proc = PROCS.start(
        "isso (gunicorn -w 2 sync)",
        [
            str(python.parent / "gunicorn"),
            "--no-control-socket",
            "-b",
            f"{HOST}:{port}",
            "--chdir",
            str(work),
            "-w",
            "2",
            "isso.run:application",
        ],
        log_path=log_path,
        env=env,
    )
    base = f"http://{HOST}:{port}"
    wait_up(base + "/config", proc, log_path)
    log("isso: seeding the 25- and 1,000-comment threads through its API")
    for n in (25, 1000):
        run(
            [str(python), str(KIT / "isso" / "seed_isso.py"), base, f"/article-{n}", str(ds[n])],
            timeout=600,
        )
    # The posting thread exists before the concurrent posts (as in the kit).
    request(
        base + "/new?uri=/article-post",
        method="POST",
        body=json.dumps(ISSO_POST).encode(),
        headers={"Content-Type": "application/json"},
    )
    return base, work


def start_xtd(ds: dict[int, Path]) -> str:
    python = ensure_venv(DIR / "xtd-venv", kit_pins("XTD_PKGS", XTD_PKGS_DEFAULT), "gunicorn")
    work = DIR / "xtd"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "XTD_DB": str(work / "db.sqlite3"), "PYTHONDONTWRITEBYTECODE": "1"}
    log("xtd: migrate and seed (the kit's ORM seeder)")
    run([str(python), "manage.py", "migrate", "-v0"], env=env, cwd=KIT / "xtd")
    for n in (25, 1000):
        run([str(python), "-m", "articles.seed", str(n), str(ds[n])], env=env, cwd=KIT / "xtd")
    port = free_port()
    log_path = work / "gunicorn.log"
    proc = PROCS.start(
        "django-comments-xtd (gunicorn -w 2 sync)",
        [
            str(python.parent / "gunicorn"),
            "--no-control-socket",
            "-b",
            f"{HOST}:{port}",
            "-w",
            "2",
            "--chdir",
            str(KIT / "xtd"),
            "benchsite.wsgi:application",
        ],
        log_path=log_path,
        env=env,
    )
    base = f"http://{HOST}:{port}"
    wait_up(base + "/comments/api/articles-article/25/count/", proc, log_path)
    return base


def fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    leftover = re.findall(
        r"@[A-Z_]+@", "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    )
    if leftover:
        raise RuntimeError(f"{template.name}: unfilled placeholders {leftover}")
    return text


def start_nginx(story_bytes: bytes, upstream: str) -> tuple[str, str]:
    """nginx with the static ceiling and the reverse proxy, from the templates."""
    prefix = DIR / "nginx"
    shutil.rmtree(prefix, ignore_errors=True)
    for sub in ("www", "tmp", "cache"):
        (prefix / sub).mkdir(parents=True)
    (prefix / "www" / "story.html").write_bytes(story_bytes)
    static_port, proxy_port = free_port(), free_port()
    templates = BENCH / "nginx"
    (prefix / "nginx.conf").write_text(
        fill(templates / "nginx.conf.template", {"PREFIX": str(prefix)})
    )
    (prefix / "static.conf").write_text(
        fill(
            templates / "static.conf.template",
            {"STATIC_LISTEN": f"{HOST}:{static_port}", "STATIC_DOCROOT": str(prefix / "www")},
        )
    )
    (prefix / "masthead-proxy.conf").write_text(
        fill(
            templates / "masthead-proxy.conf.template",
            {
                "UPSTREAM": upstream.removeprefix("http://"),
                "LISTEN": f"{HOST}:{proxy_port}",
                "SERVER_NAME": "localhost",
                "CACHE_DIR": str(prefix / "cache"),
                "STATIC_ROOT": str(DIR / "staticfiles"),
            },
        )
    )
    nginx = nginx_bin()
    assert nginx is not None
    conf = prefix / "nginx.conf"
    run([nginx, "-t", "-q", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)])
    log_path = prefix / "stdout.log"
    proc = PROCS.start(
        "nginx (static ceiling + reverse proxy)",
        [
            nginx,
            "-p",
            str(prefix),
            "-e",
            str(prefix / "error.log"),
            "-c",
            str(conf),
            "-g",
            "daemon off;",
        ],
        log_path=log_path,
    )
    static = f"http://{HOST}:{static_port}"
    proxy = f"http://{HOST}:{proxy_port}"
    wait_up(static + "/story.html", proc, log_path)
    wait_up(proxy + f"/story/{DEMO_SLUG}/", proc, log_path)
    return static, proxy


def posting_report() -> dict[str, Any]:
    """The posting story after the load: every accepted post is there, numbered 1..N."""
    code = (
        "import json, os, sys; sys.path.insert(0, os.getcwd()); import django; django.setup();"
        "from django.db.models import Count, Max;"
        "from masthead.comments.models import Comment;"
        "from masthead.articles.models import Article;"
        f"a = Article.objects.get(slug={POST_SLUG!r});"
        "q = Comment.objects.filter(article=a);"
        "agg = q.aggregate(n=Count('id'), top=Max('number'), distinct=Count('number', "
        "distinct=True));"
        "print(json.dumps({**agg, 'comment_count': a.comment_count, "
        "'last_comment_number': a.last_comment_number}))"
    )
    out = run([str(VENV_BIN / "python"), "-c", code], env=masthead_env(), cwd=REPO)
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return report


def run_sse() -> tuple[float | None, str, dict[str, Any] | None]:
    """Run bench/sse_fanout.py (it starts its own server) and read the p99 it writes.
    Returns (p99 or None, why it is None or what is odd about it, its JSON)."""
    script = BENCH / "sse_fanout.py"
    out_file = RESULTS / "sse_fanout.json"
    if not WITH_SSE:
        return None, "skipped (BENCH_SSE=0)", None
    if not script.exists():
        return None, "bench/sse_fanout.py is not in the repository yet", None
    started = time.time()
    log("sse: running bench/sse_fanout.py (its own server, 1,000 streams)")
    env = {**masthead_env(), "BENCH_DIR": str(DIR / "sse")}
    log_path = DIR / "sse_fanout.log"
    try:
        proc = subprocess.run(
            [str(VENV_BIN / "python"), str(script)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, "bench/sse_fanout.py did not finish within 900 s", None
    log_path.write_text(proc.stdout + proc.stderr)
    fresh = out_file.exists() and out_file.stat().st_mtime >= started
    if not fresh:
        return (
            None,
            f"bench/sse_fanout.py exited {proc.returncode} without writing "
            f"{out_file.relative_to(REPO)} in this run (log: {log_path})",
            None,
        )
    data: dict[str, Any] = json.loads(out_file.read_text())
    value = data.get("sse_fanout_p99_ms")
    if value is None:
        return None, f"sse_fanout.json has no sse_fanout_p99_ms (log: {log_path})", data
    odd = (
        ""
        if proc.returncode == 0
        else (
            f"bench/sse_fanout.py exited {proc.returncode} (missing deliveries?); log: {log_path}"
        )
    )
    log(f"sse: p99 {value} ms, p50 {data.get('sse_fanout_p50_ms')} ms")
    return value, odd, data


# ---------------------------------------------------------------- report


def versions(isso_python: Path | None, xtd_python: Path | None) -> dict[str, Any]:
    def dpkg(pkg: str) -> str | None:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True, check=False
        )
        return out.stdout.strip() or None

    def pkgs(python: Path | None, names: list[str]) -> dict[str, str | None]:
        if python is None or not python.exists():
            return {}
        code = (
            "import importlib.metadata as m, json, sys\n"
            "def v(n):\n    try: return m.version(n)\n    except Exception: return None\n"
            "print(json.dumps({n: v(n) for n in sys.argv[1:]}))"
        )
        out = subprocess.run(
            [str(python), "-c", code, *names], capture_output=True, text=True, check=False
        )
        return json.loads(out.stdout) if out.returncode == 0 else {}

    git = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "wrk": dpkg("wrk"),
        "nginx": dpkg("nginx-light") or dpkg("nginx"),
        "hey": dpkg("hey"),
        "masthead": {
            "commit": git,
            "uncommitted_changes": bool(dirty),
            **pkgs(VENV_BIN / "python", ["Django", "uvicorn", "uvloop", "httptools"]),
        },
        "isso_venv": pkgs(
            isso_python, ["isso", "gunicorn", "Werkzeug", "mistune", "bleach", "html5lib"]
        ),
        "xtd_venv": pkgs(xtd_python, ["django-comments-xtd", "Django", "gunicorn"]),
    }


def machine() -> dict[str, Any]:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gib": round(int(mem[1]) / 1024 / 1024, 1) if mem else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
    }


RATIO_SPECS: list[tuple[str, str, float, str]] = [
    # name, description, target, direction (">=": higher is better, "<=": lower is better)
    ("seed_cold_vs_isso", "seed story page, cold / Isso JSON thread of 25", 5, ">="),
    ("seed_warm_vs_isso", "seed story page, warm / Isso JSON thread of 25", 20, ">="),
    ("k1_cold_vs_isso", "1,000-comment story, cold / Isso JSON thread of 1,000", 10, ">="),
    ("k1_warm_vs_isso", "1,000-comment story, warm / Isso JSON thread of 1,000", 100, ">="),
    (
        "k20_first_page_vs_seed_cold",
        "cost of the 20,000-comment first page vs the seed page, cold (seed rps / k20 rps)",
        1.2,
        "<=",
    ),
    ("seed_warm_vs_nginx", "seed story page, warm / nginx static of the same bytes", 0.1, ">="),
    ("proxy_vs_nginx", "seed story page through the nginx micro-cache / nginx static", 0.75, ">="),
    ("post_vs_isso", "posting, posts/s / Isso posts/s (and 0 errors, 0 lock errors)", 2, ">="),
]


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def mean_or_none(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


def main() -> int:
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    DIR.mkdir(parents=True, exist_ok=True)
    for name in ("wrk-raw.log", "hey-raw.log"):
        (DIR / name).write_text("")
    reasons: dict[str, str] = {}
    if not (KIT / "gen_comments.py").exists():
        raise SystemExit(f"the peer benchmark kit is not at {KIT} (set BENCH_PEERS_DIR)")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    load = load_at_start[0]
    if load > 1.0:
        log(
            f"WARNING: load average {load:.2f} before starting: something else is busy "
            "(see `ps`); ratios still hold within this run, absolute numbers will be low"
        )
    ensure_tools()
    seeded = prepare_masthead()
    ds = datasets()

    cold, cold_proc, cold_log = start_masthead("masthead-cold", page_cache=False)
    warm, warm_proc, warm_log = start_masthead("masthead-warm", page_cache=True)
    story = f"/story/{DEMO_SLUG}/"
    story_reply = request(warm + story)
    notes: list[str] = []
    m_probe_cold = cold + "/static/masthead/favicon.svg"
    m_probe_warm = warm + "/static/masthead/favicon.svg"

    isso = None
    isso_python: Path | None = None
    if SKIP_ISSO:
        reasons["isso"] = "SKIP_ISSO=1"
    else:
        try:
            isso, _isso_work = start_isso(ds)
            isso_python = DIR / "isso-venv" / "bin" / "python"
        except Exception as exc:
            reasons["isso"] = f"Isso could not be installed or started: {exc}"
            log(reasons["isso"])
    xtd = None
    if WITH_XTD:
        try:
            xtd = start_xtd(ds)
        except Exception as exc:
            reasons["xtd"] = f"xtd could not be installed or started: {exc}"
            log(reasons["xtd"])
    static = proxy = None
    if SKIP_NGINX:
        reasons["nginx"] = "SKIP_NGINX=1"
    elif nginx_bin() is None:
        reasons["nginx"] = "nginx is not installed"
    elif story_reply.status != 200:
        reasons["nginx"] = f"the demo story answered {story_reply.status}: nothing to copy"
    else:
        try:
            static, proxy = start_nginx(story_reply.body, warm)
        except Exception as exc:
            reasons["nginx"] = f"nginx could not start: {exc}"
            log(reasons["nginx"])

    def m_case(key: str, label: str, base: str, path: str, warm_case: bool) -> Case:
        return Case(
            key,
            label,
            "masthead " + ("warm (page cache on)" if warm_case else "cold (page cache off)"),
            base + path,
            m_probe_warm if warm_case else m_probe_cold,
            expect_page_cache=warm_case,
        )

    k1_path, k20_path = f"/story/{K1_SLUG}/", f"/story/{K20_SLUG}/"
    cases: list[Case] = []
    isso_25 = isso_1000 = None
    if isso:
        isso_25 = Case(
            "isso_25",
            "Isso JSON thread, 25 comments",
            "isso gunicorn -w 2 sync",
            isso + "/?uri=/article-25",
            isso + "/config",
        )
        isso_1000 = Case(
            "isso_1000",
            "Isso JSON thread, 1,000 comments",
            "isso gunicorn -w 2 sync",
            isso + "/?uri=/article-1000",
            isso + "/config",
        )
    xtd_25 = xtd_1000 = None
    if xtd:
        xprobe = xtd + "/comments/api/articles-article/25/count/"
        xtd_25 = Case(
            "xtd_page_25",
            "xtd HTML page, 25 comments",
            "xtd gunicorn -w 2 sync",
            xtd + "/article/25/",
            xprobe,
        )
        xtd_1000 = Case(
            "xtd_page_1000",
            "xtd HTML page, 1,000 comments",
            "xtd gunicorn -w 2 sync",
            xtd + "/article/1000/",
            xprobe,
        )
    seed_cold = m_case("seed_cold", "story, 25 comments (demo), cold", cold, story, False)
    seed_warm = m_case("seed_warm", "story, 25 comments (demo), warm", warm, story, True)
    k1_cold = m_case("k1_cold", "story, 1,000 comments, cold", cold, k1_path, False)
    k1_warm = m_case("k1_warm", "story, 1,000 comments, warm", warm, k1_path, True)
    k20_cold = m_case(
        "k20_cold", f"story, {BIG:,} comments, first page, cold", cold, k20_path, False
    )
    k20_warm = m_case(
        "k20_warm", f"story, {BIG:,} comments, first page, warm", warm, k20_path, True
    )
    nginx_static = proxy_case = None
    if static and proxy:
        nginx_static = Case(
            "nginx_static",
            "nginx static file, the demo story's bytes",
            "nginx 2 workers",
            static + "/story.html",
            static + "/story.html",
        )
        proxy_case = Case(
            "proxy",
            "story, 25 comments, through the nginx micro-cache",
            "nginx proxy_cache -> masthead warm",
            proxy + story,
            m_probe_warm,
        )
    # Interleaved so drift over the run hits each ratio's two sides alike.
    order = [
        isso_25,
        seed_cold,
        seed_warm,
        nginx_static,
        proxy_case,
        xtd_25,
        isso_1000,
        k1_cold,
        k1_warm,
        k20_cold,
        k20_warm,
        xtd_1000,
    ]
    cases = [c for c in order if c is not None]
    measure(cases)
    for case in cases:
        if case.note:
            notes.append(f"{case.key}: {case.note}")
    # The copies of the seed page differ by a few bytes at most (its canonical link names
    # the host:port it was asked on); more than that means the page changed in the run.
    sizes = {c.key: c.bytes for c in (seed_cold, seed_warm, nginx_static, proxy_case) if c}
    known = [v for v in sizes.values() if v is not None]
    if known and max(known) - min(known) > 64:
        notes.append(f"the seed page's copies differ in size: {sizes}")

    # Posting: Isso the kit's way (hey), Masthead with browser-like clients, and Isso with
    # the same Python client too, so the client's own cost cancels out in one ratio.
    post_runs: dict[str, list[PostRun]] = {"masthead": [], "isso_kit": [], "isso_same_client": []}
    lock_before = warm_log.read_text(errors="replace").count("database is locked")
    every_probe = list(dict.fromkeys(c.probe for c in cases if not c.skipped))
    for run_no in range(1, POST_RUNS + 1):
        if isso:
            drain_all(every_probe)
            if shutil.which("hey"):
                post_runs["isso_kit"].append(
                    hey_post(
                        isso + "/new?uri=/article-post",
                        DIR / "isso" / "post.json",
                        ISSO_POSTS,
                        10,
                        f"isso POST /new run {run_no} (hey -n {ISSO_POSTS} -c 10)",
                    )
                )
        drain_all(every_probe)
        post_runs["masthead"].append(
            post_load(
                base=warm,
                total=POSTS,
                clients=POST_CLIENTS,
                expect=302,
                label=f"masthead POST comments run {run_no}",
                setup=masthead_setup,
                build=masthead_post,
            )
        )
        if isso:
            drain_all(every_probe)
            post_runs["isso_same_client"].append(
                post_load(
                    base=isso,
                    total=POSTS,
                    clients=POST_CLIENTS,
                    expect=201,
                    label=f"isso POST /new run {run_no} (same client as Masthead)",
                    setup=isso_setup,
                    build=isso_post,
                )
            )
    drain_all(every_probe)
    log_lock = warm_log.read_text(errors="replace").count("database is locked") - lock_before
    posting_db = posting_report()
    log(f"posting story after the load: {posting_db}")
    accepted = sum(r.ok for r in post_runs["masthead"])
    if posting_db.get("n") != accepted or posting_db.get("distinct") != accepted:
        notes.append(
            f"posting: {accepted} posts answered 302 but the story holds {posting_db.get('n')} "
            f"comments with {posting_db.get('distinct')} distinct numbers"
        )

    rss = {"cold": group_rss(cold_proc.pid), "warm": group_rss(warm_proc.pid)}
    all_workers = rss["cold"]["workers_mb"] + rss["warm"]["workers_mb"]
    rss_by_server = {k: max(v["workers_mb"], default=None) for k, v in rss.items()}
    worker_rss_mb = max(all_workers) if all_workers else None
    if worker_rss_mb is None:
        reasons["worker_rss_mb"] = "no uvicorn worker processes found"
    server_errors = {
        name: path.read_text(errors="replace").count("Traceback")
        for name, path in (("masthead-cold", cold_log), ("masthead-warm", warm_log))
    }
    PROCS.stop_all()

    sse_p99, sse_reason, sse_data = run_sse()
    if sse_reason and sse_p99 is None:
        reasons["sse_fanout_p99_ms"] = sse_reason
    elif sse_reason:
        notes.append(sse_reason)

    # ---- figures
    def rps(case: Case | None) -> float | None:
        return case.mean("rps") if case is not None else None

    m_posts = [r.rps for r in post_runs["masthead"]]
    isso_kit = [r.rps for r in post_runs["isso_kit"]]
    isso_same = [r.rps for r in post_runs["isso_same_client"]]
    post_errors = sum(r.errors for r in post_runs["masthead"])
    lock_errors = sum(r.lock_errors for r in post_runs["masthead"]) + max(0, log_lock)
    m_post_rps = mean_or_none(m_posts)
    isso_post_rps = mean_or_none(isso_kit) or mean_or_none(isso_same)
    if not isso_kit and isso_same:
        reasons["post_vs_isso"] = "hey is not installed: Isso measured with the Python client"
    ratios = {
        "seed_cold_vs_isso": ratio(rps(seed_cold), rps(isso_25)),
        "seed_warm_vs_isso": ratio(rps(seed_warm), rps(isso_25)),
        "k1_cold_vs_isso": ratio(rps(k1_cold), rps(isso_1000)),
        "k1_warm_vs_isso": ratio(rps(k1_warm), rps(isso_1000)),
        "k20_first_page_vs_seed_cold": ratio(rps(seed_cold), rps(k20_cold)),
        "seed_warm_vs_nginx": ratio(rps(seed_warm), rps(nginx_static)),
        "proxy_vs_nginx": ratio(rps(proxy_case), rps(nginx_static)),
        "post_vs_isso": ratio(m_post_rps, isso_post_rps),
    }
    extra_ratios = {
        "post_vs_isso_same_client": ratio(m_post_rps, mean_or_none(isso_same)),
        "seed_cold_vs_xtd": ratio(rps(seed_cold), rps(xtd_25)),
        "k1_cold_vs_xtd": ratio(rps(k1_cold), rps(xtd_1000)),
        "k20_warm_vs_seed_warm_cost": ratio(rps(seed_warm), rps(k20_warm)),
    }
    inputs = {
        "seed_cold_vs_isso": [seed_cold, isso_25],
        "seed_warm_vs_isso": [seed_warm, isso_25],
        "k1_cold_vs_isso": [k1_cold, isso_1000],
        "k1_warm_vs_isso": [k1_warm, isso_1000],
        "k20_first_page_vs_seed_cold": [seed_cold, k20_cold],
        "seed_warm_vs_nginx": [seed_warm, nginx_static],
        "proxy_vs_nginx": [proxy_case, nginx_static],
    }
    for name, value in ratios.items():
        if value is not None or name in reasons:
            continue
        why = [c.skipped for c in inputs.get(name, []) if c is not None and c.skipped]
        if name in inputs and any(c is None for c in inputs[name]):
            why.append("; ".join(reasons.get(k, "") for k in ("isso", "nginx") if k in reasons))
        if name == "post_vs_isso":
            why.append(
                reasons.get("isso", "")
                or ("Masthead posting failed" if not m_post_rps else "no Isso posting figure")
            )
        reasons[name] = "; ".join(w for w in why if w) or "an input case did not run"
    if extra_ratios["seed_cold_vs_xtd"] is None:
        reasons["seed_cold_vs_xtd"] = reasons.get("xtd", "not run (set BENCH_XTD=1)")

    met: dict[str, bool | None] = {}
    for name, _desc, target, direction in RATIO_SPECS:
        value = ratios[name]
        if value is None:
            met[name] = None
            continue
        ok = value >= target if direction == ">=" else value <= target
        if name == "post_vs_isso":
            ok = ok and post_errors == 0 and lock_errors == 0
        met[name] = ok
    met["worker_rss_mb"] = None if worker_rss_mb is None else worker_rss_mb <= 150
    met["sse_fanout_p99_ms"] = None if sse_p99 is None else sse_p99 <= 250
    met["post_errors"] = post_errors == 0
    met["lock_errors"] = lock_errors == 0
    if extra_ratios["seed_cold_vs_xtd"] is not None:
        met["seed_cold_vs_xtd"] = extra_ratios["seed_cold_vs_xtd"] >= 3

    elapsed = round(time.monotonic() - STARTED, 1)
    result: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench",
        "elapsed_s": elapsed,
        "ratios": ratios,
        "extra_ratios": extra_ratios,
        "targets": {
            **{name: f"{direction} {target}" for name, _d, target, direction in RATIO_SPECS},
            "seed_cold_vs_xtd": ">= 3",
            "worker_rss_mb": "<= 150 (largest worker)",
            "sse_fanout_p99_ms": "<= 250",
            "post_errors": "== 0",
            "lock_errors": "== 0",
        },
        "met": met,
        "post_errors": post_errors,
        "lock_errors": lock_errors,
        "worker_rss_mb": worker_rss_mb,
        "sse_fanout_p99_ms": sse_p99,
        "reasons": reasons,
        "posting": {
            "masthead_posts_per_s": m_post_rps,
            "isso_posts_per_s_kit_method": mean_or_none(isso_kit),
            "isso_posts_per_s_same_client": mean_or_none(isso_same),
            "server_log_lock_messages": log_lock,
            "story_after_load": posting_db,
            "runs": {k: [asdict(r) for r in v] for k, v in post_runs.items()},
        },
        "worker_rss": {
            "note": "RSS after all loads; worker_rss_mb is the largest worker of either server",
            "per_worker_mb": all_workers,
            "largest_worker_mb_by_server": rss_by_server,
            "sum_mb": round(sum(all_workers), 1),
            "servers": rss,
        },
        "server_tracebacks": server_errors,
        "notes": notes,
        "sse": sse_data,
        "cases": {c.key: c.summary() for c in order if c is not None},
        "seeded": seeded,
        "method": {
            "wrk": f"wrk -t{THREADS} -c{CONNS} -d{DURATION} --timeout {WRK_TIMEOUT} --latency "
            "-s bench/lua/report.lua",
            "runs_per_case": RUNS,
            "posting_rounds": POST_RUNS,
            "figure": "mean of the runs (req/s, p50, p99); every run is under cases.*.runs",
            "warmup": f"wrk -c4 -d{WARMUP} once per case, then drain until a cheap probe "
            "answers in < 200 ms before every run",
            "order": "cases interleaved run by run: " + ", ".join(c.key for c in cases),
            "masthead": "python -m masthead.serve --workers 2 --no-access-log (uvicorn, a "
            "socket per worker), config.settings.production; cold = MASTHEAD_PAGE_CACHE=0",
            "posting": f"{POST_RUNS} rounds, each: isso with hey, masthead, isso with the same "
            f"client; masthead: {POSTS} posts from {POST_CLIENTS} Python clients per run; "
            f"isso: hey -n {ISSO_POSTS} -c 10 (the kit's method) and the same "
            "Python client as Masthead",
        },
        "machine": {**machine(), "loadavg_at_start": load_at_start},
        "versions": versions(isso_python, DIR / "xtd-venv" / "bin" / "python" if xtd else None),
        "scratch": str(DIR),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2)
    (RESULTS / "latest.json").write_text(text + "\n")
    (DIR / "latest.json").write_text(text + "\n")
    print_report(result, order, post_runs)
    return 0


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def print_report(
    result: dict[str, Any], order: list[Case | None], post_runs: dict[str, list[PostRun]]
) -> None:
    mach, ver = result["machine"], result["versions"]
    lines = [
        "",
        "Masthead vs Isso vs nginx — one run, same machine "
        f"({mach['nproc']} CPUs, {mach['cpu']}), {result['generated_at']}",
        f"wrk -t{THREADS} -c{CONNS} -d{DURATION} --timeout {WRK_TIMEOUT}; req/s, p50 and p99 "
        f"are the mean of {RUNS} run(s); bytes = response body",
        "",
        "| case | server | req/s | p50 ms | p99 ms | bytes | solo ms | errors | req/s per run |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for case in order:
        if case is None:
            continue
        s = case.summary()
        per_run = " / ".join(fmt(r["rps"]) for r in s["runs"]) or case.skipped
        lines.append(
            f"| {case.label} | {case.server} | {fmt(s['rps'])} | {fmt(s['p50_ms'], 2)} | "
            f"{fmt(s['p99_ms'], 2)} | {fmt(s['bytes'], 0)} | {fmt(s['solo_ms'], 2)} | "
            f"{s['errors']} | {per_run} |"
        )
    labels = {
        "masthead": "Masthead POST comment (form, CSRF, 302)",
        "isso_kit": "Isso POST /new (hey, the kit's method)",
        "isso_same_client": "Isso POST /new (same Python client)",
    }
    for key, runs in post_runs.items():
        if not runs:
            continue
        rps_mean = statistics.fmean(r.rps for r in runs)
        p50 = [r.p50_ms for r in runs if r.p50_ms is not None]
        p99 = [r.p99_ms for r in runs if r.p99_ms is not None]
        lines.append(
            f"| {labels[key]}, {runs[0].total} posts, c={runs[0].clients} | "
            f"{'masthead warm' if key == 'masthead' else 'isso gunicorn -w 2 sync'} | "
            f"{fmt(rps_mean)} | {fmt(mean_or_none(p50), 2)} | {fmt(mean_or_none(p99), 2)} | — | "
            f"— | {sum(r.errors for r in runs)} | {' / '.join(fmt(r.rps) for r in runs)} |"
        )
    lines += ["", "| ratio | value | target | met |", "|---|---:|---|---|"]
    for name, _desc, _target, _direction in RATIO_SPECS:
        value = result["ratios"][name]
        lines.append(
            f"| {name} | {fmt(value, 2)} | {result['targets'][name]} | "
            f"{met_word(result['met'][name])} |"
        )
    extra = result["extra_ratios"]
    if extra["seed_cold_vs_xtd"] is not None:
        lines.append(
            f"| seed_cold_vs_xtd | {fmt(extra['seed_cold_vs_xtd'], 2)} | >= 3 | "
            f"{met_word(result['met'].get('seed_cold_vs_xtd'))} |"
        )
    lines += [
        f"| post_errors | {result['post_errors']} | == 0 | "
        f"{met_word(result['met']['post_errors'])} |",
        f"| lock_errors | {result['lock_errors']} | == 0 | "
        f"{met_word(result['met']['lock_errors'])} |",
        f"| worker_rss_mb (largest worker) | {fmt(result['worker_rss_mb'])} | <= 150 | "
        f"{met_word(result['met']['worker_rss_mb'])} |",
        f"| sse_fanout_p99_ms | {fmt(result['sse_fanout_p99_ms'])} | <= 250 | "
        f"{met_word(result['met']['sse_fanout_p99_ms'])} |",
        "",
        f"post_vs_isso_same_client = {fmt(extra['post_vs_isso_same_client'], 2)}; "
        f"worker RSS per worker {result['worker_rss']['per_worker_mb']} MB (cold server "
        f"first), sum {result['worker_rss']['sum_mb']} MB; largest worker by server: "
        f"{result['worker_rss']['largest_worker_mb_by_server']}",
    ]
    sse = result.get("sse") or {}
    if sse.get("sse_fanout_p99_ms") is not None:
        lines.append(
            f"SSE fan-out (bench/sse_fanout.py, {sse.get('broker', '?')} broker): one comment "
            f"to {sse.get('sse_idle_clients')} streams, p50 {sse.get('sse_fanout_p50_ms')} ms, "
            f"p99 {sse.get('sse_fanout_p99_ms')} ms; worker RSS with the streams open "
            f"{sse.get('sse_worker_rss_mb')} MB"
        )
    for name, why in result["reasons"].items():
        lines.append(f"null/skipped: {name}: {why}")
    for note in result["notes"]:
        lines.append(f"note: {note}")
    for server, count in result["server_tracebacks"].items():
        if count:
            lines.append(f"note: {server} logged {count} traceback(s): see {DIR / server}.log")
    masthead_ver = ver["masthead"]
    lines += [
        "",
        f"versions: wrk {ver['wrk']}, nginx {ver['nginx']}, hey {ver['hey']}, "
        f"Django {masthead_ver.get('Django')}, uvicorn {masthead_ver.get('uvicorn')}, "
        f"isso {ver['isso_venv'].get('isso')}, Masthead {masthead_ver['commit']}"
        f"{' + uncommitted changes' if masthead_ver['uncommitted_changes'] else ''}",
        f"run time {result['elapsed_s']} s; JSON: bench/results/latest.json; "
        f"raw wrk/hey output and server logs: {result['scratch']}",
        "Reproduce: make bench   (knobs: BENCH_RUNS, BENCH_DURATION, SKIP_ISSO=1, "
        "BENCH_XTD=1; see bench/README.md)",
    ]
    print("\n".join(lines), flush=True)


def met_word(value: bool | None) -> str:
    return "n/a" if value is None else ("met" if value else "NOT met")


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        PROCS.stop_all()
