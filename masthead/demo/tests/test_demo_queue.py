"""The demo comes with a moderator and a realistic queue for them to clear."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from masthead.accounts.models import User
from masthead.demo import content
from masthead.demo.loader import DemoResult, clear_demo, load_demo
from masthead.moderation.selectors import moderation_queue, queue_counts


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoResult]:
    with django_db_blocker.unblock():
        result = load_demo(password="demo-test-password")
        yield result
        clear_demo()


@pytest.mark.django_db
def test_the_demo_moderator_moderates(demo: DemoResult) -> None:
    """One documented account has the moderator's role, and no other member has it."""
    moderators = [m["username"] for m in content.MEMBERS if m.get("is_moderator")]
    assert moderators == ["nightdesk"]
    assert list(User.objects.filter(is_moderator=True).values_list("username", flat=True)) == [
        "nightdesk"
    ]


@pytest.mark.django_db
def test_the_queue_holds_the_demo_comments_and_reports(demo: DemoResult) -> None:
    """Four held comments (links, insults, a newcomer, a rude guest) and two reported
    comments of the seed story; the seed thread itself is unchanged."""
    assert queue_counts() == {"pending": 4, "reported": 2, "approved": 0, "rejected": 0}
    reported = moderation_queue(tab="reported").rows
    assert sorted(r.comment.number for r in reported) == [2, 13]
    assert {r.comment.article_id for r in reported} == {demo.story.pk}
    held = moderation_queue(tab="pending").rows
    assert {r.comment.article.slug for r in held} == {q["story"] for q in content.MODERATION_QUEUE}
    assert all(r.reasons for r in held)


@pytest.mark.django_db
def test_the_moderator_clears_the_queue(demo: DemoResult, client: Client) -> None:
    """Reject the held ones in bulk and approve both reports: every tab is empty but
    the decided ones, and the story page still shows #2 and #13."""
    client.force_login(User.objects.get(username="nightdesk"))
    held = [r.comment.pk for r in moderation_queue(tab="pending").rows]
    client.post("/moderation/decide/", {"bulk": "reject", "comment": held})
    for row in moderation_queue(tab="reported").rows:
        client.post("/moderation/decide/", {"decide": f"approve:{row.comment.pk}"})
    assert queue_counts() == {"pending": 0, "reported": 0, "approved": 2, "rejected": 4}
    page = client.get(demo.story.get_absolute_url()).content.decode()
    assert 'id="c-2"' in page
    assert 'id="c-13"' in page
