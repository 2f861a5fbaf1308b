"""A comment that arrives live has the same header as on the page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.live import publishing
from masthead.live.events import LiveEvent, ResumeFilter
from masthead.live.streams import catch_up_frames

pytestmark = pytest.mark.django_db

AUTHOR_BADGE = '<span class="badge badge--author">Author</span>'


class RecordingBroker:
    def __init__(self) -> None:
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
