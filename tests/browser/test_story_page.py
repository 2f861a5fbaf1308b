"""The story page in a real browser: readable on a phone and a desktop, usable without JS."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture
def deep_story(make_article: Callable[..., Article], make_user: Callable[..., User]) -> Article:
    """A story whose thread goes six levels deep, like the seed's 1 > 9 > 15 > 19 > 21."""
    story = make_article(headline="Sony sold a record 10 million Xperia smartphones last quarter")
    author = make_user(display_name="Deep Thinker")
    reply_to = None
    for level in range(6):
        comment = post_comment(
            article=story,
            body=f"Level {level}: a reasonably long remark that wraps onto more than one line "
            "on a narrow phone screen, as real comments do.",
            author=author if level % 2 else None,
            guest_name="" if level % 2 else "Guest Reader",
            reply_to_number=reply_to,
        )
        reply_to = comment.number
    return story


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_story_page_fits_the_screen_at_depth_five(
    browser: Any, live_server: Any, deep_story: Article, viewport: str, screenshot_dir: Path
) -> None:
    """No sideways scrolling, and a depth-5 reply keeps most of the width for its text."""
    width, height = VIEWPORTS[viewport]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(live_server.url + deep_story.get_absolute_url())
    page.screenshot(path=str(screenshot_dir / f"story-{viewport}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    deepest = page.locator("#c-6 .comment__body").bounding_box()
    thread = page.locator(".thread").bounding_box()
    assert deepest is not None
    assert thread is not None
    assert deepest["width"] >= 0.6 * thread["width"]
    assert page.locator("h1").inner_text() == deep_story.headline
    page.close()


def test_guest_reply_works_without_javascript(
    browser: Any, live_server: Any, deep_story: Article
) -> None:
    """With JavaScript off, Reply opens a form; posting lands on the new comment."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + deep_story.get_absolute_url())
    page.click("#c-2 .comment__actions a")
    assert "Reply to #2" in page.inner_text("h1")
    page.fill("textarea[name=body]", "Replying with **no** script at all.")
    page.fill("input[name=name]", "Plain Browser")
    page.click("button:has-text('Post comment')")
    assert page.url.endswith("#c-7")
    new = page.locator("#c-7")
    assert "Replying with no script at all." in new.inner_text()
    assert "unregistered" in new.inner_text()
    assert "in reply to #2" in new.inner_text()
    context.close()


def test_bad_post_shows_the_error_and_keeps_the_text(
    browser: Any, live_server: Any, deep_story: Article
) -> None:
    """A guest who types a member's name sees why, with their text still in the box."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + deep_story.get_absolute_url() + "#comment-form")
    page.fill("textarea[name=body]", "My carefully written thought.")
    page.fill("input[name=name]", "deep thinker")
    page.click("button:has-text('Post comment')")
    assert "Your comment was not posted" in page.inner_text("h1")
    assert "That name belongs to a member" in page.inner_text("main")
    assert page.input_value("textarea[name=body]") == "My carefully written thought."
    context.close()
