"""Delete my account: /account/delete/ erases the member and keeps the discussion whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from masthead.accounts.actions import delete_account
from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

DELETE = reverse("accounts:delete")
PASSWORD = "correct horse battery"
COMMENT_IDS = re.compile(r'<li class="comment[^"]*" id="(c-\d+)"')


@pytest.fixture
def reader(make_user: Callable[..., User]) -> User:
    """A member who can log in by e-mail, as one who signed up would."""
    user = make_user(username="reader", display_name="Keen Reader", email="reader@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client: Client, email: str) -> bool:
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return "_auth_user_id" in client.session


def thread(article: Article) -> list[tuple[int, int | None, str, int | None]]:
    rows = Comment.objects.filter(article=article).order_by("path")
    return list(rows.values_list("number", "reply_to_number", "path", "author_id"))


def test_delete_page_says_what_happens_and_asks_for_the_password(
    client: Client, member: User
) -> None:
    """The page explains that comments stay as by 'deleted member', that name, e-mail,
    password and profile go, that it cannot be undone, and asks for the password."""
    client.force_login(member)
    response = client.get(DELETE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your comments stay in place, numbered and threaded" in html
    assert "&ldquo;deleted member&rdquo;" in html
    assert "Your name, e-mail addresses, password and profile are erased." in html
    assert "This cannot be undone." in html
    assert 'type="password" name="password"' in html


def test_delete_requires_login(client: Client) -> None:
    """A visitor who is not logged in is sent to the log-in page."""
    for response in (client.get(DELETE), client.post(DELETE, {"password": PASSWORD})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_settings_page_offers_download_and_delete(client: Client, member: User) -> None:
    """Account settings have a Download my data button and a Delete my account link."""
    client.force_login(member)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert f'href="{reverse("accounts:export")}"' in html
    assert f'href="{DELETE}"' in html
    assert "Download my data" in html
    assert "Delete my account" in html
    front = client.get("/").content.decode()
    assert f'<a class="account__name" href="{reverse("accounts:settings")}"' in front


def test_deleting_account_keeps_the_thread_whole(
    client: Client,
    reader: User,
    make_user: Callable[..., User],
    article: Article,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """After deletion the member's comment keeps its number and replies, shows as by
    'deleted member' (also to readers of the cached page), other members' Posts are
    unchanged, the e-mail is gone and the member can no longer log in."""
    other = make_user(display_name="Other Voice")
    post_comment(article=article, body="Opening", author=other)
    post_comment(article=article, body="My view", author=reader, reply_to_number=1)
    post_comment(article=article, body="Answer to you", author=other, reply_to_number=2)
    post_comment(article=article, body="Guest aside", guest_name="Pat")
    before = thread(article)
    reader_id = reader.pk
    anonymous = Client()
    assert "Keen Reader" in anonymous.get(article.get_absolute_url()).content.decode()  # cached

    assert log_in(client, "reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:front_page")
    assert "_auth_user_id" not in client.session
    assert "Your account is deleted" in client.get(response["Location"]).content.decode()

    assert not User.objects.filter(pk=reader_id).exists()
    assert not EmailAddress.objects.filter(email="reader@example.org").exists()
    assert not User.objects.filter(email="reader@example.org").exists()
    assert thread(article) == [
        (n, reply_to, path, None if author == reader_id else author)
        for n, reply_to, path, author in before
    ]
    other.refresh_from_db()
    assert other.post_count == 2

    html = anonymous.get(article.get_absolute_url()).content.decode()
    assert COMMENT_IDS.findall(html) == ["c-1", "c-2", "c-3", "c-4"]
    assert "Keen Reader" not in html
    assert (
        '<a class="comment__number" href="#c-2">#2</a> '
        '<span class="comment__author comment__author--deleted">deleted member</span>'
    ) in html
    assert "My view" in html
    assert '<a class="comment__reply-to" href="#c-2">in reply to #2</a>' in html
    assert not log_in(Client(), "reader@example.org")
    assert Client().get("/members/reader/").status_code == 404


def test_wrong_password_refuses_and_deletes_nothing(
    client: Client, reader: User, article: Article
) -> None:
    """A wrong password gets the form back with an error, and the account stays."""
    post_comment(article=article, body="Still mine", author=reader)
    client.force_login(reader)
    response = client.post(DELETE, {"password": "not my password"})
    assert response.status_code == 400
    assert "That is not your current password." in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()
    assert EmailAddress.objects.filter(user=reader).exists()
    assert Comment.objects.get(article=article, number=1).author_id == reader.pk
    assert "_auth_user_id" in client.session
    empty = client.post(DELETE, {})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()


def test_repeated_wrong_passwords_are_throttled_like_log_ins(
    client: Client, reader: User, settings: Any
) -> None:
    """Guessing the password here counts as failed log-ins: past the limit even the
    right password is refused for a while."""
    settings.MASTHEAD_LOGIN_FREE_ATTEMPTS = 2
    client.force_login(reader)
    for _ in range(2):
        client.post(DELETE, {"password": "guess"})
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 400
    assert "Too many failed log-ins" in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()


@pytest.mark.parametrize("role", ["is_staff", "is_superuser"])
def test_staff_cannot_delete_their_own_account(
    client: Client, make_user: Callable[..., User], role: str
) -> None:
    """Staff and superusers are told to ask another admin; no form, and a POST deletes nothing."""
    editor = make_user(**{role: True})
    client.force_login(editor)
    page = client.get(DELETE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Please ask another administrator to remove yours." in html
    assert 'name="password"' not in html
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()
    with pytest.raises(PermissionDenied):
        delete_account(user=editor)
    assert User.objects.filter(pk=editor.pk).exists()
