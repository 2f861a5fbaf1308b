"""Bans: suspended, banned and author-only members, guest browsers and addresses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import edit_comment, post_comment
from masthead.comments.guests import hash_guest_token
from masthead.comments.models import Comment
from masthead.core.refusals import Refused
from masthead.moderation.actions import ban, lift_ban
from masthead.moderation.models import AuditEntry, Ban
from masthead.moderation.selectors import active_bans_for, banned_targets, moderation_queue

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADDRESS = "203.0.113.9"


@pytest.fixture
def moderator(make_user: Callable[..., User]) -> User:
    return make_user(username="mod", display_name="The Moderator", is_moderator=True)


def _post_page(client: Client, article: Article, body: str, **extra: Any) -> Any:
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}), {"body": body, **extra}
    )


def test_a_banned_member_cannot_post(article: Article, member: User, moderator: User) -> None:
    """A permanent ban refuses the member's posts (403) with its reason."""
    ban(moderator=moderator, member=member, reason="Repeated abuse")
    with pytest.raises(Refused) as refused:
        post_comment(article=article, body="Let me back in", author=member)
    assert refused.value.status == 403
    assert refused.value.message == "You are banned from commenting: Repeated abuse."
    assert not Comment.objects.exists()


def test_a_suspension_says_until_when(article: Article, member: User, moderator: User) -> None:
    """A timed ban is a suspension, and its message names the end."""
    with time_machine.travel(NOW, tick=False):
        ban(
            moderator=moderator,
            member=member,
            reason="Trolling",
            ends_at=datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
        )
        with pytest.raises(
            Refused, match=r"^You are suspended until 3 Dec 2026, 14:00: Trolling\.$"
        ):
            post_comment(article=article, body="Hello?", author=member)


def test_a_banned_member_cannot_edit(article: Article, member: User, moderator: User) -> None:
    """Editing is refused as posting is: a ban cannot be dodged by rewriting old text."""
    comment = post_comment(article=article, body="Before the ban", author=member)
    ban(moderator=moderator, member=member, reason="Spam")
    with pytest.raises(Refused, match="banned"):
        edit_comment(comment=comment, body="Buy now", member=member, guest_token=None)
    assert Comment.objects.get(pk=comment.pk).body == "Before the ban"


def test_the_story_page_refuses_with_the_message(
    client: Client, article: Article, member: User, moderator: User
) -> None:
    """Through the comment form: a 403 page that says why; nothing is written."""
    ban(moderator=moderator, member=member, reason="Repeated abuse")
    client.force_login(member)
    response = _post_page(client, article, "Still here")
    assert response.status_code == 403
    assert "You are banned from commenting: Repeated abuse." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_guest_browser_is_banned_by_its_cookie(
    client: Client, article: Article, moderator: User
) -> None:
    """Banned by the hash of its guest cookie, that browser is refused; another is not."""
    _post_page(client, article, "Too bad Nokia will take them over", name="Troll")
    troll = Comment.objects.get(number=1)
    ban(moderator=moderator, guest_token_hash=troll.guest_token_hash, reason="Trolling")
    response = _post_page(client, article, "Again", name="Troll")
    assert response.status_code == 403
    assert "You are banned from commenting: Trolling." in response.content.decode()
    assert _post_page(Client(), article, "A fresh reader", name="Pat").status_code == 302


def test_an_address_ban_refuses_guests_from_it(
    article: Article, member: User, moderator: User
) -> None:
    """Guests posting from a banned address are refused; members there are not (an
    address may be shared)."""
    ban(moderator=moderator, ip=ADDRESS, reason="Spam run")
    with pytest.raises(Refused, match="Spam run"):
        post_comment(article=article, body="Cheap phones", guest_name="Spam", ip=ADDRESS)
    post_comment(article=article, body="From the office", author=member, ip=ADDRESS)
    post_comment(article=article, body="From elsewhere", guest_name="Pat", ip="198.51.100.1")
    assert Comment.objects.count() == 2


def test_a_guest_address_ban_through_the_page(
    client: Client, article: Article, moderator: User
) -> None:
    """The page refuses a guest from a banned address, whatever their cookie."""
    ban(moderator=moderator, ip=ADDRESS, reason="Spam run")
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "Cheap phones", "name": "Spam"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 403
    assert "Spam run" in response.content.decode()


def test_a_suspension_ends_on_time(article: Article, member: User, moderator: User) -> None:
    """24 hours after a 24-hour suspension began, the member posts again."""
    with time_machine.travel(NOW, tick=False) as traveller:
        ban(
            moderator=moderator, member=member, reason="Cool off", ends_at=NOW + timedelta(hours=24)
        )
        traveller.shift(timedelta(hours=23, minutes=59))
        with pytest.raises(Refused):
            post_comment(article=article, body="Too early", author=member)
        traveller.shift(timedelta(minutes=2))
        assert active_bans_for(member) == []
        assert post_comment(article=article, body="Back, calmer", author=member).number == 1


def test_a_lifted_ban_no_longer_applies(article: Article, member: User, moderator: User) -> None:
    """After lift_ban the member posts again; ban and lift are both in the audit log."""
    made = ban(moderator=moderator, member=member, reason="Mistake")
    lift_ban(ban=made, moderator=moderator, reason="Wrong member")
    post_comment(article=article, body="Thanks", author=member)
    made.refresh_from_db()
    assert made.lifted_at is not None
    log = list(
        AuditEntry.objects.order_by("pk").values_list(
            "action", "moderator", "ban", "member", "reason"
        )
    )
    assert log == [
        ("ban", moderator.pk, made.pk, member.pk, "Mistake"),
        ("lift_ban", moderator.pk, made.pk, member.pk, "Wrong member"),
    ]


def test_audit_entries_name_the_kind_of_ban(
    member: User, moderator: User, make_user: Callable[..., User]
) -> None:
    """A permanent ban is logged "ban", a timed one "suspend", an author-only one
    "author_only"; each with when it ends."""
    with time_machine.travel(NOW, tick=False):
        ban(moderator=moderator, member=member, reason="a")
        ban(moderator=moderator, member=make_user(), reason="b", ends_at=NOW + timedelta(days=7))
        ban(moderator=moderator, member=make_user(), reason="c", kind=Ban.Kind.AUTHOR_ONLY)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "after")) == [
        ("ban", "permanent"),
        ("suspend", "until 2026-12-08 09:00 UTC"),
        ("author_only", "permanent"),
    ]


def test_a_ban_needs_a_moderator_a_reason_and_a_target(member: User, moderator: User) -> None:
    """Refused: by a non-moderator, without a reason, without a target, on oneself."""
    with pytest.raises(PermissionDenied):
        ban(moderator=member, member=moderator, reason="Revenge")
    with pytest.raises(ValidationError):
        ban(moderator=moderator, member=member, reason="  ")
    with pytest.raises(ValidationError):
        ban(moderator=moderator, reason="Nobody")
    with pytest.raises(ValidationError):
        ban(moderator=moderator, member=moderator, reason="Oops")
    assert not Ban.objects.exists()


def test_active_bans_for_is_one_query(
    member: User, moderator: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    """Member, browser and address are looked up together, once the cached list of
    banned people says one of them is on it; anyone else costs no query."""
    ban(moderator=moderator, member=member, reason="x")
    banned_targets()  # the shared list, cached until a ban changes
    with django_assert_num_queries(1):
        found = active_bans_for(member, hash_guest_token("t" * 43), ADDRESS, timezone.now())
    assert len(found) == 1
    with django_assert_num_queries(0):
        assert active_bans_for(moderator, hash_guest_token("u" * 43), "203.0.113.99") == []


def test_the_list_of_banned_people_follows_bans_at_once(member: User, moderator: User) -> None:
    """A new ban, and a lifted one, change what the cached list answers straight away."""
    assert active_bans_for(member) == []  # caches a list without them
    made = ban(moderator=moderator, member=member, reason="x")
    assert [b.pk for b in active_bans_for(member)] == [made.pk]
    lift_ban(ban=made, moderator=moderator)
    assert active_bans_for(member) == []


def test_author_only_is_seen_by_its_author_alone(
    client: Client, article: Article, member: User, moderator: User
) -> None:
    """An author-only member posts as usual and sees their comment, untold; another
    reader does not; staff find it in the queue, marked author_only."""
    ban(moderator=moderator, member=member, kind=Ban.Kind.AUTHOR_ONLY, reason="Spammer")
    client.force_login(member)
    response = _post_page(client, article, "Visit my phone shop")
    assert response.status_code == 302
    comment = Comment.objects.get(number=1)
    assert (comment.status, comment.held_reasons) == ("author_only", "author_only")

    own_page = client.get(article.get_absolute_url()).content.decode()
    assert "Visit my phone shop" in own_page
    assert "Waiting for review" not in own_page
    assert "Visit my phone shop" not in Client().get(article.get_absolute_url()).content.decode()

    rows = moderation_queue(tab="pending").rows
    assert [(row.comment.pk, row.comment.status) for row in rows] == [(comment.pk, "author_only")]
    staff = Client()
    staff.force_login(moderator)
    assert "Visit my phone shop" in staff.get(reverse("moderation:queue")).content.decode()


def test_a_banned_member_reads_why_instead_of_the_form(
    client: Client, article: Article, member: User, moderator: User
) -> None:
    """On a story page a banned member sees the reason where the form was; anonymous
    readers' page is unchanged."""
    anonymous_before = Client().get(article.get_absolute_url()).content
    ban(moderator=moderator, member=member, reason="Repeated abuse")
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "You are banned from commenting: Repeated abuse." in page
    assert "data-comment-form" not in page
    assert Client().get(article.get_absolute_url()).content == anonymous_before


def test_author_only_members_are_not_told(
    client: Client, article: Article, member: User, moderator: User
) -> None:
    """An author-only hold shows no notice: the form is there as for anyone."""
    ban(moderator=moderator, member=member, kind=Ban.Kind.AUTHOR_ONLY, reason="Spammer")
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "data-comment-form" in page
    assert "Spammer" not in page


# The ban form and the list of bans ------------------------------------------------------


def test_only_moderators_open_the_ban_pages(client: Client, member: User, moderator: User) -> None:
    """Members get 403; anonymous readers are sent to log in."""
    for name in ("moderation:ban", "moderation:bans"):
        assert client.get(reverse(name)).status_code == 302
    client.force_login(member)
    for name in ("moderation:ban", "moderation:bans"):
        assert client.get(reverse(name)).status_code == 403
    client.force_login(moderator)
    for name in ("moderation:ban", "moderation:bans"):
        assert client.get(reverse(name)).status_code == 200


def test_the_ban_form_bans_a_comments_member(
    client: Client, article: Article, member: User, moderator: User
) -> None:
    """?comment=<id> of a member's comment bans that member, for the duration picked."""
    comment = post_comment(article=article, body="Too bad Nokia will take them over", author=member)
    client.force_login(moderator)
    url = f"{reverse('moderation:ban')}?comment={comment.pk}"
    assert "Keen Reader" in client.get(url).content.decode()
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            url, {"comment": comment.pk, "reason": "Trolling", "duration": "7d", "kind": "ban"}
        )
    assert response.status_code == 302
    made = Ban.objects.get()
    assert (made.member, made.guest_token_hash, made.ip, made.ends_at) == (
        member,
        "",
        None,
        NOW + timedelta(days=7),
    )


def test_the_ban_form_bans_a_guest_by_browser_and_or_address(
    client: Client, article: Article, moderator: User
) -> None:
    """A guest's comment offers its browser and its address as checkboxes."""
    comment = post_comment(
        article=article,
        body="Cheap phones",
        guest_name="Spam",
        guest_token_hash=hash_guest_token("g" * 43),
        ip=ADDRESS,
    )
    client.force_login(moderator)
    url = f"{reverse('moderation:ban')}?comment={comment.pk}"
    form = client.get(url).content.decode()
    assert 'name="by_browser"' in form
    assert f"Ban their address {ADDRESS}" in form
    client.post(
        url,
        {
            "comment": comment.pk,
            "by_browser": "on",
            "reason": "Spam",
            "duration": "permanent",
            "kind": "author_only",
        },
    )
    made = Ban.objects.get()
    assert (made.member, made.guest_token_hash, made.ip, made.ends_at, made.kind) == (
        None,
        comment.guest_token_hash,
        None,
        None,
        "author_only",
    )


def test_the_ban_form_needs_a_reason(
    client: Client, article: Article, member: User, moderator: User
) -> None:
    """Without a reason: 400 and the form again."""
    comment = post_comment(article=article, body="Hm", author=member)
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:ban"), {"comment": comment.pk, "duration": "24h", "kind": "ban"}
    )
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    assert not Ban.objects.exists()


def test_the_list_shows_bans_in_force_and_lifts_them(
    client: Client, member: User, moderator: User
) -> None:
    """The list shows a ban in force with its reason; Lift ends it and logs it."""
    made = ban(moderator=moderator, member=member, reason="Repeated abuse")
    client.force_login(moderator)
    page = client.get(reverse("moderation:bans")).content.decode()
    assert "Repeated abuse" in page
    assert "Keen Reader" in page
    response = client.post(reverse("moderation:lift_ban", args=[made.pk]), {"reason": "Appeal"})
    assert response.status_code == 302
    assert "Repeated abuse" not in client.get(reverse("moderation:bans")).content.decode()
    assert AuditEntry.objects.filter(action="lift_ban", reason="Appeal").exists()
