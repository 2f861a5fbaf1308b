"""A member's own settings: the name others see, and what they want mailed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User

pytestmark = pytest.mark.django_db


def test_settings_need_a_log_in(client: Client) -> None:
    """A reader without an account is sent to log in."""
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_member_renames_themselves_and_every_page_shows_it(
    client: Client,
    member: User,
    make_article: Callable[..., Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The new name replaces the old one at once, also on pages cached for readers."""
    from masthead.comments.actions import post_comment

    story = make_article()
    post_comment(article=story, body="Hello", author=member)
    assert "Keen Reader" in Client().get(story.get_absolute_url()).content.decode()  # cached

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:settings"), {"display_name": "  Keen   Writer ", "save_name": "1"}
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Keen Writer"
    page = Client().get(story.get_absolute_url()).content.decode()
    assert "Keen Writer" in page
    assert "Keen Reader" not in page


@pytest.mark.parametrize(
    "wanted",
    ["other person", "OTHER PERSON", "0ther Person", "Оther Person", "Staff"],  # noqa: RUF001
)
def test_member_cannot_take_a_name_like_anothers(
    client: Client, member: User, make_user: Callable[..., User], wanted: str
) -> None:
    """Renaming to another member's name, in any case or with look-alike letters, or to
    a name of the site's staff roles, is refused and changes nothing."""
    make_user(display_name="Other Person")
    client.force_login(member)
    response = client.post(reverse("accounts:settings"), {"display_name": wanted, "save_name": "1"})
    assert response.status_code == 400
    assert "looks too much like" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "Keen Reader"


def test_notification_preferences_are_kept(client: Client, member: User) -> None:
    """Unticking both boxes is remembered for the notifications feature."""
    client.force_login(member)
    response = client.post(reverse("accounts:settings"), {"save_preferences": "1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.notify_on_reply, member.notify_on_mention) == (False, False)
