"""Download my data: /account/export/ gives members a JSON file of what the site keeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment

pytestmark = pytest.mark.django_db

EXPORT = reverse("accounts:export")

PROFILE_KEYS = {
    "username",
    "display_name",
    "email",
    "email_addresses",
    "date_joined",
    "last_login",
    "post_count",
    "is_staff",
    "is_moderator",
    "notify_on_reply",
    "notify_on_mention",
}
COMMENT_KEYS = {"story", "story_url", "number", "permalink", "body", "created_at", "status"}


def export(client: Client) -> dict[str, Any]:
    response = client.get(EXPORT)
    assert response.status_code == 200
    data: dict[str, Any] = json.loads(response.content)
    return data


def test_export_requires_login(client: Client) -> None:
    """A visitor who is not logged in is sent to the log-in page, not given a file."""
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_export_is_a_json_file_named_after_the_member(client: Client, member: User) -> None:
    """The browser saves masthead-<username>.json, and no cache keeps a copy."""
    client.force_login(member)
    response = client.get(EXPORT)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="masthead-reader.json"'
    assert "no-store" in response["Cache-Control"]


def test_export_holds_the_profile_and_no_password(
    client: Client, make_user: Callable[..., User]
) -> None:
    """The profile part has exactly the documented keys, every e-mail address, and no
    password hash anywhere in the file."""
    user = make_user(
        username="reader",
        display_name="Keen Reader",
        email="reader@example.org",
        is_moderator=True,
        notify_on_mention=False,
    )
    EmailAddress.objects.create(user=user, email="reader@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="old@example.org", verified=False, primary=False)
    client.force_login(user)
    user.refresh_from_db()
    response = client.get(EXPORT)
    data = json.loads(response.content)
    assert set(data) == {"profile", "comments"}
    profile = data["profile"]
    assert set(profile) == PROFILE_KEYS
    assert profile["username"] == "reader"
    assert profile["display_name"] == "Keen Reader"
    assert profile["email"] == "reader@example.org"
    assert profile["email_addresses"] == [
        {"email": "reader@example.org", "verified": True, "primary": True},
        {"email": "old@example.org", "verified": False, "primary": False},
    ]
    assert profile["date_joined"] == user.date_joined.isoformat()
    assert user.last_login is not None  # set by the log-in above
    assert profile["last_login"] == user.last_login.isoformat()
    assert (profile["is_staff"], profile["is_moderator"]) == (False, True)
    assert (profile["notify_on_reply"], profile["notify_on_mention"]) == (True, False)
    body = response.content.decode()
    assert user.password not in body
    assert "argon2" not in body
    assert "pbkdf2" not in body
    assert "password" not in body


def test_export_lists_every_own_comment_and_nobody_elses(
    client: Client,
    member: User,
    make_user: Callable[..., User],
    make_article: Callable[..., Article],
) -> None:
    """Every comment the member wrote is there as typed, removed ones included with
    their status; other members' and guests' comments are not."""
    other = make_user()
    story = make_article(headline="Chips get smaller", slug="chips")
    earlier = timezone.now() - timedelta(hours=1)
    post_comment(article=story, body="Not mine", author=other)
    post_comment(article=story, body="Guest", guest_name="Pat", guest_email="pat@example.org")
    mine = post_comment(
        article=story, body="I *think* so", author=member, reply_to_number=1, posted_at=earlier
    )
    gone = post_comment(article=story, body="Too harsh", author=member)
    remove_comment(comment=gone)
    client.force_login(member)
    data = export(client)
    assert data["comments"] == [
        {
            "story": "Chips get smaller",
            "story_url": "/story/chips/",
            "number": 3,
            "permalink": "/story/chips/comments/3/",
            "body": "I *think* so",
            "created_at": mine.created_at.isoformat(),
            "status": "published",
        },
        {
            "story": "Chips get smaller",
            "story_url": "/story/chips/",
            "number": 4,
            "permalink": "/story/chips/comments/4/",
            "body": "Too harsh",
            "created_at": gone.created_at.isoformat(),
            "status": "removed",
        },
    ]
    assert all(set(c) == COMMENT_KEYS for c in data["comments"])
    raw = json.dumps(data)
    assert "Not mine" not in raw
    assert "pat@example.org" not in raw
    assert other.username not in raw


def test_export_reads_comments_in_one_query(
    client: Client,
    member: User,
    make_article: Callable[..., Article],
    django_assert_num_queries: Callable[..., Any],
    settings: Any,
) -> None:
    """However many comments the member wrote, the export costs the same few queries."""
    # The session from the database on both profiles (Redis may serve it from the cache).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(member)
    post_comment(article=make_article(), body="One", author=member)
    # session, member, e-mail addresses, comments with their stories
    with django_assert_num_queries(4):
        assert len(export(client)["comments"]) == 1
    for n in range(30):
        post_comment(article=make_article(), body=f"More {n}", author=member)
    with django_assert_num_queries(4):
        assert len(export(client)["comments"]) == 31
