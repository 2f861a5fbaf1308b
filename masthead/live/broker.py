"""Brokers carry live events from where a comment is posted to the streams that show it.

Every process keeps one :class:`Fanout`: the open streams' mailboxes (subscriptions),
by story. A mailbox belongs to the event loop that serves its stream, so delivery from
any other thread goes through ``loop.call_soon_threadsafe`` — one call per loop per
event, which then fills every mailbox on that loop.

- :class:`InProcessBroker` (no ``REDIS_URL``): publishing *is* delivering, so a comment
  posted by one process reaches the readers connected to that process only. Exact for
  ``make run``'s single process.
- :class:`RedisBroker` (``REDIS_URL`` set): publishing is one Redis ``PUBLISH`` from the
  posting thread; each process holds ONE pattern subscription (in a small listener
  thread with its own event loop, so it does not depend on which loop serves which
  request) and fans each message out through its ``Fanout``. Readers on every process
  get every comment. When the subscription drops, the listener reconnects with
  back-off and then asks every stream to re-read the database, so nothing posted while
  Redis was away is lost.

A mailbox is bounded: a stream that cannot keep up is told to re-read the database
instead of growing without limit.
"""

from __future__ import annotations

import abc
import asyncio
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress

import redis
import redis.asyncio
from django.conf import settings
from django.db import connections

from .events import LiveEvent

logger = logging.getLogger(__name__)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Subscription:
    """One open stream's mailbox. Its queue is read and written on ``loop`` only.

    ``None`` in the queue wakes the stream to re-read the database (``missed``): events
    were dropped because the mailbox was full or the broker lost its connection.
    """

    def __init__(self, *, article_id: int, loop: asyncio.AbstractEventLoop, size: int) -> None:
        self.article_id = article_id
        self.loop = loop
        self.queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue(maxsize=size)
        self.missed = False

    def offer(self, event: LiveEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.missed = True  # the stream is behind; it re-reads instead

    def wake_to_resync(self) -> None:
        self.missed = True
        # A full mailbox wakes the stream anyway, and it checks ``missed`` after each item.
        with suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)


def _offer_all(subscriptions: Iterable[Subscription], event: LiveEvent) -> None:
    for subscription in subscriptions:
        subscription.offer(event)


def _wake_all(subscriptions: Iterable[Subscription]) -> None:
    for subscription in subscriptions:
        subscription.wake_to_resync()


class Fanout:
    """This process's subscriptions by story; ``deliver`` may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_article: dict[int, set[Subscription]] = {}

    def add(self, subscription: Subscription) -> None:
        with self._lock:
            self._by_article.setdefault(subscription.article_id, set()).add(subscription)

    def remove(self, subscription: Subscription) -> None:
        with self._lock:
            group = self._by_article.get(subscription.article_id)
            if group is None:
                return
            group.discard(subscription)
            if not group:
                del self._by_article[subscription.article_id]

    def count(self, article_id: int | None = None) -> int:
        with self._lock:
            if article_id is not None:
                return len(self._by_article.get(article_id, ()))
            return sum(len(group) for group in self._by_article.values())

    def deliver(self, event: LiveEvent) -> None:
        """Put ``event`` in the mailbox of every stream of its story in this process."""
        with self._lock:
            targets = tuple(self._by_article.get(event.article_id, ()))
        self._on_their_loops(targets, lambda group: _offer_all(group, event))

    def resync_all(self) -> None:
        """Ask every stream of this process to re-read the database."""
        with self._lock:
            targets = tuple(s for group in self._by_article.values() for s in group)
        self._on_their_loops(targets, _wake_all)

    def _on_their_loops(
        self,
        subscriptions: Iterable[Subscription],
        action: Callable[[list[Subscription]], None],
    ) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
        for subscription in subscriptions:
            by_loop.setdefault(subscription.loop, []).append(subscription)
        here = _running_loop()
        for loop, group in by_loop.items():
            if loop is here:
                action(group)
                continue
            try:
                loop.call_soon_threadsafe(action, group)
            except RuntimeError:
                # That loop is closed, and its streams ended with it.
                for subscription in group:
                    self.remove(subscription)


class Broker(abc.ABC):
    """Publish from sync code (any thread); subscribe from the loop serving a stream."""

    def __init__(self) -> None:
        self.fanout = Fanout()

    @abc.abstractmethod
    def publish(self, event: LiveEvent) -> None:
        """Send ``event`` to every stream of its story that this broker reaches."""

    def may_have_streams(self, article_id: int) -> bool:
        """Whether an event for ``article_id`` could reach any stream now: if not, a
        publisher may skip building it. A stream that opens later reads what it missed
        from the database (it subscribes first), so nothing is lost. True unless the
        broker knows better."""
        return True

    async def subscribe(self, article_id: int) -> Subscription:
        """A mailbox for one stream of ``article_id``, filled from now on."""
        subscription = Subscription(
            article_id=article_id,
            loop=asyncio.get_running_loop(),
            size=settings.MASTHEAD_LIVE_QUEUE_SIZE,
        )
        self.fanout.add(subscription)
        await self._ready()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        """Forget a mailbox; safe from any thread, and more than once."""
        self.fanout.remove(subscription)

    async def _ready(self) -> None:  # noqa: B027 - a hook; most brokers are ready at once
        """Wait until events published from now on will arrive."""

    def close(self) -> None:  # noqa: B027 - a hook; only some brokers hold anything
        """Release what the broker holds (threads, connections)."""


class InProcessBroker(Broker):
    """Fan-out inside this process only."""

    def publish(self, event: LiveEvent) -> None:
        self.fanout.deliver(event)

    def may_have_streams(self, article_id: int) -> bool:
        return self.fanout.count(article_id) > 0


class RedisBroker(Broker):
    """Fan-out across processes through Redis pub/sub: one subscription per process."""

    def __init__(self, url: str, *, channel_prefix: str, ready_timeout: float = 5.0) -> None:
        super().__init__()
        self.url = url
        self.channel_prefix = channel_prefix
        self.ready_timeout = ready_timeout
        self._publisher = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._subscribed = threading.Event()
        self._stopping = threading.Event()

    def channel(self, article_id: int) -> str:
        return f"{self.channel_prefix}:{article_id}"

    @property
    def pattern(self) -> str:
        return f"{self.channel_prefix}:*"

    @property
    def is_subscribed(self) -> bool:
        return self._subscribed.is_set()

    def publish(self, event: LiveEvent) -> None:
        """One ``PUBLISH``; raises ``redis.RedisError`` if Redis cannot be reached."""
        self._publisher.publish(self.channel(event.article_id), event.to_json())

    async def _ready(self) -> None:
        self._ensure_listener()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ready_timeout
        while not self._subscribed.is_set():
            if loop.time() >= deadline:
                # The stream still opens; the listener resyncs every stream once it is in.
                logger.warning("live updates: Redis subscription not ready; continuing")
                return
            await asyncio.sleep(0.01)

    def _ensure_listener(self) -> None:
        with self._start_lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stopping.clear()
            self._thread = threading.Thread(
                target=lambda: asyncio.run(self._listen()),
                name="masthead-live-redis",
                daemon=True,
            )
            self._thread.start()

    async def _listen(self) -> None:
        backoff = 0.1
        while not self._stopping.is_set():
            try:
                await self._listen_once()
                backoff = 0.1
            except (redis.RedisError, OSError) as exc:
                logger.warning(
                    "live updates: Redis subscription lost (%s); retrying in %.1f s", exc, backoff
                )
                await self._pause(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _listen_once(self) -> None:
        """Subscribe and dispatch until stopped; raises when the connection fails."""
        client = redis.asyncio.Redis.from_url(
            self.url, socket_connect_timeout=2, health_check_interval=30
        )
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.psubscribe(self.pattern)
            self._subscribed.set()
            # Anything published while this process was not subscribed is in the database.
            self.fanout.resync_all()
            while not self._stopping.is_set():
                message = await pubsub.get_message(timeout=1.0)
                if message is not None and message["type"] == "pmessage":
                    self._dispatch(message["data"])
        finally:
            self._subscribed.clear()
            await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it bare
            await client.aclose()

    async def _pause(self, seconds: float) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while not self._stopping.is_set() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)

    def _dispatch(self, raw: bytes | str) -> None:
        try:
            event = LiveEvent.from_json(raw)
        except ValueError:
            logger.warning("live updates: ignored a malformed message on %s", self.pattern)
            return
        self.fanout.deliver(event)

    def close(self) -> None:
        self._stopping.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=5)
        self._publisher.close()


def channel_prefix() -> str:
    """``MASTHEAD_LIVE_CHANNEL_PREFIX`` plus a digest of the database's identity.

    Redis pub/sub ignores the database number in ``REDIS_URL``: every client of the
    server hears every channel. Scoping channels by database keeps two sites (or two
    test runs) sharing one Redis from showing each other's comments.
    """
    db = connections["default"].settings_dict
    identity = f"{db['ENGINE']}|{db['NAME']}".encode()
    digest = hashlib.sha1(identity, usedforsecurity=False).hexdigest()[:12]
    return f"{settings.MASTHEAD_LIVE_CHANNEL_PREFIX}:{digest}"


_brokers: dict[tuple[str, str], Broker] = {}
_brokers_lock = threading.Lock()


def get_broker() -> Broker:
    """This process's broker for the current settings (created on first use)."""
    url: str = getattr(settings, "REDIS_URL", "") or ""
    prefix = channel_prefix() if url else ""
    key = (url, prefix)
    with _brokers_lock:
        broker = _brokers.get(key)
        if broker is None:
            broker = RedisBroker(url, channel_prefix=prefix) if url else InProcessBroker()
            _brokers[key] = broker
        return broker
