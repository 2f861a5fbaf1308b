"""A member flags a comment in a real browser: in place with JavaScript, through the flag
page without it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.moderation.models import Flag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG = "#c-1 a.comment__flag"


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


def test_member_flags_in_place(
    browser: Any,
    live_server: Any,
    make_article: Callable[..., Article],
    member: User,
) -> None:
    """Flag opens the reasons under the comment; sending them shows thanks in its place,
    without leaving the page."""
    story = make_article()
    post_comment(article=story, body="Too bad Nokia will take them over", guest_name="Troll")
    context = logged_in_context(browser, live_server, member)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.evaluate("window.__sameDocument = true")
    page.click(FLAG)
    page.check("#c-1 form[data-flag-form] input[value=abuse]")
    page.fill("#c-1 form[data-flag-form] textarea", "Baiting")
    page.click("#c-1 form[data-flag-form] button[type=submit]")
    page.wait_for_selector("#c-1 .flag-thanks")
    assert "Thank you for flagging comment #1" in page.inner_text("#c-1 .flag-thanks")
    assert page.locator(FLAG).count() == 0
    assert page.evaluate("window.__sameDocument") is True
    flag = Flag.objects.get()
    assert (flag.flagger_id, flag.reason, flag.note) == (member.pk, "abuse", "Baiting")
    context.close()


def test_member_flags_with_javascript_off(
    browser: Any,
    live_server: Any,
    make_article: Callable[..., Article],
    member: User,
) -> None:
    """Without JavaScript, Flag opens the flag page; sending it returns to the story with
    thanks."""
    story = make_article()
    post_comment(article=story, body="Haters do what they do best", guest_name="Sam")
    context = logged_in_context(browser, live_server, member, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.click(FLAG)
    page.wait_for_selector("h1:has-text('Flag comment #1')")
    page.check("input[value=off_topic]")
    page.click("form[data-flag-form] button[type=submit]")
    page.wait_for_selector(".message")
    assert "Thank you for flagging comment #1" in page.inner_text(".messages")
    assert Flag.objects.get().reason == "off_topic"
    context.close()
