"""The guest form's quiet bot checks (``core.antibot``): a honeypot field people never
see, and a minimum time between making the form and posting it. No JavaScript needed.

Tests run with ``MASTHEAD_MIN_SUBMIT_SECONDS`` at 0 (off); these turn it to 3.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.models import Comment
from masthead.core import antibot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def minimum_time(settings: Any) -> None:
    settings.MASTHEAD_MIN_SUBMIT_SECONDS = 3


def _started(html: str) -> str:
    match = re.search(r'name="started" value="([^"]+)"', html)
    assert match, "the form has no start time"
    return match.group(1)


def _post(client: Client, article: Article, **fields: str) -> Any:
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "A considered reply.", "name": "Careful Guest", **fields},
    )


def test_the_guest_form_carries_a_hidden_honeypot_and_a_start_time(
    client: Client, article: Article
) -> None:
    """The honeypot is labelled "Leave this empty", out of sight, out of the tab order
    and of autofill; the start time is a hidden field."""
    html = client.get(article.get_absolute_url()).content.decode()
    trap = re.search(r'<div class="field field--trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap, "no hidden honeypot block"
    assert '<label for="id_website">Leave this empty</label>' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)
    assert _started(html)


def test_members_forms_have_no_traps(client: Client, article: Article, member: User) -> None:
    """Members are known; their form stays as it was."""
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="website"' not in html
    assert 'name="started"' not in html


def test_a_filled_honeypot_is_refused_and_nothing_is_posted(
    client: Client, article: Article
) -> None:
    """A bot that fills every field gets the form back with a message; no comment."""
    made = timezone.now() - timedelta(minutes=1)
    answer = _post(
        client,
        article,
        website="https://cheap-pills.example",
        started=antibot.started_token(made.timestamp()),
    )
    assert answer.status_code == 400
    assert "the hidden field “Leave this empty” was filled in" in answer.content.decode()
    assert not Comment.objects.exists()


def test_a_post_sooner_than_a_person_could_write_is_refused_then_accepted(
    client: Client, article: Article
) -> None:
    """Posted 1 s after the form was made: refused with a message, nothing written. The
    same form, sent again from the page it came back on 3 s later, is posted."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        form = client.get(article.get_absolute_url())
        clock.shift(timedelta(seconds=1))
        quick = _post(client, article, started=_started(form.content.decode()))
        clock.shift(timedelta(seconds=2))
        again = _post(client, article, started=_started(quick.content.decode()))
    assert quick.status_code == 400
    assert "That was quicker than anyone types" in quick.content.decode()
    assert again.status_code == 302
    assert Comment.objects.count() == 1


def test_a_missing_or_forged_start_time_is_refused_with_a_fresh_one_to_send(
    client: Client, article: Article
) -> None:
    """A post that never came from our form is refused; the form it gets back carries
    a good start time, so a person can simply send it again (after a moment)."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        missing = _post(client, article)
        forged = _post(client, article, started="1:forged")
        clock.shift(timedelta(seconds=3))
        again = _post(client, article, started=_started(forged.content.decode()))
    assert (missing.status_code, forged.status_code) == (400, 400)
    assert "the form was out of date" in forged.content.decode()
    assert again.status_code == 302


def test_a_cached_form_only_makes_the_check_more_lenient(client: Client, article: Article) -> None:
    """The blank form is cached and shared: a reader served it later gets its older start
    time, so their post passes sooner, never later."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = client.get(article.get_absolute_url()).content.decode()
        clock.shift(timedelta(seconds=60))
        later = Client().get(article.get_absolute_url()).content.decode()
        assert _started(later) == _started(first)
        assert _post(Client(), article, started=_started(later)).status_code == 302


def test_no_minimum_when_set_to_zero(client: Client, article: Article, settings: Any) -> None:
    """``MASTHEAD_MIN_SUBMIT_SECONDS = 0`` turns the time check off; the honeypot stays."""
    settings.MASTHEAD_MIN_SUBMIT_SECONDS = 0
    assert _post(client, article).status_code == 302
    assert _post(client, article, body="Another.", website="x").status_code == 400
