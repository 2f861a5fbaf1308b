"""A guest edits their own comment in a real browser: in place with JavaScript, through
the edit page without it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _guest_posts(page: Any, url: str, body: str) -> None:
    page.goto(url + "#comment-form")
    page.fill("#comment-form textarea[name=body]", body)
    page.fill("#comment-form input[name=name]", "Pat")
    page.click("#comment-form button[type=submit]")
    if "Please confirm" in page.inner_text("main"):  # the shared page carried no token
        page.click("button:has-text('Post comment')")


def test_guest_edits_in_place_without_a_reload(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """Edit turns the body into a textarea with the Markdown; Save swaps in the new text
    and the "edited" marker; Cancel brings the text back untouched; no reload."""
    story = make_article()
    post_comment(article=story, body="Someone else's view", guest_name="Sam")
    context = browser.new_context()
    page = context.new_page()
    # The first visit gets the shared copy, which browsers may keep for a few seconds
    # (public, max-age=5); the reload below must reach the server for the private page.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    url = live_server.url + story.get_absolute_url()
    page.goto(url + "#comment-form")
    page.fill("#comment-form textarea[name=body]", "Teh *first* draft")
    page.fill("#comment-form input[name=name]", "Pat")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("#c-2")  # posted in place; the reload shows the private page
    page.goto(url)
    page.evaluate("window.__sameDocument = true")
    assert page.locator("#c-1 .comment__edit").count() == 0
    assert page.locator("#c-2 .comment__edited").count() == 0

    page.click("#c-2 .comment__edit")
    area = page.locator("#c-2 .comment-edit-inline textarea")
    area.wait_for()
    assert area.input_value() == "Teh *first* draft"
    page.click("#c-2 .comment-edit-inline button:has-text('Cancel')")
    assert page.locator("#c-2 .comment-edit-inline").count() == 0
    assert page.inner_text("#c-2 .comment__body") == "Teh first draft"

    page.click("#c-2 .comment__edit")
    area.wait_for()
    area.fill("The *first* draft, corrected")
    page.click("#c-2 .comment-edit-inline button:has-text('Save')")
    page.wait_for_selector("#c-2 .comment__edited")
    assert page.locator("#c-2 .comment-edit-inline").count() == 0
    assert page.inner_html("#c-2 .comment__body").strip() == (
        "<p>The <em>first</em> draft, corrected</p>"
    )
    assert page.inner_text("#c-2 .comment__edited").strip() == "· edited"
    assert page.evaluate("window.__sameDocument") is True
    assert Comment.objects.get(number=2).body == "The *first* draft, corrected"

    page.click("#c-2 .comment__edit")
    area.wait_for()
    area.fill("   ")
    page.click("#c-2 .comment-edit-inline button:has-text('Save')")
    error = page.locator("#c-2 .comment-edit-inline .field-error")
    error.wait_for()
    assert "Write something" in error.inner_text()
    assert Comment.objects.get(number=2).body == "The *first* draft, corrected"
    context.close()


def test_guest_edits_through_the_edit_page_without_javascript(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """With JavaScript off, Edit opens a page with the text; saving returns to the comment."""
    story = make_article()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    url = live_server.url + story.get_absolute_url()
    _guest_posts(page, url, "Posted in haste")
    page.goto(url)
    page.click("#c-1 .comment__edit")
    assert "Edit your comment #1" in page.inner_text("h1")
    assert page.input_value("textarea[name=body]") == "Posted in haste"
    page.fill("textarea[name=body]", "Posted, then thought over")
    page.click("button:has-text('Save changes')")
    assert "Your comment #1 was changed." in page.inner_text("body")
    assert "Posted, then thought over" in page.inner_text("#c-1")
    assert "edited" in page.inner_text("#c-1 .comment__when")
    context.close()
