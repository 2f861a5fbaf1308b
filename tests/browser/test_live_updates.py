"""Live updates in a real browser: a new comment waits behind a button, and goes into
its place in the thread only when the reader asks, without moving the page or focus.

The stream is an async view, which needs an ASGI server (pytest-django's live_server
speaks WSGI): uvicorn runs the site in a thread of this process, so a comment posted
here by the action reaches it through the same broker a real post would use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.live.broker import get_broker
from tests.servers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every comment of the thread, nested or not, in page order.
THREAD_IDS = "Array.from(document.querySelectorAll('ol.thread li.comment'), li => li.id)"


@pytest.fixture
def asgi_server(transactional_db: Any) -> Iterator[str]:
    """The site under uvicorn, in a thread of the test process."""
    from config.asgi import application

    port = free_port()
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port,
        loop="asyncio",
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,  # open streams must not hold up the teardown
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def wait_for_stream(article: Article, timeout: float = 10.0) -> None:
    """Until the page's EventSource is connected (the broker holds its mailbox)."""
    deadline = time.monotonic() + timeout
    while get_broker().fanout.count(article.pk) < 1:
        assert time.monotonic() < deadline, "the page did not open its live stream"
        time.sleep(0.02)


def test_new_comment_button_appears_and_inserts_in_place_keeping_focus(
    browser: Any,
    asgi_server: str,
    make_article: Callable[..., Article],
    screenshot_dir: Path,
) -> None:
    """A reply posted while the reader is typing shows "1 new comment — show"; nothing
    moves until they click it; then #c-4 appears under its thread (before #c-2), is
    highlighted, and the caret is still in the reader's half-written comment."""
    story = make_article(headline="Live story")
    post_comment(article=story, body="First root", guest_name="Ann")
    post_comment(article=story, body="Second root", guest_name="Bob")
    post_comment(article=story, body="Reply to the first", guest_name="Cy", reply_to_number=1)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(asgi_server + story.get_absolute_url())
    assert page.evaluate(THREAD_IDS) == ["c-1", "c-3", "c-2"]
    wait_for_stream(story)
    page.fill("textarea[name=body]", "I am half way through a thought")
    page.focus("textarea[name=body]")
    before = page.evaluate("document.querySelector('#c-2').getBoundingClientRect().top")

    post_comment(article=story, body="Live *reply*", guest_name="Dee", reply_to_number=1)

    button = page.locator(".live-updates__show")
    button.wait_for(state="visible", timeout=5000)
    assert button.inner_text() == "1 new comment \u2014 show"
    assert page.get_attribute("#live-updates", "aria-live") == "polite"
    assert page.locator("#c-4").count() == 0  # nothing inserted until asked
    after = page.evaluate("document.querySelector('#c-2').getBoundingClientRect().top")
    assert after == before  # the button appearing moved nothing
    page.screenshot(path=str(screenshot_dir / "live-button.png"))

    button.click()

    assert page.evaluate(THREAD_IDS) == ["c-1", "c-3", "c-4", "c-2"]
    new = page.locator("#c-4")
    assert "Live reply" in new.inner_text()
    assert "in reply to #1" in new.inner_text()
    assert "comment--live-new" in (new.get_attribute("class") or "")
    assert page.evaluate("document.activeElement.name") == "body"
    assert page.input_value("textarea[name=body]") == "I am half way through a thought"
    assert not button.is_visible()
    page.screenshot(path=str(screenshot_dir / "live-inserted.png"))
    page.close()


def test_first_comment_on_an_empty_discussion_gets_a_thread(
    browser: Any, asgi_server: str, make_article: Callable[..., Article]
) -> None:
    """With no comments yet, showing the first one replaces "No comments yet" with the
    thread; two arrivals are counted in the button."""
    story = make_article(headline="Quiet story")
    page = browser.new_page()
    page.goto(asgi_server + story.get_absolute_url())
    assert page.locator("ol.thread").count() == 0
    wait_for_stream(story)

    post_comment(article=story, body="Hello", guest_name="Ann")
    post_comment(article=story, body="Hello back", guest_name="Bob", reply_to_number=1)
    button = page.locator(".live-updates__show")
    page.wait_for_function(
        "document.querySelector('.live-updates__show').textContent.startsWith('2 ')",
        timeout=5000,
    )
    assert button.inner_text() == "2 new comments \u2014 show"
    button.click()

    assert page.evaluate(THREAD_IDS) == ["c-1", "c-2"]
    assert page.locator("#comments .empty").count() == 0
    page.close()


def test_without_javascript_there_is_no_button(
    browser: Any, asgi_server: str, make_article: Callable[..., Article]
) -> None:
    """With scripts off the page is the plain page: no control that cannot work."""
    story = make_article(headline="Plain story")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(asgi_server + story.get_absolute_url())
    assert not page.locator(".live-updates__show").is_visible()
    assert "Discussion" in page.inner_text("#comments")
    context.close()
