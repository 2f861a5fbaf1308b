"""A newcomer signs up from a story, verifies by the mailed link and comments as a
member, in Chromium against a real server process (uvicorn, tests/servers.py).

The server sends mail as it does in production: allauth's message is queued as a
django-tasks task on commit (the test settings run tasks at once) and sent through
Django's file e-mail backend into ``MASTHEAD_VAR_DIR/mail``; each test gives the server
its own directory, and reads the mail from there as the newcomer would read their inbox.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from tests.servers import app_server, database_url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "night.owl@example.org"
DISPLAY_NAME = "Night Owl"
PASSWORD = "purple llamas dance at noon"
COMMENT = "First time here: the battery numbers look too good to be true."
# Django's file backend writes this line after every message.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "var" / "mail"


@pytest.fixture
def server(transactional_db: Any, mail_dir: Path) -> Iterator[str]:
    """One uvicorn process on the test database, writing its mail under ``tmp_path``."""
    var_dir = mail_dir.parent
    with app_server(
        database_url_for(connection.settings_dict),
        extra_env={"MASTHEAD_VAR_DIR": str(var_dir), "EMAIL_HOST": ""},
    ) as base:
        yield base


@pytest.fixture
def demo_story(make_article: Callable[..., Article], make_user: Callable[..., User]) -> Article:
    """A story like the demo's: a discussion already going, by a guest and a member."""
    story = make_article(
        headline="Sony sold a record 10 million Xperia smartphones last quarter",
        summary="The best quarter yet for Sony's phones, mostly thanks to Europe.",
    )
    regular = make_user(display_name="Old Hand")
    post_comment(article=story, body="Impressive, if they can keep it up.", guest_name="Sam")
    post_comment(article=story, body="Europe carried it.", author=regular, reply_to_number=1)
    return story


def read_mail_to(mail_dir: Path, address: str, timeout: float = 10.0) -> EmailMessage:
    """The one message the server wrote to ``address``, waiting for it to arrive."""
    deadline = time.monotonic() + timeout
    while True:
        found: list[EmailMessage] = []
        for path in sorted(mail_dir.glob("*.log")) if mail_dir.is_dir() else []:
            for raw in path.read_bytes().split(SEPARATOR):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(raw.strip(), policy=email.policy.default)
                assert isinstance(message, EmailMessage)
                if address in str(message["To"]):
                    found.append(message)
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(found) == 1, f"expected one mail to {address} in {mail_dir}, found {len(found)}"
    return found[0]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the mail has no plain-text part"
    assert isinstance(part, EmailMessage)
    content: str = part.get_content()
    return content


def formatted(day: date) -> str:
    """A date as comment headers and profiles print it: "Mar 05, 2026"."""
    return day.strftime("%b %d, %Y")


def test_newcomer_signs_up_from_a_story_verifies_by_mail_and_comments_as_a_member(
    browser: Any, server: str, demo_story: Article, mail_dir: Path
) -> None:
    """Sign up from a story, follow the mailed link, confirm, comment: the comment shows
    the name, Posts: 1 and today's Member since, links to a profile listing it, and the
    header name leads to settings offering data download and account deletion."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    story_url = server + demo_story.get_absolute_url()
    page.goto(story_url)
    assert page.locator("h1").inner_text() == demo_story.headline
    today_before = timezone.localdate()

    # Sign up from the header.
    page.locator(".site-header .account").get_by_role("link", name="Sign up").click()
    assert page.locator("h1").inner_text() == "Sign up"
    page.get_by_label("E-mail", exact=True).fill(EMAIL)
    page.get_by_label("Display name", exact=True).fill(DISPLAY_NAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign up").click()
    page.wait_for_url(server + "/accounts/confirm-email/")
    assert "check your inbox" in page.inner_text("main").lower()
    assert page.locator(".site-header .account__name").count() == 0  # not logged in yet

    # The mailed link opens a page that asks to confirm; the button logs them in.
    message = read_mail_to(mail_dir, EMAIL)
    body = text_of(message)
    assert "Confirm" in str(message["Subject"])
    assert DISPLAY_NAME in body
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
    assert match, body
    link = match.group(0)
    assert link.startswith(server), link
    page.goto(link)
    assert EMAIL in page.inner_text("main")
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.wait_for_url(story_url)  # back where they started, logged in
    header_name = page.locator(".site-header .account__name")
    assert header_name.inner_text() == DISPLAY_NAME
    assert page.locator(".site-header").get_by_role("button", name="Log out").is_visible()

    # Back on the story the form asks for no name; the comment goes up as the member.
    page.goto(story_url + "#comment-form")
    form = page.locator("#comment-form")
    assert form.locator("input[name=name]").count() == 0
    form.locator("textarea[name=body]").fill(COMMENT)
    form.get_by_role("button", name="Post comment").click()
    # The comment appears in place (discussion.js), focused, without a reload.
    mine = page.locator("li.comment", has_text=COMMENT).first
    mine.wait_for()
    assert COMMENT in mine.locator(".comment__body").inner_text()
    head = mine.locator(".comment__head").first
    days = {formatted(today_before), formatted(timezone.localdate())}
    facts = head.locator(".comment__facts").inner_text()
    assert head.locator(".comment__author").inner_text() == DISPLAY_NAME
    assert facts.startswith("Posts: 1;"), facts
    assert any(facts.endswith(f"Member since: {day}") for day in days), (facts, days)
    assert "unregistered" not in head.inner_text()

    # The name in the comment header leads to the member's profile, which lists it.
    member = User.objects.get(email=EMAIL)
    head.locator("a.comment__author").click()
    page.wait_for_url(f"{server}/members/{member.username}/")
    assert page.locator("h1").inner_text() == DISPLAY_NAME
    profile_facts = page.locator(".profile__facts").inner_text()
    assert "Posts: 1" in profile_facts
    assert any(f"Member since: {day}" in profile_facts for day in days), profile_facts
    listed = page.locator(".profile-comments__list li.profile-comment")
    assert listed.count() == 1
    assert demo_story.headline in listed.inner_text()
    assert COMMENT in listed.inner_text()

    # The name in the site header opens the account settings.
    page.locator(".site-header .account__name").click()
    page.wait_for_url(f"{server}/account/")
    main = page.locator("main")
    assert main.get_by_role("heading", name="Download my data").is_visible()
    download = main.get_by_role("link", name="Download my data")
    assert download.get_attribute("href") == "/account/export/"
    assert main.get_by_role("heading", name="Delete my account").is_visible()
    assert main.get_by_role("link", name="Delete my account").get_attribute("href") == (
        "/account/delete/"
    )
    context.close()
