"""A guest deletes their own comment in a real browser, without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from masthead.articles.models import Article
from masthead.comments.actions import post_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guest_posts_then_deletes_without_javascript(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """Post, see Delete on one's own comment only, confirm, and find the placeholder."""
    story = make_article()
    post_comment(article=story, body="Someone else's view", guest_name="Sam")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url() + "#comment-form")
    page.fill("textarea[name=body]", "Posted in haste.")
    page.fill("input[name=name]", "Pat")
    page.click("button:has-text('Post comment')")
    if "Please confirm" in page.inner_text("main"):  # the shared page carried no token
        page.click("button:has-text('Post comment')")
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator("#c-1 .comment__delete").count() == 0
    page.click("#c-2 .comment__delete")
    assert "Delete your comment #2?" in page.inner_text("h1")
    page.click("button:has-text('Delete comment #2')")
    assert "Your comment #2 was deleted." in page.inner_text("body")
    assert "Posted in haste." not in page.inner_text("main")
    assert page.locator("#c-1").count() == 1
    context.close()
