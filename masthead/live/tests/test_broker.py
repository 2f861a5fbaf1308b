"""Brokers: fan-out to the streams of one story, across threads, loops and processes."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest
from django.test import override_settings

from masthead.live.broker import (
    Fanout,
    InProcessBroker,
    RedisBroker,
    Subscription,
    channel_prefix,
)
from masthead.live.events import LiveEvent
from masthead.live.streams import StreamSlots
from masthead.live.tests.aio import run_async


def comment(article_id: int, number: int) -> LiveEvent:
    return LiveEvent(kind="comment", article_id=article_id, number=number, path=f"{number:06d}")


async def drain(subscription: Subscription, count: int, timeout: float = 2.0) -> list[int]:
    """The numbers of the next ``count`` events (skipping wake-ups to re-read)."""
    numbers: list[int] = []
    async with asyncio.timeout(timeout):
        while len(numbers) < count:
            item = await subscription.queue.get()
            if item is not None:
                numbers.append(item.number)
    return numbers


def test_in_process_fan_out_reaches_every_stream_of_the_story_only() -> None:
    """Three readers of story 1 get its comment; a reader of story 2 gets nothing."""
    broker = InProcessBroker()

    async def scenario() -> None:
        readers = [await broker.subscribe(1) for _ in range(3)]
        other = await broker.subscribe(2)
        broker.publish(comment(1, 5))
        assert [await drain(r, 1) for r in readers] == [[5], [5], [5]]
        assert other.queue.empty()

    run_async(scenario)


def test_publish_from_another_thread_reaches_the_loop() -> None:
    """A comment posted in a worker thread (where Django runs sync views) is delivered
    on the event loop that serves the stream, without waiting for its next wake-up."""
    broker = InProcessBroker()

    async def scenario() -> None:
        reader = await broker.subscribe(1)
        thread = threading.Thread(target=broker.publish, args=(comment(1, 8),))
        thread.start()
        assert await drain(reader, 1) == [8]
        thread.join()

    run_async(scenario)


def test_publish_without_streams_or_loop_is_harmless() -> None:
    """Posting from a management command or a test (no event loop, nobody watching)."""
    broker = InProcessBroker()
    broker.publish(comment(1, 1))
    assert broker.fanout.count() == 0


def test_streams_of_a_closed_loop_are_dropped() -> None:
    """A loop that has gone (its streams with it) is skipped and forgotten."""
    broker = InProcessBroker()

    async def subscribe_and_leave() -> Subscription:
        return await broker.subscribe(1)

    run_async(subscribe_and_leave)
    assert broker.fanout.count(1) == 1
    broker.publish(comment(1, 2))
    assert broker.fanout.count(1) == 0


def test_unsubscribe_stops_delivery() -> None:
    """A stream that closed gets nothing more, and unsubscribing twice is fine."""
    broker = InProcessBroker()

    async def scenario() -> None:
        reader = await broker.subscribe(1)
        broker.unsubscribe(reader)
        broker.unsubscribe(reader)
        broker.publish(comment(1, 3))
        await asyncio.sleep(0)
        assert reader.queue.empty()

    run_async(scenario)
    assert broker.fanout.count() == 0


@override_settings(MASTHEAD_LIVE_QUEUE_SIZE=2)
def test_a_full_mailbox_asks_the_stream_to_reread() -> None:
    """A stream that falls behind is not grown without bound: it is told it missed
    events and reads them from the database instead."""
    broker = InProcessBroker()

    async def scenario() -> None:
        reader = await broker.subscribe(1)
        for number in (1, 2, 3):
            broker.publish(comment(1, number))
        assert reader.queue.qsize() == 2
        assert reader.missed

    run_async(scenario)


def test_resync_wakes_every_stream() -> None:
    """After the broker lost its connection, every stream wakes up to re-read."""
    fanout = Fanout()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        readers = [Subscription(article_id=n, loop=loop, size=5) for n in (1, 2)]
        for reader in readers:
            fanout.add(reader)
        fanout.resync_all()
        for reader in readers:
            assert reader.missed
            assert await reader.queue.get() is None

    run_async(scenario)


def test_stream_slots_cap() -> None:
    """The cap admits up to its limit, refuses past it, and frees a slot on release."""
    slots = StreamSlots()
    assert [slots.try_acquire(2) for _ in range(3)] == [True, True, False]
    slots.release()
    assert slots.try_acquire(2)
    assert slots.open == 2
    for _ in range(5):
        slots.release()
    assert slots.open == 0


@pytest.mark.django_db
def test_channels_are_scoped_by_database() -> None:
    """Redis pub/sub ignores database numbers, so two sites on one Redis must not hear
    each other: the channel names the database."""
    first = channel_prefix()
    with override_settings(MASTHEAD_LIVE_CHANNEL_PREFIX="elsewhere"):
        assert channel_prefix().startswith("elsewhere:")
    assert first.startswith("masthead:live:")
    assert len(first.split(":")[-1]) == 12


def test_redis_broker_fans_out_through_one_subscription() -> None:
    """Through Redis: two streams of one process share the process's single pattern
    subscription, and both get the comment."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL (CI's second run sets it)")
    broker = RedisBroker(url, channel_prefix="masthead:live:test-broker")
    try:

        async def scenario() -> None:
            readers = [await broker.subscribe(4) for _ in range(2)]
            assert broker.is_subscribed
            broker.publish(comment(4, 11))
            assert [await drain(r, 1) for r in readers] == [[11], [11]]

        run_async(scenario)
    finally:
        broker.close()
