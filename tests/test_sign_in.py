"""Sign-up, e-mail verification, log-in and log-out, as a newcomer goes through them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_newcomer_signs_up_verifies_and_comments_as_a_member(
    client: Client,
    article: Article,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Sign up, follow the mailed link, confirm, comment: the comment shows the name,
    Posts: 1 and today's Member since."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.org", "display_name": "Night Owl", "password1": PASSWORD},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session  # not in before the address is verified
    [message] = mail.outbox
    assert message.to == ["new@example.org"]

    confirm_page = client.get(_link(message))
    assert confirm_page.status_code == 200
    assert "new@example.org" in confirm_page.content.decode()
    assert not EmailAddress.objects.get(email="new@example.org").verified  # GET verifies nothing
    client.post(_link(message))
    assert EmailAddress.objects.get(email="new@example.org").verified
    assert "_auth_user_id" in client.session

    client.post(reverse("comments:post", kwargs={"slug": article.slug}), {"body": "First!"})
    page = client.get(article.get_absolute_url()).content.decode()
    user = User.objects.get(email="new@example.org")
    assert "Night Owl" in page
    assert "Posts: 1;" in page
    assert f"Member since: {user.date_joined:%b %d, %Y}" in page


def test_an_unverified_member_is_sent_back_to_the_inbox(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """Logging in before verifying is refused with "check your inbox"; the link is
    mailed again, but not more than once every three minutes."""
    with time_machine.travel("2026-11-26 12:00:00+00:00", tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("account_signup"),
                {"email": "slow@example.org", "display_name": "Slow Reader", "password1": PASSWORD},
            )
        login = {"login": "slow@example.org", "password": PASSWORD}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_login"), login)
        assert response["Location"] == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session
        assert len(mail.outbox) == 1  # the sign-up mail is still fresh
        traveller.shift(timedelta(minutes=4))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("account_login"), login)
        assert len(mail.outbox) == 2


def test_member_logs_in_with_email_and_posts_under_their_name(
    client: Client, verified_member: User, article: Article
) -> None:
    """After logging in, the comment form asks for no name and posts as the member."""
    response = client.post(
        reverse("account_login"),
        {"login": "reader@example.org", "password": PASSWORD, "next": article.get_absolute_url()},
    )
    assert response["Location"] == article.get_absolute_url()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="name"' not in page
    client.post(reverse("comments:post", kwargs={"slug": article.slug}), {"body": "Signed in"})
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Keen Reader" in page
    assert "Posts: 1;" in page


def test_logout_needs_a_post(client: Client, verified_member: User) -> None:
    """A GET only asks to confirm (no logout by image tag); the POST logs out."""
    client.force_login(verified_member)
    assert client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_the_newsroom_logs_in_through_the_same_throttled_form(client: Client) -> None:
    """/admin/ sends people to the site's log-in page, not Django's unthrottled one."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_header_offers_log_in_and_sign_up(client: Client, article: Article) -> None:
    """A reader finds both ways in from the story page, and from the comment form."""
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count(reverse("account_signup")) >= 2
    assert reverse("account_login") in page


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("Keen Reader", "looks too much like"),
        ("KEEN  reader", "looks too much like"),
        ("Keen Re\u0430der", "looks too much like"),  # a Cyrillic a
        ("Moderator", "looks too much like"),
        ("Keen\u202eReader", "text-direction"),
        ("Keen\u200bReader", "invisible"),
    ],
)
def test_sign_up_refuses_names_that_pass_for_someone_else(
    client: Client, verified_member: User, display_name: str, message: str
) -> None:
    """A new member cannot look like an existing one, or like the site, or hide
    characters in their name; the form says why and no account is made."""
    response = client.post(
        reverse("account_signup"),
        {"email": "other@example.org", "display_name": display_name, "password1": PASSWORD},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="other@example.org").exists()


def test_common_passwords_are_refused_without_composition_rules(client: Client) -> None:
    """'password123' is refused as too common; a long lowercase phrase is fine."""
    response = client.post(
        reverse("account_signup"),
        {"email": "p@example.org", "display_name": "Pat", "password1": "password123"},
    )
    assert "too common" in response.content.decode()
    response = client.post(
        reverse("account_signup"),
        {"email": "p@example.org", "display_name": "Pat", "password1": "purple llamas dance"},
    )
    assert response.status_code == 302


def test_passwords_are_stored_with_argon2id(settings: Any) -> None:
    """Real deployments hash with Argon2id (tests use a fast hasher)."""
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
