"""A comment that arrives live has the same header as on the page."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment
from masthead.live import publishing
from masthead.live.broker import Broker, InProcessBroker, Subscription
from masthead.live.events import LiveEvent, ResumeFilter
from masthead.live.streams import catch_up_frames

pytestmark = pytest.mark.django_db

AUTHOR_BADGE = '<span class="badge badge--author">Author</span>'


class RecordingBroker(Broker):
    """A broker that keeps what is published; like Redis, it cannot tell whether a
    stream is open, so every event is built."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[LiveEvent] = []

    def publish(self, event: LiveEvent) -> None:
        self.events.append(event)


def test_live_comment_carries_profile_link_and_badges(
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Published live or replayed on reconnect, the story's writer gets the Author badge,
    and no reader gets a Delete link (one payload is shared by every stream)."""
    writer = make_user(username="writer", display_name="The Writer", is_staff=True)
    story = make_article(authors=[writer])
    broker = RecordingBroker()
    monkeypatch.setattr(publishing, "get_broker", lambda: broker)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article=story, body="From the desk", author=writer)
    [frame] = catch_up_frames(
        article_id=story.pk,
        slug=story.slug,
        seen=ResumeFilter(0),
        byline_author_ids=frozenset({writer.pk}),
    )
    data = frame.decode().split("data: ", 1)[1]
    for html in (broker.events[0].html, json.loads(data)["html"]):
        assert 'href="/members/writer/">The Writer</a>' in html
        assert '<span class="badge badge--staff">Staff</span>' in html
        assert AUTHOR_BADGE in html
        assert "/delete/" not in html


def test_a_comment_sent_as_posted_reads_as_it_will_on_reconnect(
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The live copy of a member's new comment is built from the posting itself (no
    second read), and is exactly what a reader who reconnects gets from the database:
    the same number, text and author line, the post count counting this comment."""
    member = make_user(username="regular", display_name="A Regular")
    story = make_article()
    broker = RecordingBroker()
    monkeypatch.setattr(publishing, "get_broker", lambda: broker)
    for n, text in enumerate(("One", "Two"), start=1):
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(article=story, body=text, author=member, ip="192.0.2.1")
        frames = catch_up_frames(
            article_id=story.pk,
            slug=story.slug,
            seen=ResumeFilter(n - 1),
            byline_author_ids=frozenset(),
        )
        [replayed] = [json.loads(f.decode().split("data: ", 1)[1])["html"] for f in frames]
        assert broker.events[-1].html == replayed
        assert f'id="c-{n}"' in replayed
        assert f"Posts: {n};" in replayed
        assert f"<p>{text}</p>" in replayed


def test_a_held_comment_is_not_sent(
    make_article: Callable[..., Article],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A guest's comment held for review goes to no stream."""
    story = make_article()
    broker = RecordingBroker()
    monkeypatch.setattr(publishing, "get_broker", lambda: broker)
    monkeypatch.setattr(
        hooks, "_screens", [lambda submission: hooks.Screening(hold=True, reasons=("test",))]
    )
    with django_capture_on_commit_callbacks(execute=True):
        held = post_comment(article=story, body="Hold me", guest_name="Guest", ip="192.0.2.2")
    assert held.status == Comment.Status.PENDING
    assert broker.events == []


def test_nothing_is_built_for_a_story_nobody_is_streaming(
    make_article: Callable[..., Article],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """With the in-process broker, a comment on a story with no open stream in this
    process is not rendered for streams at all; once a stream is open, it is sent."""
    story = make_article()
    broker = InProcessBroker()
    monkeypatch.setattr(publishing, "get_broker", lambda: broker)
    built: list[int] = []
    real_event = publishing.comment_event

    def counting_event(comment: Any, **kwargs: Any) -> LiveEvent:
        built.append(comment.number)
        return real_event(comment, **kwargs)

    monkeypatch.setattr(publishing, "comment_event", counting_event)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article=story, body="Nobody watching", guest_name="Pat", ip="192.0.2.3")
    assert built == []

    # A stream of the story, as the live view opens one, on a loop of its own.
    loop = asyncio.new_event_loop()
    try:
        stream = Subscription(article_id=story.pk, loop=loop, size=5)
        broker.fanout.add(stream)
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(article=story, body="Now watched", guest_name="Pat", ip="192.0.2.3")
        event = loop.run_until_complete(asyncio.wait_for(stream.queue.get(), timeout=5))
    finally:
        loop.close()
    assert event is not None
    assert built == [2]
    assert event.number == 2
    assert "Now watched" in event.html
