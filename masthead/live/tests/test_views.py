"""The live stream endpoint, through Django's async test client, and the page's panel.

Stream tests commit (``transaction=True``): streams read the database on their own
threads, which see only committed rows, as in production.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import suppress
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import AsyncClient, Client, override_settings
from django.urls import reverse

from masthead.articles.models import Article
from masthead.comments import signals
from masthead.comments.actions import post_comment, remove_comment
from masthead.comments.models import Comment
from masthead.live import publishing, signal_handlers
from masthead.live.broker import get_broker
from masthead.live.streams import read_db, slots
from masthead.live.tests.aio import run_async

stream_db = pytest.mark.django_db(transaction=True)

EVENT = re.compile(r"id: (\d+)\nevent: comment\ndata: (.*)\n\n")


@pytest.fixture(autouse=True)
def _no_stream_left_open() -> Iterator[None]:
    """Every stream a test opens is closed again, freeing its slot and mailbox."""
    yield
    assert slots.open == 0
    assert get_broker().fanout.count() == 0
    # The async test client runs sync work (a 404 page's context processors query the
    # database) on asgiref's shared thread; close what it opened there, as a server's
    # end of request would, so the test database can be dropped.
    run_async(sync_to_async(connections.close_all))


def stream_url(article: Article) -> str:
    return reverse("live:stream", kwargs={"slug": article.slug})


def events(text: str) -> list[tuple[int, dict[str, Any]]]:
    """The ``comment`` events in a stream's text: (id, data)."""
    return [(int(m[1]), json.loads(m[2])) for m in EVENT.finditer(text)]


async def read_stream(
    response: Any,
    *,
    until: Callable[[str], bool],
    timeout: float = 5.0,
    meanwhile: Callable[[], Awaitable[None]] | None = None,
) -> str:
    """Read a stream until ``until(text so far)``, then hang up the way a browser does
    (the consuming task is cancelled). ``meanwhile`` runs once the stream is ready."""
    text: list[str] = []
    done = asyncio.Event()
    ready = asyncio.Event()

    async def consume() -> None:
        async for chunk in response.streaming_content:
            text.append(chunk.decode())
            if ": ready" in "".join(text):
                ready.set()
            if until("".join(text)):
                done.set()

    task = asyncio.create_task(consume())
    try:
        with suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                if meanwhile is not None:
                    await ready.wait()
                    await meanwhile()
                await done.wait()
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
    return "".join(text)


def post(article: Article, body: str, **kwargs: Any) -> Comment:
    return post_comment(article=article, body=body, guest_name="Pat", **kwargs)


@stream_db
def test_unknown_or_unpublished_story_is_404(
    article: Article, make_article: Callable[..., Article]
) -> None:
    """No stream for a story readers cannot see."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)

    async def scenario() -> None:
        client = AsyncClient()
        missing = await client.get("/story/no-such-story/live/")
        assert missing.status_code == 404
        assert (await client.get(stream_url(draft))).status_code == 404

    run_async(scenario)


@stream_db
def test_stream_headers_and_opening(article: Article) -> None:
    """An event stream that proxies neither cache nor buffer, opening with a retry
    hint and a ready mark, and no cookie set."""

    async def scenario() -> None:
        response = await AsyncClient().get(stream_url(article))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/event-stream")
        assert response["Cache-Control"] == "no-cache, no-transform"
        assert response["X-Accel-Buffering"] == "no"
        assert not response.cookies
        text = await read_stream(response, until=lambda t: ": ready" in t)
        assert text == "retry: 5000\n: ready\n\n"

    run_async(scenario)


@stream_db
def test_new_comment_arrives_live_once(article: Article) -> None:
    """A comment posted while a reader is connected arrives with its number as the event
    id and the page's own ``<li>`` (with a Reply link) as HTML."""
    post(article, "Already here")

    async def scenario() -> None:
        response = await AsyncClient().get(stream_url(article) + "?after=1")

        async def post_second() -> None:
            await read_db(lambda: post(article, "Fresh *news*", reply_to_number=1))

        text = await read_stream(response, until=lambda t: "id: 2" in t, meanwhile=post_second)
        [(number, data)] = events(text)
        assert number == 2
        assert data["path"] == "000001000002"
        assert data["html"].startswith('<li class="comment d1" id="c-2" data-path="000001000002">')
        assert "<em>news</em>" in data["html"]
        assert f"/story/{article.slug}/comments/2/reply/" in data["html"]

    run_async(scenario)


@stream_db
def test_last_event_id_resumes_with_missed_comments(article: Article) -> None:
    """A reconnecting browser sends the last id it saw and gets exactly what came after,
    from the database, before anything live."""
    for n in range(1, 5):
        post(article, f"Comment {n}")

    async def scenario() -> None:
        response = await AsyncClient().get(
            stream_url(article) + "?after=0", headers={"Last-Event-ID": "2"}
        )
        text = await read_stream(response, until=lambda t: ": ready" in t)
        assert [n for n, _ in events(text)] == [3, 4]
        assert text.index("id: 4") < text.index(": ready")

    run_async(scenario)


@stream_db
def test_after_parameter_resumes_when_there_is_no_last_event_id(article: Article) -> None:
    """The page's own ``?after=N`` catches up what was posted while it loaded."""
    for n in range(1, 4):
        post(article, f"Comment {n}")

    async def scenario() -> None:
        response = await AsyncClient().get(stream_url(article) + "?after=1")
        text = await read_stream(response, until=lambda t: ": ready" in t)
        assert [n for n, _ in events(text)] == [2, 3]

    run_async(scenario)


@stream_db
def test_removed_comments_are_never_sent(article: Article) -> None:
    """Neither on catch-up nor live: a removed comment's text never goes down a stream,
    even when it is removed between its commit and its publishing."""
    post(article, "Fine")
    remove_comment(comment=post(article, "Secret removed text"))

    def post_then_remove_before_publishing() -> None:
        signals.comment_posted.disconnect(dispatch_uid="live-posted")
        try:
            late = post(article, "Removed before it went out")
        finally:
            signals.comment_posted.connect(
                signal_handlers.comment_posted, dispatch_uid="live-posted"
            )
        remove_comment(comment=late)
        assert not publishing.publish_new_comment(late)
        post(article, "After")

    async def scenario() -> None:
        response = await AsyncClient().get(stream_url(article) + "?after=0")
        text = await read_stream(
            response,
            until=lambda t: "id: 4" in t,
            meanwhile=lambda: read_db(post_then_remove_before_publishing),
        )
        assert [n for n, _ in events(text)] == [1, 4]
        assert "Secret removed text" not in text
        assert "Removed before it went out" not in text
        removal = 'event: remove\ndata: {"article_id": ' + str(article.pk) + ', "number": 3}'
        assert removal in text

    run_async(scenario)


@stream_db
@override_settings(MASTHEAD_LIVE_BACKLOG_LIMIT=2)
def test_too_much_to_catch_up_says_overflow(article: Article) -> None:
    """A browser that was away for hundreds of comments is told to reload, not flooded."""
    for n in range(1, 5):
        post(article, f"Comment {n}")

    async def scenario() -> None:
        response = await AsyncClient().get(stream_url(article) + "?after=0")
        text = await read_stream(response, until=lambda t: ": ready" in t)
        assert events(text) == []
        assert text.startswith("event: overflow\n")

    run_async(scenario)


@stream_db
@override_settings(MASTHEAD_LIVE_HEARTBEAT_SECONDS=0.05)
def test_heartbeat_keeps_an_idle_stream_talking(article: Article) -> None:
    """With nothing to say, the stream still sends a comment line every interval."""

    async def scenario() -> None:
        response = await AsyncClient().get(stream_url(article))
        text = await read_stream(response, until=lambda t: t.count(": ping\n\n") >= 2)
        assert text.count(": ping\n\n") >= 2

    run_async(scenario)


@stream_db
@override_settings(MASTHEAD_LIVE_MAX_STREAMS=1, MASTHEAD_LIVE_RETRY_AFTER_SECONDS=17)
def test_streams_past_the_cap_get_a_clear_503(article: Article) -> None:
    """Past the per-process cap a reader is told, with Retry-After, to come back; once
    a stream closes its slot is free again."""

    async def scenario() -> None:
        client = AsyncClient()
        first = await client.get(stream_url(article))
        assert first.status_code == 200
        refused = await client.get(stream_url(article))
        assert refused.status_code == 503
        assert refused["Retry-After"] == "17"
        body = refused.content.decode()
        assert "Live updates are full on this server" in body
        assert "17 seconds" in body
        await read_stream(first, until=lambda t: ": ready" in t)
        again = await client.get(stream_url(article))
        assert again.status_code == 200
        await read_stream(again, until=lambda t: ": ready" in t)

    run_async(scenario)


@pytest.mark.django_db
def test_a_wsgi_server_is_told_no_stream(client: Client, article: Article) -> None:
    """Served through WSGI a stream would pin a worker per reader: the answer is 204
    No Content, which tells EventSource to stop."""
    response = client.get(stream_url(article))
    assert response.status_code == 204
    assert not response.streaming


@pytest.mark.django_db
def test_story_page_has_the_live_panel_and_nothing_personal(
    client: Client, article: Article, member: Any
) -> None:
    """The panel names the stream and the newest comment number, loads its script
    deferred, and is byte-for-byte the same for a member and a guest."""
    post(article, "One")
    html = client.get(article.get_absolute_url()).content.decode()
    panel = re.search(r'<div class="live-updates".*?</div>', html, re.S)
    assert panel is not None
    assert 'aria-live="polite"' in panel[0]
    assert f'data-stream="/story/{article.slug}/live/"' in panel[0]
    assert 'data-after="1"' in panel[0]
    assert "hidden" in panel[0]
    assert re.search(r'<script src="[^"]*live/live\.js" defer>', html)
    client.force_login(member)
    member_html = client.get(article.get_absolute_url()).content.decode()
    member_panel = re.search(r'<div class="live-updates".*?</div>', member_html, re.S)
    assert member_panel is not None
    assert member_panel[0] == panel[0]


@pytest.mark.django_db
def test_print_view_has_no_live_panel(client: Client, article: Article) -> None:
    """Paper does not update."""
    html = client.get(article.get_print_url() + "?comments=1").content.decode()
    assert "live-updates" not in html
    assert "live.js" not in html
