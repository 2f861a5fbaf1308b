"""A member votes in a real browser: in place with JavaScript, by plain form posts
without it; guests get log-in arrows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment, Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UP = "#c-1 button[data-vote=up]"
DOWN = "#c-1 button[data-vote=down]"
SCORE = "#c-1 [data-score]"


def logged_in_context(browser: Any, live_server: Any, member: User, **options: Any) -> Any:
    """A browser context holding ``member``'s session cookie."""
    client = Client()
    client.force_login(member)
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


def counts(comment: Comment) -> tuple[int, int]:
    comment.refresh_from_db()
    return comment.upvotes, comment.downvotes


def test_member_votes_in_place_without_a_reload(
    browser: Any,
    live_server: Any,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    member: User,
) -> None:
    """Up presses the arrow and shows 1; up again clears it; down shows -1; the page
    never reloads and the database agrees at every step."""
    story = make_article()
    comment = post_comment(article=story, body="Vote on me", author=make_user())
    context = logged_in_context(browser, live_server, member)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.evaluate("window.__sameDocument = true")
    assert page.get_attribute(UP, "aria-pressed") == "false"
    box = page.locator(UP).bounding_box()
    assert box["width"] >= 24
    assert box["height"] >= 24

    page.click(UP)
    page.wait_for_selector(f'{UP}[aria-pressed="true"]')
    assert page.inner_text(SCORE) == "1"
    assert counts(comment) == (1, 0)

    page.click(UP)
    page.wait_for_selector(f'{UP}[aria-pressed="false"]')
    assert page.inner_text(SCORE) == "0"
    assert not Vote.objects.exists()

    page.click(DOWN)
    page.wait_for_selector(f'{DOWN}[aria-pressed="true"]')
    assert page.inner_text(SCORE) == "-1"
    assert page.get_attribute(UP, "aria-pressed") == "false"
    assert counts(comment) == (0, 1)
    assert page.evaluate("window.__sameDocument") is True
    context.close()


def test_member_votes_with_javascript_off(
    browser: Any,
    live_server: Any,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    member: User,
) -> None:
    """Each arrow is a form: the post comes back to the comment with the arrow pressed."""
    story = make_article()
    comment = post_comment(article=story, body="Vote on me", author=make_user())
    context = logged_in_context(browser, live_server, member, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.click(UP)
    page.wait_for_load_state()
    assert page.url.endswith("#c-1")
    assert page.get_attribute(UP, "aria-pressed") == "true"
    assert page.inner_text(SCORE) == "1"
    assert counts(comment) == (1, 0)
    page.click(UP)  # pressed: clears
    page.wait_for_load_state()
    assert page.get_attribute(UP, "aria-pressed") == "false"
    assert counts(comment) == (0, 0)
    context.close()


def test_guest_arrows_lead_to_log_in(
    browser: Any, live_server: Any, make_article: Callable[..., Article]
) -> None:
    """A guest sees the score and arrows that open the log-in page, coming back to the
    comment afterwards."""
    story = make_article()
    post_comment(article=story, body="Vote on me", guest_name="Sam")
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator("#c-1 form[data-vote-form]").count() == 0
    page.click("#c-1 a.votes__button--up")
    assert "/accounts/login/" in page.url
    assert f"next=/story/{story.slug}/comments/1/" in page.url
    context.close()
