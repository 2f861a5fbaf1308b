"""Moderators take a comment down from the story page; it keeps its number and replies."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


def _remove_url(article: Article, number: int) -> str:
    return reverse("comments:remove", kwargs={"slug": article.slug, "number": number})


def test_moderators_see_remove_and_readers_do_not(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """The Remove link is on every comment for a moderator, on none for anyone else."""
    post_comment(article=article, body="Trolling", guest_name="Troll")
    assert "comment__remove" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(make_user())
    assert "comment__remove" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(make_user(is_moderator=True))
    assert "comment__remove" in client.get(article.get_absolute_url()).content.decode()


def test_a_moderator_removes_and_the_thread_stays_whole(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """After confirming, #1 shows "removed by a moderator" with its reply under it."""
    post_comment(article=article, body="Trolling", guest_name="Troll")
    post_comment(article=article, body="Nice trolling", guest_name="Sam", reply_to_number=1)
    client.force_login(make_user(is_moderator=True))
    assert "Remove comment #1?" in client.get(_remove_url(article, 1)).content.decode()
    response = client.post(_remove_url(article, 1))
    assert response.status_code == 302
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "This comment was removed by a moderator." in page
    assert "Nice trolling" in page
    assert "Trolling</p>" not in page
    assert Comment.objects.get(article=article, number=1).status == "removed"


def test_nobody_else_can_remove(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """Guests and members get 403 and the comment stays."""
    post_comment(article=article, body="Fine words", guest_name="Sam")
    assert client.post(_remove_url(article, 1)).status_code == 403
    client.force_login(make_user())
    assert client.post(_remove_url(article, 1)).status_code == 403
    assert Comment.objects.get(article=article, number=1).status == "published"


def test_removing_in_place_answers_with_the_placeholder(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """The page's script gets the placeholder <li> to swap in."""
    post_comment(article=article, body="Spam", guest_name="Spammer")
    client.force_login(make_user(is_staff=True))
    response = client.post(_remove_url(article, 1), headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert "removed by a moderator" in json.loads(response.content)["html"]
