"""Password reset and change, and e-mail change with re-verification."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def _path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def test_member_resets_a_forgotten_password(
    client: Client,
    verified_member: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The mailed link leads to a form; the new password works, the old one not."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    [message] = mail.outbox
    form_url = client.get(_path(str(message.body)))["Location"]  # the key moves to the session
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url, {"password1": "violet otters sing", "password2": "violet otters sing"}
        )
    assert response.status_code == 302
    assert Client().login(username="reader", password="violet otters sing")
    assert not Client().login(username="reader", password=PASSWORD)


def test_member_changes_password_and_is_told_by_mail(
    client: Client,
    verified_member: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Changing the password needs the old one, keeps the member logged in, and mails
    a notice (so an intruder's change does not go unnoticed)."""
    client.force_login(verified_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "violet otters sing",
                "password2": "violet otters sing",
            },
        )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert "password" in str(mail.outbox[0].subject).lower()


def test_a_new_email_address_counts_only_once_verified(
    client: Client,
    verified_member: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The old address stays the member's until the new one is confirmed from its inbox;
    then the new one replaces it."""
    client.force_login(verified_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email"), {"email": "new@example.org", "action_add": ""})
    verified_member.refresh_from_db()
    assert verified_member.email == "reader@example.org"
    [message] = [m for m in mail.outbox if m.to == ["new@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_path(str(message.body)))
    verified_member.refresh_from_db()
    assert verified_member.email == "new@example.org"
    assert list(
        EmailAddress.objects.filter(user=verified_member).values_list("email", "verified")
    ) == [("new@example.org", True)]
