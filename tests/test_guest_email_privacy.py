"""A guest's e-mail address is never shown: not on any page, not in live updates.

Here rather than in masthead/comments/tests because it follows the comment into the
live app, which the comments app may not import.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from masthead.articles.models import Article
from masthead.comments.models import Comment
from masthead.live import publishing
from masthead.live.broker import Broker
from masthead.live.events import LiveEvent, ResumeFilter
from masthead.live.streams import catch_up_frames

pytestmark = pytest.mark.django_db

EMAIL = "pat.private@example.org"


class RecordingBroker(Broker):
    """A broker that keeps what is published; like Redis, it cannot tell whether a
    stream is open, so every event is built."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[LiveEvent] = []

    def publish(self, event: LiveEvent) -> None:
        self.events.append(event)


def test_guest_email_appears_nowhere(
    client: Client,
    article: Article,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Story page (shared and the guest's own), print copy, reply form, permalink target
    and the live-update payload all leave the address out."""
    broker = RecordingBroker()
    monkeypatch.setattr(publishing, "get_broker", lambda: broker)
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            reverse("comments:post", kwargs={"slug": article.slug}),
            {"body": "My two cents", "name": "Pat", "email": EMAIL},
        )
    assert posted.status_code == 302
    assert Comment.objects.get().guest_email == EMAIL  # kept, for the newsroom only

    stranger = Client()
    permalink = reverse("comments:permalink", kwargs={"slug": article.slug, "number": 1})
    pages = {
        "story page (guest)": client.get(article.get_absolute_url()),
        "story page (shared)": stranger.get(article.get_absolute_url()),
        "print view": stranger.get(article.get_print_url() + "?comments=1"),
        "reply form": client.get(f"{article.get_absolute_url()}comments/1/reply/"),
        "delete page": client.get(f"{article.get_absolute_url()}comments/1/delete/"),
        "permalink target": stranger.get(permalink, follow=True),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "My two cents" in html, name
        assert EMAIL not in html, name
        assert "pat.private" not in html, name

    [event] = broker.events
    assert "My two cents" in event.html
    assert EMAIL not in event.to_json()
    assert EMAIL.encode() not in event.frame
    [replayed] = catch_up_frames(article_id=article.pk, slug=article.slug, seen=ResumeFilter(0))
    assert b"My two cents" in replayed
    assert EMAIL.encode() not in replayed
