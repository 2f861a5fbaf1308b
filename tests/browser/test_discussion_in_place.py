"""Reply, post and delete without a reload, and the keys to move between comments;
the same reply with JavaScript off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from masthead.articles.models import Article
from masthead.comments.actions import post_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guest_replies_inline_then_deletes_without_a_reload(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """Reply opens the form under the comment; the reply appears nested in place with
    the new count; Delete turns it into its placeholder; the page never reloads."""
    story = make_article()
    post_comment(article=story, body="First view", guest_name="Sam")
    post_comment(article=story, body="Second view", guest_name="Lee")
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.evaluate("window.__sameDocument = true")

    page.click("#c-1 .comment__actions a[data-action=reply]")
    assert (
        page.evaluate("document.getElementById('comment-form').closest('li.comment').id") == "c-1"
    )
    assert page.inner_text("#comment-form h3") == "Reply to #1"
    page.fill("#comment-form textarea[name=body]", "A reply, in place.")
    page.fill("#comment-form input[name=name]", "Pat")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("#c-3")

    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate("document.querySelector('#c-1 ol.replies #c-3') !== null")
    assert "A reply, in place." in page.inner_text("#c-3")
    assert "3 comments" in page.inner_text("#comments-title")
    assert page.evaluate("document.getElementById('comment-form').closest('li.comment')") is None

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#c-3 .comment__delete")
    page.wait_for_selector("#c-3.comment--deleted")
    assert "deleted by its author" in page.inner_text("#c-3")
    assert page.evaluate("window.__sameDocument") is True
    context.close()


def test_keys_move_between_comments(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """j and k step through the comments in page order, u goes up to the parent."""
    story = make_article()
    post_comment(article=story, body="one", guest_name="Sam")
    post_comment(article=story, body="two", guest_name="Lee", reply_to_number=1)
    post_comment(article=story, body="three", guest_name="Kim")
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    focused = "document.activeElement.closest('li.comment')?.id"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "c-1"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "c-2"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "c-3"
    page.keyboard.press("k")
    assert page.evaluate(focused) == "c-2"
    page.keyboard.press("u")
    assert page.evaluate(focused) == "c-1"
    context.close()


def test_reply_works_with_javascript_off(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """Without JavaScript, Reply opens the reply page and the reply lands nested under
    its parent on the story page."""
    story = make_article()
    post_comment(article=story, body="First view", guest_name="Sam")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.click("#c-1 .comment__actions a[data-action=reply]")
    assert "Reply to #1" in page.inner_text("h1")
    page.fill("textarea[name=body]", "A reply, the plain way.")
    page.fill("input[name=name]", "Pat")
    page.click("button:has-text('Post comment')")
    if "Please confirm" in page.inner_text("main"):  # the shared page carried no token
        page.click("button:has-text('Post comment')")
    assert page.locator("#c-1 ol.replies #c-2").count() == 1
    assert "A reply, the plain way." in page.inner_text("#c-2")
    context.close()
