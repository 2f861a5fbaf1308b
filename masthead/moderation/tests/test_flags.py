"""Members flag comments; enough open flags take a comment back for review."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment
from masthead.comments.models import Comment
from masthead.moderation.actions import flag_comment
from masthead.moderation.models import AuditEntry, Flag

pytestmark = pytest.mark.django_db


def _flag_url(article: Article, number: int) -> str:
    return reverse("flags:flag", kwargs={"slug": article.slug, "number": number})


def _flag_all(comment: Comment, flaggers: list[User]) -> None:
    for flagger in flaggers:
        flag_comment(comment=comment, flagger=flagger, reason=Flag.Reason.ABUSE)


def test_a_member_flags_a_comment_once(article: Article, member: User) -> None:
    """The first flag counts; the same member's second flag changes nothing and says so."""
    comment = post_comment(
        article=article, body="Too bad Nokia will take them over", guest_name="Troll"
    )
    first = flag_comment(comment=comment, flagger=member, reason=Flag.Reason.ABUSE, note="troll")
    again = flag_comment(comment=comment, flagger=member, reason=Flag.Reason.SPAM)
    assert (first.created, again.created) == (True, False)
    assert again.flag == first.flag
    assert Flag.objects.filter(comment=comment).count() == 1
    assert Comment.objects.get(pk=comment.pk).flag_count == 1


def test_the_page_thanks_a_second_flag_kindly(
    client: Client, article: Article, member: User
) -> None:
    """A second flag from the same member is thanked, not refused, and not counted."""
    post_comment(article=article, body="Haters do what they do best", guest_name="Sam")
    client.force_login(member)
    client.post(_flag_url(article, 1), {"reason": "abuse"})
    response = client.post(_flag_url(article, 1), {"reason": "spam"}, follow=True)
    assert "You have flagged comment #1 already" in response.content.decode()
    assert Comment.objects.get(article=article, number=1).flag_count == 1


def test_nobody_flags_their_own_comment(article: Article, member: User) -> None:
    """Flagging one's own comment is refused with a reason."""
    comment = post_comment(article=article, body="My own words", author=member)
    with pytest.raises(PermissionDenied, match="your own comment"):
        flag_comment(comment=comment, flagger=member, reason=Flag.Reason.SPAM)


def test_guests_cannot_flag(client: Client, article: Article) -> None:
    """Without an account: the action refuses, the page sends to log in, a POST is 403."""
    comment = post_comment(article=article, body="Nice trolling", guest_name="Sam")
    with pytest.raises(PermissionDenied, match="Log in"):
        flag_comment(comment=comment, flagger=None, reason=Flag.Reason.SPAM)  # type: ignore[arg-type]
    assert client.get(_flag_url(article, 1)).status_code == 302
    assert client.post(_flag_url(article, 1), {"reason": "spam"}).status_code == 403
    assert not Flag.objects.exists()


def test_removed_and_held_comments_take_no_flags(
    article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """A comment out of readers' sight cannot be flagged."""
    removed = post_comment(article=article, body="Gone soon", guest_name="Sam")
    remove_comment(comment=removed)
    held = post_comment(article=article, body="Flag me", guest_name="Pat")
    _flag_all(held, [make_user() for _ in range(3)])
    for comment in (removed, held):
        with pytest.raises(PermissionDenied, match="no longer shown"):
            flag_comment(comment=comment, flagger=member, reason=Flag.Reason.SPAM)


def test_enough_flags_hide_the_comment_pending_review(
    article: Article, make_user: Callable[..., User]
) -> None:
    """At MASTHEAD_FLAGS_TO_HOLD (3) open flags the comment is held for review, reason
    "flags", keeping its number; it stops counting; an automatic audit entry says why."""
    comment = post_comment(
        article=article, body="Too bad Nokia will take them over", guest_name="Troll"
    )
    _flag_all(comment, [make_user(), make_user()])
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    outcome = flag_comment(comment=comment, flagger=make_user(), reason=Flag.Reason.OFF_TOPIC)
    assert outcome.held
    held = Comment.objects.get(pk=comment.pk)
    assert (held.status, held.held_reasons, held.number, held.flag_count) == (
        "pending",
        "flags",
        1,
        3,
    )
    article.refresh_from_db()
    assert article.comment_count == 0
    entry = AuditEntry.objects.get(action="auto_hold")
    assert (entry.moderator, entry.comment, entry.before, entry.after) == (
        None,
        held,
        "published",
        "pending",
    )


@override_settings(MASTHEAD_FLAGS_TO_HOLD=1)
def test_the_threshold_is_a_setting(article: Article, member: User) -> None:
    """MASTHEAD_FLAGS_TO_HOLD = 1: the first flag holds the comment."""
    comment = post_comment(article=article, body="Buy cheap phones here", guest_name="Spam")
    assert flag_comment(comment=comment, flagger=member, reason=Flag.Reason.SPAM).held
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_readers_see_a_placeholder_where_replies_hang(
    article: Article, make_user: Callable[..., User]
) -> None:
    """Held with a reply: readers see "#1" as a placeholder with the reply under it, as
    for a removed comment, never the held text. Held without replies: only a gap."""
    root = post_comment(
        article=article, body="Too bad Nokia will take them over", guest_name="Troll"
    )
    post_comment(article=article, body="Nice trolling", guest_name="Sam", reply_to_number=1)
    lonely = post_comment(article=article, body="Haters do what they do best", guest_name="Troll")
    flaggers = [make_user() for _ in range(3)]
    _flag_all(root, flaggers)
    _flag_all(lonely, flaggers)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Nokia" not in page
    assert "Haters" not in page
    item = re.search(r'<li class="comment d0 comment--held" id="c-1".*?</li>', page, re.S)
    assert item is not None
    assert "This comment is hidden while a moderator reviews it." in item.group(0)
    assert 'id="c-2"' in item.group(0)
    assert "Nice trolling" in item.group(0)
    assert 'id="c-3"' not in page


def test_the_flag_link_is_for_members_on_others_comments(
    client: Client, article: Article, member: User
) -> None:
    """Anonymous readers get no Flag link; a member gets one on others' comments only."""
    post_comment(article=article, body="Someone else's view", guest_name="Sam")
    post_comment(article=article, body="My own view", author=member)
    assert "comment__flag" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{_flag_url(article, 1)}"' in page
    assert f'href="{_flag_url(article, 2)}"' not in page


def test_the_flag_page_works_without_javascript(article: Article, member: User) -> None:
    """GET shows the comment and the reasons; the POST (with its CSRF token) records the
    flag and returns to the comment with thanks."""
    post_comment(article=article, body="Haters do what they do best", guest_name="Sam")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    page = browser.get(_flag_url(article, 1))
    html = page.content.decode()
    for value in ("spam", "abuse", "off_topic", "other"):
        assert f'value="{value}"' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    assert browser.post(_flag_url(article, 1), {"reason": "abuse"}).status_code == 403
    response = browser.post(
        _flag_url(article, 1),
        {"reason": "other", "note": "Baiting", "csrfmiddlewaretoken": token.group(1)},
        follow=True,
    )
    assert "Thank you for flagging comment #1" in response.content.decode()
    flag = Flag.objects.get()
    assert (flag.flagger, flag.reason, flag.note) == (member, "other", "Baiting")


def test_a_flag_needs_a_reason(client: Client, article: Article, member: User) -> None:
    """Without a reason the form comes back (400) saying what is missing."""
    post_comment(article=article, body="Hmm", guest_name="Sam")
    client.force_login(member)
    response = client.post(_flag_url(article, 1), {"note": "just because"})
    assert response.status_code == 400
    assert "Choose why you flag this comment." in response.content.decode()
    assert not Flag.objects.exists()


def test_the_page_script_gets_json(client: Client, article: Article, member: User) -> None:
    """With Accept: application/json: 201 and the thanks, then 200 for a repeat."""
    post_comment(article=article, body="Off topic jab", guest_name="Sam")
    client.force_login(member)
    headers = {"Accept": "application/json"}
    first = client.post(_flag_url(article, 1), {"reason": "off_topic"}, headers=headers)
    again = client.post(_flag_url(article, 1), {"reason": "off_topic"}, headers=headers)
    assert first.status_code == 201
    assert json.loads(first.content)["created"] is True
    assert again.status_code == 200
    assert json.loads(again.content)["created"] is False
    own = post_comment(article=article, body="Mine", author=member)
    refused = client.post(_flag_url(article, own.number), {"reason": "spam"}, headers=headers)
    assert refused.status_code == 403
    assert json.loads(refused.content)["error"] == "You cannot flag your own comment."


def test_flagging_too_fast_is_refused_with_when_to_retry(
    client: Client, make_user: Callable[..., User], article: Article, settings: Any
) -> None:
    """Past the members' flag limit the flag page answers 429 with Retry-After."""
    settings.MASTHEAD_RATE_LIMITS_ENABLED = True
    settings.MASTHEAD_RATE_LIMITS = {**settings.MASTHEAD_RATE_LIMITS, "flag:member": ((1, 60),)}
    flagger = make_user()
    for _ in range(3):
        post_comment(article=article, body="Something", guest_name="Sam")
    client.force_login(flagger)
    first = client.post(_flag_url(article, 1), {"reason": "spam"})
    assert first.status_code == 302
    second = client.post(_flag_url(article, 2), {"reason": "spam"})
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
    assert "reporting comments too fast" in second.content.decode()
