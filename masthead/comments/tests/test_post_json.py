"""What the page's script gets back when it posts or deletes without a reload."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def test_a_post_answers_with_the_new_comment_and_its_place(
    client: Client, article: Article
) -> None:
    """201 with the comment's <li> (with its own Delete link), its path and the new
    count; the guest cookie is set as for a plain post."""
    post_comment(article=article, body="First", guest_name="Sam")
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "In place", "name": "Pat", "reply_to": "1"},
        headers=JSON,
    )
    assert response.status_code == 201
    data = json.loads(response.content)
    assert data["number"] == 2
    assert data["path"] == "000001000002"
    assert data["comment_count"] == 2
    assert 'id="c-2"' in data["html"]
    assert "In place" in data["html"]
    assert "comment__delete" in data["html"]
    assert "masthead_guest" in response.cookies


def test_a_refused_post_answers_with_every_message_and_writes_nothing(
    client: Client, article: Article
) -> None:
    """400 with the messages by field; no comment."""
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "   ", "name": ""},
        headers=JSON,
    )
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert errors["body"] == ["Write something before posting."]
    assert "name" in errors
    assert not Comment.objects.exists()


def test_a_post_without_a_csrf_token_is_refused_with_a_reason(article: Article) -> None:
    """403 JSON saying the comment is not posted yet; nothing written."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "No token", "name": "Pat"},
        headers=JSON,
    )
    assert response.status_code == 403
    assert "not been posted" in json.loads(response.content)["errors"]["__all__"][0]
    assert not Comment.objects.exists()


def test_deleting_in_place_answers_with_the_placeholder(client: Client, article: Article) -> None:
    """The author's delete returns the placeholder <li> that replaces the comment."""
    client.post(
        reverse("comments:post", kwargs={"slug": article.slug}), {"body": "Oops", "name": "Pat"}
    )
    response = client.post(
        reverse("comments:delete", kwargs={"slug": article.slug, "number": 1}), headers=JSON
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["number"] == 1
    assert "deleted by its author" in data["html"]
