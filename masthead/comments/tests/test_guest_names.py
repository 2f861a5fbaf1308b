"""Guests sign with any honest name, never with a member's or the site's."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Keen Reader", "exact"),
        ("keen reader", "case"),
        ("KEEN   READER", "case and spacing"),
        ("Keen_Reader", "separator"),
        ("Kееn Reader", "Cyrillic e"),  # noqa: RUF001
        ("Keen Rеаdеr", "Cyrillic a and e"),  # noqa: RUF001
        ("Ｋｅｅｎ Ｒｅａｄｅｒ", "fullwidth"),  # noqa: RUF001
        ("reader", "the username"),
        ("Moderator", "a site role"),
        ("Newsroom", "the site"),
    ],
)
def test_guest_cannot_pass_for_a_member_or_the_site(
    client: Client, member: User, article: Article, name: str, why: str
) -> None:
    """The form says the name is taken, keeps the text, and posts nothing."""
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "I am totally them", "name": name},
    )
    assert response.status_code == 400, why
    page = response.content.decode()
    assert "belongs to a member" in page
    assert "I am totally them" in page
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Keen\u202eredaeR", "text-direction"),
        ("Ke\u200ben", "invisible"),
        ("\u2066Keen\u2069", "text-direction"),
        ("\u3164", "invisible"),
    ],
)
def test_guest_names_cannot_hide_characters(
    client: Client, article: Article, name: str, message: str
) -> None:
    """Bidi overrides, zero-width and blank-looking characters are refused with a reason."""
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}), {"body": "Hi", "name": name}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_guest_with_an_honest_name_posts_as_unregistered(
    client: Client, member: User, article: Article
) -> None:
    """A name unlike any member's posts and shows `unregistered`."""
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "Hello from a guest", "name": "José Núñez"},
    )
    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "José Núñez" in page
    assert "unregistered" in page
