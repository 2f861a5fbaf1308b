"""The story on paper, as Chromium lays it out for print: the story and its discussion,
with the address of every link; no menus, forms or buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DiscussedStory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Shown on screen, gone on paper (when the page has them).
SCREEN_ONLY = [
    ".skip-link",
    ".sections",
    ".account",
    ".story-aside",
    ".live-updates",
    ".story__tools",
    ".comment-form",
    ".thread-sort",
    ".comment__actions",
    ".votes",
    "form",
    "button",
    "nav",
]

DISPLAY = "(el) => getComputedStyle(el).display"
AFTER = "(el) => getComputedStyle(el, '::after').content"
HIDDEN_COUNT = """(selector) => {
  const all = [...document.querySelectorAll(selector)];
  return [all.length, all.filter((el) => getComputedStyle(el).display === 'none'
    || el.closest('[hidden]:not(.print-only)') !== null
    || [...ancestors(el)].some((a) => getComputedStyle(a).display === 'none')).length];
  function* ancestors(el) { for (let a = el.parentElement; a; a = a.parentElement) yield a; }
}"""


def _hidden(page: Any, selector: str) -> tuple[int, int]:
    """How many elements match ``selector``, and how many of them are not laid out."""
    found, hidden = page.evaluate(HIDDEN_COUNT, selector)
    return int(found), int(hidden)


def test_story_page_prints_the_story_without_menus_forms_or_buttons(
    browser: Any, live_server: Any, discussed_story: DiscussedStory, screenshot_dir: Path
) -> None:
    """In print media, navigation, forms, buttons, the sidebar and live updates are not
    laid out; headline, byline, dates, the canonical address and the comments are."""
    story = discussed_story.article
    page = browser.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    canonical = page.locator(".story__canonical")
    assert page.eval_on_selector(".story__canonical", DISPLAY) == "none"  # screen
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "story-print.png"), full_page=True)
    for selector in SCREEN_ONLY:
        found, hidden = _hidden(page, selector)
        assert found == hidden, f"{selector}: {found - hidden} of {found} still printed"
    assert _hidden(page, "form")[0] >= 1  # the comment form, at least
    assert page.locator("h1").is_visible()
    assert page.locator("h1").inner_text() == story.headline
    assert page.locator(".byline").is_visible()
    assert "Ada Reporter" in page.locator(".byline").inner_text()
    assert page.locator(".byline time").count() == 2  # published, updated
    assert canonical.is_visible()
    assert live_server.url + story.get_absolute_url() in canonical.inner_text()
    assert page.locator("#c-1").is_visible()
    page.close()


def test_story_page_prints_link_targets_after_the_links(
    browser: Any, live_server: Any, discussed_story: DiscussedStory
) -> None:
    """Links in the story and in comments are followed by their address on paper;
    links within the page (#comments, #c-1) and the byline's are not."""
    page = browser.new_page()
    page.goto(live_server.url + discussed_story.article.get_absolute_url())
    page.emulate_media(media="print")
    report = page.locator(".story__body a[href='https://example.com/report']")
    assert report.evaluate(AFTER) == '" (https://example.com/report)"'
    assert page.locator(".story__body a[href='#comments']").evaluate(AFTER) == "none"
    assert page.locator("a.comment__number[href='#c-1']").evaluate(AFTER) == "none"
    assert page.locator(".byline a").first.evaluate(AFTER) == "none"
    comment_link = page.locator("#c-1 > details > .comment__body a[href^='http']")
    href = comment_link.get_attribute("href")
    assert comment_link.evaluate(AFTER) == f'" ({href})"'
    reference = page.locator("#c-6 .comment__body a.ref")
    assert reference.evaluate(AFTER) == "none"
    page.emulate_media(media="screen")
    assert report.evaluate(AFTER) == "none"
    page.close()


def test_print_view_prints_the_story_and_comments_without_controls(
    browser: Any, live_server: Any, discussed_story: DiscussedStory, screenshot_dir: Path
) -> None:
    """The print view on paper: headline, byline, dates, canonical address, link targets,
    the thread; its own controls (and any form or button) are not printed."""
    story = discussed_story.article
    page = browser.new_page()
    page.goto(live_server.url + story.get_print_url() + "?comments=1")
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "print-view.png"), full_page=True)
    for selector in [".no-print", "form", "button", "nav"]:
        found, hidden = _hidden(page, selector)
        assert found == hidden, f"{selector}: {found - hidden} of {found} still printed"
    assert _hidden(page, ".no-print")[0] >= 1
    assert page.locator("h1").inner_text() == story.headline
    assert page.locator(".byline time").count() == 2
    assert live_server.url + story.get_absolute_url() in page.locator(".canonical").inner_text()
    report = page.locator(".prose a[href='https://example.com/report']")
    assert report.evaluate(AFTER) == '" (https://example.com/report)"'
    assert page.locator("#c-1").is_visible()
    page.close()
