"""Quote: the reply form starts with the comment quoted, in place with JavaScript and
on the reply page without it; the posted reply shows the quote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from masthead.articles.models import Article
from masthead.comments.actions import post_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTED = "> Prices *fell*.\n>\n> Twice.\n\n"


def test_quote_prefills_the_reply_in_place(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """With JavaScript, Quote moves the form under the comment with its text quoted,
    without a reload, and the reply shows the quote as a block quote."""
    story = make_article()
    post_comment(article=story, body="Prices *fell*.\n\nTwice.", guest_name="Sam")
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.evaluate("window.__sameDocument = true")

    page.click("#c-1 .comment__actions a[data-action=quote]")
    page.wait_for_function("document.querySelector('#comment-form textarea').value !== ''")
    assert page.input_value("#comment-form textarea[name=body]") == QUOTED
    assert (
        page.evaluate("document.getElementById('comment-form').closest('li.comment').id") == "c-1"
    )
    page.fill("#comment-form textarea[name=body]", QUOTED + "Not here.")
    page.fill("#comment-form input[name=name]", "Pat")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("#c-2")

    assert page.evaluate("window.__sameDocument") is True
    assert "Prices fell." in page.inner_text("#c-2 blockquote")
    context.close()


def test_quote_works_with_javascript_off(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """Without JavaScript, Quote opens the reply page with the text already quoted."""
    story = make_article()
    post_comment(article=story, body="Prices *fell*.\n\nTwice.", guest_name="Sam")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.click("#c-1 .comment__actions a[data-action=quote]")
    assert "Reply to #1" in page.inner_text("h1")
    assert page.input_value("textarea[name=body]") == QUOTED
    context.close()
