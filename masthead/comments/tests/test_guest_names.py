"""Guests sign with any honest name, never with a member's or the site's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.actions import rename_member
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


def test_a_name_taken_by_a_new_member_is_refused_at_once(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """A guest posts as "Night Owl"; a member then signs up under that name; the next
    guest post under it is refused, though the first answer was remembered. A member
    who renames away from a name frees it just as fast."""
    url = reverse("comments:post", kwargs={"slug": article.slug})
    assert client.post(url, {"body": "First", "name": "Night Owl"}).status_code == 302
    owl = make_user(username="owl", display_name="Night Owl")
    refused = client.post(url, {"body": "Second", "name": "Night Owl"})
    assert refused.status_code == 400
    assert "belongs to a member" in refused.content.decode()
    rename_member(user=owl, display_name="Day Lark")
    assert client.post(url, {"body": "Third", "name": "Night Owl"}).status_code == 302
    assert list(Comment.objects.values_list("body", flat=True).order_by("number")) == [
        "First",
        "Third",
    ]


def test_a_members_username_is_taken_whatever_the_case(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """A member known by their display name still owns their username."""
    make_user(username="quietfox", display_name="Anna Berg")
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "Hello", "name": "QuietFox"},
    )
    assert response.status_code == 400
