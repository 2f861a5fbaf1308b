"""A moderator clears the queue in Chromium: with the buttons (JavaScript off) and with
the one-key shortcuts (JavaScript on); the story page shows what was approved only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import hold_comment, post_comment
from masthead.comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue is filled by hand: no policy or limit decides for the test."""
    monkeypatch.setattr(hooks, "_guards", [])
    monkeypatch.setattr(hooks, "_screens", [])


def moderator_context(browser: Any, live_server: Any, moderator: User, **options: Any) -> Any:
    client = Client()
    client.force_login(moderator)
    context = browser.new_context(**options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def held(story: Article, body: str, name: str) -> Comment:
    comment = post_comment(article=story, body=body, guest_name=name)
    return hold_comment(comment=comment, reasons=["guest"])


def test_moderator_approves_and_rejects_with_buttons_and_keys(
    browser: Any,
    live_server: Any,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    screenshot_dir: Path,
) -> None:
    """Buttons without JavaScript: approve A, reject B. Keys with JavaScript: j b opens
    the ban form for D, j j a approves C, j r rejects D. Readers then see A and C under
    their numbers, not B or D."""
    story = make_article()
    post_comment(article=story, body="The opening comment.", author=make_user())
    a = held(story, "Approve me by button.", "Ann")
    b = held(story, "Reject me by button.", "Bob")
    c = held(story, "Approve me by key.", "Cat")
    d = held(story, "Reject me by key.", "Dan")
    moderator = make_user(display_name="Night Desk", is_moderator=True)

    plain = moderator_context(browser, live_server, moderator, java_script_enabled=False)
    page = plain.new_page()
    page.goto(live_server.url + "/")
    assert "Moderation (4 pending)" in page.inner_text("header")
    page.click("header >> text=Moderation (4 pending)")
    assert "Pending 4" in page.inner_text(".queue-tabs")
    page.screenshot(path=str(screenshot_dir / "moderation-queue.png"), full_page=True)
    page.click(f"#q-{a.pk} button:has-text('Approve')")
    assert f"Approved #{a.number} on “{story.headline}”." in page.inner_text(".messages")
    page.click(f"#q-{b.pk} button:has-text('Reject')")
    assert f"Rejected #{b.number}" in page.inner_text(".messages")
    assert "Pending 2" in page.inner_text(".queue-tabs")
    plain.close()

    scripted = moderator_context(browser, live_server, moderator)
    page = scripted.new_page()
    page.goto(live_server.url + "/moderation/")
    assert page.locator(".queue-item").count() == 2  # newest first: D, then C
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("b")
    assert page.url.endswith(f"/moderation/ban/?comment={d.pk}")
    page.go_back()
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator(f"#q-{c.pk}.queue-item--current").count() == 1
    with page.expect_navigation():
        page.keyboard.press("a")
    assert f"Approved #{c.number}" in page.inner_text(".messages")
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("r")
    assert f"Rejected #{d.number}" in page.inner_text(".messages")
    assert "Nothing here." in page.inner_text("main")
    page.click(".queue-tabs >> text=Approved")
    assert page.locator(".queue-item").count() == 2
    scripted.close()

    reader = browser.new_context()
    page = reader.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    thread = page.inner_text("#comments")
    assert "Approve me by button." in thread
    assert "Approve me by key." in thread
    assert "Reject me by button." not in thread
    assert "Reject me by key." not in thread
    assert page.locator(f"#c-{a.number}").count() == 1
    assert page.locator(f"#c-{c.number}").count() == 1
    reader.close()
