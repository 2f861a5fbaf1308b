"""Nothing a stranger can try tells them whether an e-mail address has an account."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _page(response: Any, typed: str = "") -> tuple[int, str, str]:
    """Status, redirect target and body, with the per-request CSRF token and the
    address the visitor typed (echoed back into the form) blanked out."""
    body = _TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())
    if typed:
        body = body.replace(typed, "TYPED")
    return response.status_code, response.get("Location", ""), body


def test_log_in_answers_the_same_for_a_wrong_password_and_an_unknown_address(
    verified_member: User,
) -> None:
    """A wrong password for a real account and any password for a made-up address get
    byte-for-byte the same page."""
    known = Client().post(
        reverse("account_login"), {"login": "reader@example.org", "password": "wrong guess"}
    )
    unknown = Client().post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "wrong guess"}
    )
    assert known.status_code == 200
    assert _page(known, "reader@example.org") == _page(unknown, "nobody@example.org")
    assert "not correct" in known.content.decode()


def test_password_reset_answers_the_same_and_mails_only_the_address_given(
    verified_member: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """Both requests land on the same "check your inbox" page. The member gets a reset
    link; the unknown address gets a note that it has no account (only its owner sees)."""
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(reverse("account_reset_password"), {"email": "reader@example.org"})
        unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert _page(known) == _page(unknown)
    assert known["Location"] == reverse("account_reset_password_done")
    by_address = {message.to[0]: str(message.body) for message in mail.outbox}
    assert "/accounts/password/reset/key/" in by_address["reader@example.org"]
    assert "/accounts/password/reset/key/" not in by_address["nobody@example.org"]


def test_signing_up_with_a_taken_address_looks_like_any_sign_up(
    verified_member: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """The stranger sees "verification sent" either way; the real owner is told by mail
    that someone tried, and no second account appears."""
    with django_capture_on_commit_callbacks(execute=True):
        taken = Client().post(
            reverse("account_signup"),
            {
                "email": "reader@example.org",
                "display_name": "Somebody",
                "password1": "purple llamas dance",
            },
        )
        fresh = Client().post(
            reverse("account_signup"),
            {
                "email": "fresh@example.org",
                "display_name": "Somebody Else",
                "password1": "purple llamas dance",
            },
        )
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="reader@example.org").count() == 1
    [owner_note] = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert "already" in str(owner_note.body).lower()
