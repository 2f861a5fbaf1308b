"""How the ASGI server reaches Django: async views through Django's ASGI handler,
the rest through its WSGI handler on a thread pool, handed over once per request.

Most of the site is synchronous (ORM, templates). Run through Django's ASGI handler,
each sync request pays for several hops between the event loop and worker threads;
measured in-process on the demo story: 5.9 ms a page and 1.9 ms for a trivial view,
against 3.9 ms and 0.5 ms through the WSGI handler on a thread pool. Async views (the
live-update streams) need the event loop, so they keep the ASGI handler. Which handler a
path gets is decided once per path, from whether its view is a coroutine.

``WSGIBridge`` replaced a2wsgi's ``WSGIMiddleware``, which crosses between the loop and
the thread for the request body, the status line and every chunk of the response, each
crossing a wake-up of the other side. Here the body is read on the loop before the view
runs, and a response that fits in ``BUFFER_BYTES`` (every page; not a large file) comes
back from the thread whole: one crossing each way. Under the posting benchmark that
took about 0.4 ms of server CPU off each post.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import io
import queue
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import IO, Any

from a2wsgi.wsgi import build_environ
from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, get_resolver

from .pagecache import Receive, Scope, Send

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# A request body larger than this goes to a temporary file instead of memory.
SPOOL_BYTES = 1024 * 1024
# A response up to this size is sent in one piece; a larger one streams chunk by chunk.
BUFFER_BYTES = 512 * 1024


class SyncAsyncRouter:
    """One ASGI application over Django's two handlers (see the module docstring)."""

    def __init__(self, asgi: ASGIHandler, wsgi: WSGIApp, *, threads: int = 1) -> None:
        # ``MASTHEAD_WSGI_THREADS``: 1 on SQLite, a few more on PostgreSQL (see settings).
        self.asgi = asgi
        self.wsgi = WSGIBridge(wsgi, threads=threads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not view_is_async(scope["path"]):
            await self.wsgi(scope, receive, send)
        else:
            await self.asgi(scope, receive, send)


def view_is_async(path: str) -> bool:
    try:
        match = _resolved(settings.ROOT_URLCONF, path)
    except Resolver404:
        return False
    return iscoroutinefunction(match.func)


@lru_cache(maxsize=4096)
def _resolved(urlconf: str, path: str) -> ResolverMatch:
    """``path`` resolved through ``urlconf``; a path that resolves to nothing is asked
    again every time (``Resolver404`` is not kept)."""
    return get_resolver(urlconf).resolve(path)


class WSGIHandler(DjangoWSGIHandler):
    """Django's WSGI handler, which resolves each path through the URLconf once per
    process: resolving walks every pattern before the one that matches, with an
    exception for each include that does not, about 70 us for a post to a story's
    discussion and 90 us for the story page. Each request gets its own match (the
    view's keyword arguments are its own); a request that names its own URLconf is
    resolved as Django does."""

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        if hasattr(request, "urlconf"):
            return super().resolve_request(request)
        kept = _resolved(settings.ROOT_URLCONF, request.path_info)
        match: ResolverMatch = ResolverMatch.__new__(ResolverMatch)
        match.__dict__.update(kept.__dict__)  # a copy (ResolverMatch refuses copy.copy)
        match.kwargs = dict(kept.kwargs)
        request.resolver_match = match
        return match


class _Disconnected(Exception):
    """The client went away before its request body arrived."""


class WSGIBridge:
    """A WSGI application served over ASGI from a few threads of its own (see the module
    docstring).

    The whole WSGI call (the view, iterating the response, closing it) runs in one job on
    one of the bridge's threads, as a WSGI server would run it: Django's per-thread
    database connections are opened and closed by the thread that used them. Jobs go to
    the threads on a queue and come back through ``call_soon_threadsafe``. A thread
    pool executor's futures (a condition variable per job, futures chained both ways)
    were about a third of the event loop's busy samples under the posting benchmark;
    without them the loop's CPU per post fell by about 15%."""

    def __init__(self, app: WSGIApp, *, threads: int = 1) -> None:
        self.app = app
        self._threads = max(1, threads)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._started = False
        self._start_lock = threading.Lock()

    def _start(self) -> None:
        with self._start_lock:
            if self._started:
                return
            for index in range(self._threads):
                threading.Thread(
                    target=_work, args=(self._jobs,), name=f"wsgi_{index}", daemon=True
                ).start()
            # The threads hold the queue, not the bridge: once the bridge is gone, they
            # are told to stop.
            weakref.finalize(self, _stop, self._jobs, self._threads)
            self._started = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            body = await _read_body(receive)
        except _Disconnected:
            return
        if not self._started:
            self._start()
        loop = asyncio.get_running_loop()
        environ: dict[str, Any] = build_environ(scope, body)  # type: ignore[arg-type,assignment]
        context = contextvars.copy_context()
        done: asyncio.Future[_Whole | None] = loop.create_future()
        self._jobs.put((done, loop, partial(context.run, self._call, environ, loop, send)))
        try:
            whole = await done
        finally:
            body.close()
        if whole is not None:  # the thread sent nothing: the response is here, whole
            status, headers, content = whole
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": content})

    def _call(
        self, environ: dict[str, Any], loop: asyncio.AbstractEventLoop, send: Send
    ) -> _Whole | None:
        """In the pool thread: run the application. Returns the response when it fits in
        ``BUFFER_BYTES``; otherwise sends it from here as it is produced and returns None."""
        started: list[tuple[int, list[tuple[bytes, bytes]]]] = []
        written: list[bytes] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], None]:
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [
                (
                    int(status.split(" ", 1)[0]),
                    [(k.strip().lower().encode("latin1"), v.encode("latin1")) for k, v in headers],
                )
            ]
            return written.append  # the legacy write() callable: kept in order, sent first

        async def sending(message: dict[str, Any]) -> None:
            await send(message)

        def push(message: dict[str, Any]) -> None:
            asyncio.run_coroutine_threadsafe(sending(message), loop).result()

        iterable = self.app(environ, start_response)
        try:
            chunks, size = written, sum(map(len, written))
            iterator = iter(iterable)
            for chunk in iterator:
                if not chunk:
                    continue
                chunks.append(chunk)
                size += len(chunk)
                if size > BUFFER_BYTES:
                    break
            else:
                status, headers = started[0]
                return status, headers, b"".join(chunks)
            # Too big to hold: stream what came so far and the rest as it comes.
            status, headers = started[0]
            push({"type": "http.response.start", "status": status, "headers": headers})
            push({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
            for chunk in iterator:
                if chunk:
                    push({"type": "http.response.body", "body": chunk, "more_body": True})
            push({"type": "http.response.body", "body": b""})
            return None
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()


# A response held whole: status, headers, body.
_Whole = tuple[int, list[tuple[bytes, bytes]], bytes]
# A job for a bridge thread: the future to settle, its loop, and the call to make.
_Job = tuple["asyncio.Future[_Whole | None]", asyncio.AbstractEventLoop, Callable[[], Any]]


def _work(jobs: queue.SimpleQueue[_Job | None]) -> None:
    """A bridge thread: run jobs until told to stop (``None``)."""
    while True:
        job = jobs.get()
        if job is None:
            return
        done, loop, call = job
        if done.cancelled():  # the request was given up before its turn came
            continue
        try:
            result, error = call(), None
        except BaseException as exc:  # handed to the request's task, as an executor does
            result, error = None, exc
        # A loop that has closed (a server shutting down) has nobody waiting.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, done, result, error)


def _settle(done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    """On the loop: hand a finished job's outcome to the request waiting for it."""
    if done.cancelled():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)


def _stop(jobs: queue.SimpleQueue[_Job | None], threads: int) -> None:
    for _ in range(threads):
        jobs.put(None)


async def _read_body(receive: Receive) -> IO[bytes]:
    """The request body, in memory up to ``SPOOL_BYTES`` and in a temporary file beyond."""
    message = await receive()
    if message["type"] == "http.disconnect":
        raise _Disconnected
    if not message.get("more_body", False):  # nearly every request: all in one message
        return io.BytesIO(message.get("body", b""))
    # Closed by the caller once the view is done with it.
    body: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    while True:
        body.write(message.get("body", b""))
        if not message.get("more_body", False):
            break
        message = await receive()
        if message["type"] == "http.disconnect":
            body.close()
            raise _Disconnected
    body.seek(0)
    return body
