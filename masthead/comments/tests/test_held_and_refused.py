"""What posting looks like when moderation holds a comment or refuses it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import post_comment, publish_held_comment
from masthead.comments.models import Comment
from masthead.core.refusals import Refused

pytestmark = pytest.mark.django_db


def _hold_marked(submission: hooks.Submission) -> hooks.Screening:
    held = "HOLD" in submission.body
    return hooks.Screening(hold=held, reasons=("test",) if held else ())


def _refuse_marked(submission: hooks.Submission) -> None:
    if "TOO FAST" in submission.body:
        raise Refused(
            "You're posting too fast. Please wait 40 seconds.", status=429, retry_after=40
        )


@pytest.fixture
def moderation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only this test's guard and screen are plugged in."""
    monkeypatch.setattr(hooks, "_guards", [_refuse_marked])
    monkeypatch.setattr(hooks, "_screens", [_hold_marked])


def _post(client: Client, article: Article, body: str, **extra: str) -> Any:
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": body, "name": "Pat", **extra},
    )


def test_a_held_comment_keeps_its_number_and_shows_to_its_author_alone(
    client: Client,
    article: Article,
    moderation: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Held: not counted, number kept (the next post takes the next one), shown with a
    notice to the browser that posted it, absent for everyone else until approved."""
    _post(client, article, "Please HOLD me")
    held = Comment.objects.get(article=article, number=1)
    assert held.status == Comment.Status.PENDING
    assert held.held_reasons == "test"
    post_comment(article=article, body="Next", guest_name="Sam")
    article.refresh_from_db()
    assert article.comment_count == 1
    assert Comment.objects.get(article=article, number=2).status == Comment.Status.PUBLISHED

    mine = client.get(article.get_absolute_url()).content.decode()
    assert 'id="c-1"' in mine
    assert "Waiting for review" in mine
    theirs = Client().get(article.get_absolute_url()).content.decode()
    assert 'id="c-1"' not in theirs
    assert "Please HOLD me" not in theirs

    with django_capture_on_commit_callbacks(execute=True):
        publish_held_comment(comment=held)
    article.refresh_from_db()
    assert article.comment_count == 2
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Please HOLD me" in page
    assert "Waiting for review" not in page


def test_the_author_is_told_after_posting(
    client: Client, article: Article, moderation: None
) -> None:
    """Without JavaScript, the page after posting says the comment waits for review."""
    response = _post(client, article, "Please HOLD me")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "is waiting for a moderator" in page


def test_a_refusal_says_why_keeps_the_text_and_writes_nothing(
    client: Client, article: Article, moderation: None
) -> None:
    """A guard's refusal is a 429 page with its message, Retry-After, and the text."""
    response = _post(client, article, "Quick, TOO FAST")
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    page = response.content.decode()
    assert "Please wait 40 seconds." in page
    assert "Quick, TOO FAST" in page
    assert not Comment.objects.exists()


def test_the_page_script_gets_the_refusal_as_json(
    client: Client, article: Article, moderation: None
) -> None:
    """The in-place post gets the same status, header and message."""
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "TOO FAST", "name": "Pat"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    assert json.loads(response.content)["errors"]["__all__"] == [
        "You're posting too fast. Please wait 40 seconds."
    ]


def test_held_replies_sit_under_their_parent_for_their_author(
    client: Client, article: Article, moderation: None, make_user: Callable[..., object]
) -> None:
    """A member's held reply shows in its place under the comment it answers."""
    post_comment(article=article, body="Root", guest_name="Sam")
    member = make_user()
    client.force_login(member)  # type: ignore[arg-type]
    client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "A reply to HOLD", "reply_to": "1"},
    )
    page = client.get(article.get_absolute_url()).content.decode()
    root = page[page.index('id="c-1"') :]
    assert root.index('<ol class="replies">') < root.index('id="c-2"')
    assert "Waiting for review" in page


def test_nobody_opens_the_reply_form_of_a_held_comment(
    client: Client, article: Article, moderation: None
) -> None:
    """A held comment's reply page is a 404 for everyone, so its text never leaks."""
    _post(Client(), article, "Please HOLD me, secret text")
    response = client.get(reverse("comments:reply", kwargs={"slug": article.slug, "number": 1}))
    assert response.status_code == 404
    assert "secret text" not in response.content.decode()
