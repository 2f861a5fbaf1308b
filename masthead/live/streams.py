"""One Server-Sent Events stream per reader: catch up from the database, then live.

A stream subscribes *before* it reads what the reader missed, so nothing committed in
between is lost; :class:`~masthead.live.events.ResumeFilter` drops what arrives twice.
Streams hold no database connection while idle: reads run on a small dedicated thread
pool (bounding how many connections a reconnect storm can take), which follows the
connection-age policy of a request (``CONN_MAX_AGE``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from asgiref.sync import SyncToAsync, sync_to_async
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse

from . import selectors
from .broker import Broker, Subscription
from .events import HEARTBEAT_FRAME, OPENING_FRAME, OVERFLOW_FRAME, ResumeFilter
from .publishing import comment_event

T = TypeVar("T")

_db_threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="masthead-live-db")


def _read_and_release(read: Callable[[], T]) -> T:
    try:
        return read()
    finally:
        # As at the end of a request: with CONN_MAX_AGE=0 (PostgreSQL's pool) the
        # connection goes back to the pool instead of idling in this thread; a
        # persistent one (SQLite) stays. Never inside a transaction (tests).
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


async def read_db(read: Callable[[], T]) -> T:
    """Run a database read off the event loop, on the live app's own threads."""
    call: Callable[[], T] = lambda: _read_and_release(read)  # noqa: E731
    return await sync_to_async(call, thread_sensitive=False, executor=_db_threads)()


def release_request_thread() -> None:
    """Let the current request's thread-sensitive worker thread go.

    Django runs each ASGI request in an asgiref ``ThreadSensitiveContext``: the first
    sync call in the request (any sync-only middleware, WhiteNoise's for one) starts a
    one-thread executor that lives until the request ends. For a stream that is hours,
    so 1,000 streams held 1,000 idle threads (measured: 310 threads for 300 streams).
    Once the view has returned nothing in the request needs that thread; a later
    thread-sensitive call (Django's ``response.close()``) gets a fresh one, which the
    context still shuts down at the end. A context that brought its own executor
    (``ThreadSensitiveContext(executor=...)``) owns it, and is left alone.
    """
    context = SyncToAsync.thread_sensitive_context.get(None)
    if context is None or getattr(context, "_executor", None) is not None:
        return
    executor = SyncToAsync.context_to_thread_executor.pop(context, None)
    if executor is not None:
        executor.shutdown(wait=False)


class StreamSlots:
    """How many streams this process has open, with a ceiling. Each open stream holds a
    socket, a mailbox and a task; the cap keeps one process from running out of file
    descriptors or memory and tells the excess clearly to come back later."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = 0

    @property
    def open(self) -> int:
        return self._open

    def try_acquire(self, limit: int) -> bool:
        with self._lock:
            if self._open >= limit:
                return False
            self._open += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._open = max(self._open - 1, 0)


slots = StreamSlots()


def catch_up_frames(
    *,
    article_id: int,
    slug: str,
    seen: ResumeFilter,
    byline_author_ids: frozenset[int] = frozenset(),
) -> list[bytes]:
    """Frames for the published comments ``seen`` has not sent yet, from the database.

    More than ``MASTHEAD_LIVE_BACKLOG_LIMIT`` is one ``overflow`` frame instead (the
    page offers a reload instead of inserting hundreds) and the stream carries on.
    """
    limit = settings.MASTHEAD_LIVE_BACKLOG_LIMIT
    comments = selectors.published_comments_after(
        article_id=article_id, after=seen.highest, limit=limit
    )
    if len(comments) > limit:
        seen.skip_to(comments[-1].number)
        return [OVERFLOW_FRAME]
    fresh = [comment for comment in comments if seen.admit(comment.number)]
    return [
        comment_event(comment, slug=slug, byline_author_ids=byline_author_ids).frame
        for comment in fresh
    ]


class EventStream:
    """The body of one ``text/event-stream`` response.

    Django's ASGI handler drains ``__aiter__``; when the client goes away its task is
    cancelled, which ends the generator, and Django then calls ``close()`` (also when the
    generator never started). Either one frees the mailbox and the slot, exactly once.
    """

    def __init__(
        self,
        *,
        article_id: int,
        slug: str,
        after: int,
        broker: Broker,
        on_close: Callable[[], None],
        byline_author_ids: frozenset[int] = frozenset(),
    ) -> None:
        self.article_id = article_id
        self.slug = slug
        self.byline_author_ids = byline_author_ids
        self.after = after
        self.broker = broker
        self._on_close = on_close
        self._lock = threading.Lock()
        self._closed = False
        self._subscription: Subscription | None = None

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._frames()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            subscription = self._subscription
        if subscription is not None:
            self.broker.unsubscribe(subscription)
        self._on_close()

    async def _catch_up(self, seen: ResumeFilter) -> list[bytes]:
        return await read_db(
            lambda: catch_up_frames(
                article_id=self.article_id,
                slug=self.slug,
                seen=seen,
                byline_author_ids=self.byline_author_ids,
            )
        )

    async def _frames(self) -> AsyncIterator[bytes]:
        try:
            release_request_thread()
            subscription = await self.broker.subscribe(self.article_id)
            with self._lock:
                closed = self._closed
                self._subscription = subscription
            if closed:
                self.broker.unsubscribe(subscription)
                return
            seen = ResumeFilter(self.after)
            for frame in await self._catch_up(seen):
                yield frame
            yield OPENING_FRAME
            heartbeat = float(settings.MASTHEAD_LIVE_HEARTBEAT_SECONDS)
            while True:
                try:
                    async with asyncio.timeout(heartbeat):
                        item = await subscription.queue.get()
                except TimeoutError:
                    yield HEARTBEAT_FRAME
                    continue
                if item is not None and (item.kind == "remove" or seen.admit(item.number)):
                    yield item.frame
                if subscription.missed:
                    subscription.missed = False
                    for frame in await self._catch_up(seen):
                        yield frame
        finally:
            self.close()


def stream_response(stream: EventStream) -> StreamingHttpResponse:
    """``text/event-stream``, never cached or buffered by a proxy on the way."""
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"
    return response


def busy_response(limit: int) -> HttpResponse:
    """503 past the per-process cap, saying why and when to come back."""
    retry = int(settings.MASTHEAD_LIVE_RETRY_AFTER_SECONDS)
    response = HttpResponse(
        f"Live updates are full on this server: it already holds {limit} open streams.\n"
        "The story and its discussion work as usual; reload the page to see new comments.\n"
        f"Try the live stream again in {retry} seconds.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry)
    response["Cache-Control"] = "no-store"
    return response
