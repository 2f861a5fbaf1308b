"""Repeated posts: the same text by the same author on the same story within ten minutes
makes one comment, and the second try lands on it (a double-click, a retried submit)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import (
    delete_own_comment,
    edit_comment,
    post_comment,
    remove_comment,
)
from masthead.comments.models import Comment
from masthead.core.refusals import Refused

pytestmark = pytest.mark.django_db

IP = "198.51.100.7"
TEXT = "Nokia will take them over, mark my words."


def _post(client: Client, article: Article, **extra: Any) -> Any:
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": TEXT, "name": "Hasty Guest"},
        REMOTE_ADDR=IP,
        **extra,
    )


def test_a_double_click_makes_one_comment_and_lands_on_it(client: Client, article: Article) -> None:
    """The second identical post goes to #1 with a note; there is one comment."""
    first, second = _post(client, article), _post(client, article)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]
    assert first["Location"].endswith("#c-1")
    assert Comment.objects.filter(article=article).count() == 1
    landed = client.get(second["Location"]).content.decode()
    assert "Your comment #1 is posted." in landed


def test_a_retry_from_the_script_gets_the_comment_already_posted(
    client: Client, article: Article
) -> None:
    """As JSON the repeat answers like the first post did (201, #1), so the page's
    script shows the comment once."""
    first = _post(client, article, HTTP_ACCEPT="application/json")
    again = _post(client, article, HTTP_ACCEPT="application/json")
    assert (first.status_code, again.status_code) == (201, 201)
    assert json.loads(again.content)["number"] == json.loads(first.content)["number"] == 1
    assert Comment.objects.filter(article=article).count() == 1


def test_the_repeat_carries_the_comment_already_posted(article: Article, member: User) -> None:
    """The action refuses with ``Duplicate``, holding comment #1."""
    first = post_comment(article=article, body=TEXT, author=member, ip=IP)
    with pytest.raises(hooks.Duplicate) as repeat:
        post_comment(article=article, body=f"  {TEXT}\n", author=member, ip=IP)
    assert repeat.value.comment == first
    assert (repeat.value.status, repeat.value.message) == (
        409,
        "You have already posted this comment: it is #1.",
    )


def test_a_guest_is_known_by_address_or_by_browser(article: Article) -> None:
    """A first post's double-click brings two new cookies from one address; a guest who
    moved (another address) keeps their cookie. Either is the same author."""
    post_comment(article=article, body=TEXT, guest_name="G", guest_token_hash="a" * 64, ip=IP)
    with pytest.raises(hooks.Duplicate):
        post_comment(article=article, body=TEXT, guest_name="G", guest_token_hash="b" * 64, ip=IP)
    with pytest.raises(hooks.Duplicate):
        post_comment(
            article=article, body=TEXT, guest_name="G", guest_token_hash="a" * 64, ip="192.0.2.8"
        )


@pytest.mark.parametrize(
    "change",
    ["another story", "another text", "another member", "another guest", "later", "deleted"],
)
def test_what_is_not_a_repeat(
    change: str,
    article: Article,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    member: User,
) -> None:
    """Only the same text, by the same author, on the same story, within ten minutes,
    is a repeat; a text its author deleted may be posted again."""
    first = post_comment(article=article, body=TEXT, author=member, ip=IP)
    again: dict[str, Any] = {"article": article, "body": TEXT, "author": member, "ip": IP}
    if change == "another story":
        again["article"] = make_article()
    elif change == "another text":
        again["body"] = TEXT + "!"
    elif change == "another member":
        again["author"] = make_user()
    elif change == "another guest":
        again.update(author=None, guest_name="Other", ip="192.0.2.8")
    elif change == "deleted":
        delete_own_comment(comment=first, member=member, guest_token=None)
    if change == "later":
        with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
            assert post_comment(**again).pk != first.pk
    else:
        assert post_comment(**again).pk != first.pk


def test_a_repeat_is_of_the_text_as_it_reads_now(article: Article, member: User) -> None:
    """After an edit, posting the new text again is a repeat of that comment, and the
    text it replaced may be posted as a new comment."""
    first = post_comment(article=article, body="First thoughts.", author=member, ip=IP)
    edit_comment(comment=first, body=TEXT, member=member, guest_token=None, ip=IP)
    with pytest.raises(hooks.Duplicate) as repeat:
        post_comment(article=article, body=TEXT, author=member, ip=IP)
    assert repeat.value.comment == first
    assert post_comment(article=article, body="First thoughts.", author=member, ip=IP).number == 2


def test_a_busy_story_still_knows_a_repeat(article: Article, member: User) -> None:
    """Among hundreds of other recent comments on the story (from the same address),
    the repeat is found and lands on the right one."""
    for n in range(300):
        post_comment(article=article, body=f"Comment {n}", guest_name="Crowd", ip=IP)
    mine = post_comment(article=article, body=TEXT, author=member, ip=IP)
    with pytest.raises(hooks.Duplicate) as repeat:
        post_comment(article=article, body=TEXT, author=member, ip=IP)
    assert repeat.value.comment == mine
    with pytest.raises(hooks.Duplicate) as crowd:
        post_comment(article=article, body="Comment 150", guest_name="Crowd", ip=IP)
    assert crowd.value.comment.number == 151


def test_a_text_a_moderator_removed_is_refused_when_posted_again(
    article: Article, member: User
) -> None:
    """Reposting what was just taken down is refused, saying so (403)."""
    first = post_comment(article=article, body=TEXT, author=member, ip=IP)
    remove_comment(comment=first)
    with pytest.raises(Refused) as refused:
        post_comment(article=article, body=TEXT, author=member, ip=IP)
    assert not isinstance(refused.value, hooks.Duplicate)
    assert refused.value.status == 403
    assert refused.value.message == (
        "You posted this text a moment ago as #1, and a moderator removed it."
    )


def test_posts_without_an_address_are_not_checked(article: Article, member: User) -> None:
    """The demo loader and importers (no address) may post the same text twice."""
    post_comment(article=article, body=TEXT, author=member)
    assert post_comment(article=article, body=TEXT, author=member).number == 2


def test_a_repeat_at_the_rate_limit_still_lands_on_the_comment(
    client: Client, article: Article, settings: Any
) -> None:
    """A double-click on the third post of the minute is sent to it, not told to wait."""
    settings.MASTHEAD_RATE_LIMITS_ENABLED = True
    settings.MASTHEAD_RATE_LIMITS = {**settings.MASTHEAD_RATE_LIMITS, "post:guest": ((1, 60),)}
    first, second = _post(client, article), _post(client, article)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]


THREADS = 8


def _post_racing(article: Article, start: threading.Barrier) -> str:
    start.wait()
    try:
        comment = post_comment(article=article, body=TEXT, guest_name="Racer", ip=IP)
    except hooks.Duplicate as repeat:
        return f"repeat of #{repeat.comment.number}"
    finally:
        close_old_connections()
        connection.close()
    return f"posted #{comment.number}"


@pytest.mark.django_db(transaction=True)
def test_racing_identical_posts_make_exactly_one_comment(article: Article) -> None:
    """8 identical posts at once (8 submits of one form): one is posted, the other 7
    land on it; no number is used up by the refused ones."""
    start = threading.Barrier(THREADS)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = sorted(pool.map(lambda _: _post_racing(article, start), range(THREADS)))
    assert outcomes == ["posted #1"] + ["repeat of #1"] * (THREADS - 1)
    assert list(Comment.objects.filter(article=article).values_list("number", flat=True)) == [1]
    article.refresh_from_db()
    assert (article.last_comment_number, article.comment_count) == (1, 1)
    assert post_comment(article=article, body="Something new", guest_name="R", ip=IP).number == 2
