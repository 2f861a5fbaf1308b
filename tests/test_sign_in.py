"""Minimal sign-in: members log in with the form, post as themselves, and log out by POST."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article

pytestmark = pytest.mark.django_db


def test_member_logs_in_and_posts_under_their_name(
    client: Client, member: User, article: Article
) -> None:
    """After logging in, the comment form asks for no name and posts as the member."""
    response = client.post(
        reverse("login"),
        {
            "username": "reader",
            "password": "correct horse battery",
            "next": article.get_absolute_url(),
        },
    )
    assert response["Location"] == article.get_absolute_url()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="name"' not in page
    client.post(reverse("comments:post", kwargs={"slug": article.slug}), {"body": "Signed in"})
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Keen Reader" in page
    assert "Posts: 1;" in page


def test_wrong_password_is_refused_with_a_message(client: Client, member: User) -> None:
    """A wrong password gets the login form back with an error, and no session."""
    response = client.post(reverse("login"), {"username": "reader", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client: Client, member: User) -> None:
    """A GET cannot log a member out (no logout by image tag); a POST does."""
    client.force_login(member)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_unknown_pages_get_a_helpful_404(client: Client) -> None:
    """A missing story shows the site's own not-found page."""
    response = client.get("/story/no-such-story/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
