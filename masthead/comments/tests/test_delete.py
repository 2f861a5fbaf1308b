"""Authors delete their own comments within the edit window; nobody else can."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import delete_own_comment, post_comment
from masthead.comments.guests import SALT, hash_guest_token
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

COOKIE = "masthead_guest"
POSTED = datetime(2031, 3, 2, 12, 0, tzinfo=UTC)  # after the fixtures publish their story
WINDOW = timedelta(minutes=15)
TOO_LATE = "You can delete your own comment for 15 minutes after posting."
NOT_YOURS = "This comment is not yours to delete."
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COMMENT_IDS = re.compile(r'<li class="comment[^"]*" id="(c-\d+)"')


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Time stands still at POSTED until a test moves it."""
    with time_machine.travel(POSTED, tick=False) as traveller:
        yield traveller


def post_url(article: Article) -> str:
    return reverse("comments:post", kwargs={"slug": article.slug})


def delete_url(article: Article, number: int) -> str:
    return reverse("comments:delete", kwargs={"slug": article.slug, "number": number})


def guest_posts(client: Client, article: Article, body: str, **extra: str) -> Comment:
    response = client.post(post_url(article), {"body": body, "name": "Pat", **extra})
    assert response.status_code == 302
    return Comment.objects.get(article=article, body=body)


def guest_token(client: Client) -> str:
    request = HttpRequest()
    request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    token = request.get_signed_cookie(COOKIE, salt=SALT)  # raises if the signature is bad
    assert isinstance(token, str)
    return token


def signed(token: str, *, salt: str) -> str:
    response = HttpResponse()
    response.set_signed_cookie(COOKIE, token, salt=salt)
    return response.cookies[COOKIE].value


def tampered(value: str) -> str:
    return value[:-1] + ("B" if value.endswith("A") else "A")


def status_of(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_guest_deletes_own_comment_from_the_same_browser(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """GET asks to confirm; POST deletes and returns to the comment's place with a note."""
    comment = guest_posts(client, article, "Posted in haste")
    clock.shift(WINDOW - timedelta(seconds=1))
    confirm = client.get(delete_url(article, 1))
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Delete your comment #1?" in html
    assert "Posted in haste" in html
    assert '<form method="post"' in html
    response = client.post(delete_url(article, 1))
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#c-1"
    assert status_of(comment) == Comment.Status.DELETED
    page = client.get(response["Location"]).content.decode()
    assert "Your comment #1 was deleted." in page
    assert "Posted in haste" not in page


def test_deleting_is_refused_once_the_window_has_passed(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """At 15 minutes and 1 second the Delete link is gone and deleting is refused (403)."""
    comment = guest_posts(client, article, "Too late to take back")
    assert (
        f"/comments/{comment.number}/delete/"
        in client.get(article.get_absolute_url()).content.decode()
    )
    clock.shift(WINDOW + timedelta(seconds=1))
    assert "/delete/" not in client.get(article.get_absolute_url()).content.decode()
    for response in (client.get(delete_url(article, 1)), client.post(delete_url(article, 1))):
        assert response.status_code == 403
        assert TOO_LATE in response.content.decode()
    assert status_of(comment) == Comment.Status.PUBLISHED


def test_window_includes_its_last_second(article: Article, member: User) -> None:
    """Exactly 15 minutes after posting still counts; a second later does not."""
    late = post_comment(article=article, body="a", author=member, posted_at=POSTED)
    with pytest.raises(PermissionDenied, match=TOO_LATE):
        delete_own_comment(
            comment=late,
            member=member,
            guest_token=None,
            now=POSTED + WINDOW + timedelta(seconds=1),
        )
    delete_own_comment(comment=late, member=member, guest_token=None, now=POSTED + WINDOW)
    assert status_of(late) == Comment.Status.DELETED


def test_window_follows_the_setting(article: Article, member: User, settings: Any) -> None:
    """The window and its message follow MASTHEAD_COMMENT_EDIT_WINDOW."""
    settings.MASTHEAD_COMMENT_EDIT_WINDOW = timedelta(minutes=5)
    comment = post_comment(article=article, body="a", author=member, posted_at=POSTED)
    with pytest.raises(PermissionDenied, match="for 5 minutes after posting"):
        delete_own_comment(
            comment=comment, member=member, guest_token=None, now=POSTED + timedelta(minutes=6)
        )


def test_another_guests_cookie_is_refused(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """A different browser, even one with its own valid guest cookie, cannot delete it."""
    comment = guest_posts(client, article, "Mine")
    other = Client()
    guest_posts(other, article, "Theirs")
    assert (
        f"/comments/{comment.number}/delete/"
        not in other.get(article.get_absolute_url()).content.decode()
    )
    for response in (other.get(delete_url(article, 1)), other.post(delete_url(article, 1))):
        assert response.status_code == 403
        assert NOT_YOURS in response.content.decode()
    assert status_of(comment) == Comment.Status.PUBLISHED


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda token: token, id="unsigned"),
        pytest.param(lambda token: signed(token, salt="another.purpose"), id="other-salt"),
        pytest.param(lambda token: tampered(signed(token, salt=SALT)), id="tampered"),
    ],
)
def test_forged_or_unsigned_cookie_is_refused(
    client: Client,
    article: Article,
    clock: time_machine.Traveller,
    forge: Callable[[str], str],
) -> None:
    """Knowing the id is not enough: only a cookie we signed is believed."""
    comment = guest_posts(client, article, "Mine")
    thief = Client()
    thief.cookies[COOKIE] = forge(guest_token(client))
    response = thief.post(delete_url(article, 1))
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert status_of(comment) == Comment.Status.PUBLISHED


def test_member_cannot_delete_another_members_comment(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Only the member who wrote a comment may delete it."""
    comment = post_comment(article=article, body="Mine", author=member)
    client.force_login(make_user())
    assert "/delete/" not in client.get(article.get_absolute_url()).content.decode()
    response = client.post(delete_url(article, 1))
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert status_of(comment) == Comment.Status.PUBLISHED


def test_guest_cannot_delete_a_members_comment(
    client: Client, article: Article, member: User, clock: time_machine.Traveller
) -> None:
    """A guest cookie opens guest comments from its own browser, nothing else."""
    guest_posts(client, article, "Guest here")
    comment = post_comment(article=article, body="Member here", author=member)
    response = client.post(delete_url(article, comment.number))
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert status_of(comment) == Comment.Status.PUBLISHED


def test_member_deletes_own_comment_and_sees_delete_only_there(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """A member's page offers Delete on their recent comments only; deleting works."""
    post_comment(article=article, body="Someone else", author=make_user())
    mine = post_comment(article=article, body="Mine", author=member)
    post_comment(article=article, body="A guest", guest_name="Pat")
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.findall(r'href="[^"]*/comments/(\d+)/delete/"', html) == ["2"]
    response = client.post(delete_url(article, 2))
    assert response.status_code == 302
    assert status_of(mine) == Comment.Status.DELETED


def test_shared_page_offers_no_delete_link(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """Readers without a cookie get the shared copy, which has no Delete link at all."""
    guest_posts(client, article, "Mine")
    stranger = Client()
    stranger.get(article.get_absolute_url())
    hit = stranger.get(article.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert "/delete/" not in hit.content.decode()


def test_deletion_keeps_number_place_and_replies(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """A deleted comment with replies shows a placeholder in place; replies stay attached.

    | # | reply to | after deletion        |
    |---|----------|-----------------------|
    | 1 | —        | placeholder (deleted) |
    | 2 | 1        | shown, "in reply to #1" |
    | 3 | —        | shown                 |
    """
    guest_posts(client, article, "Regrettable")
    post_comment(article=article, body="An answer", guest_name="Sam", reply_to_number=1)
    post_comment(article=article, body="Unrelated", guest_name="Kim")
    client.post(delete_url(article, 1))
    html = client.get(article.get_absolute_url()).content.decode()
    assert COMMENT_IDS.findall(html) == ["c-1", "c-2", "c-3"]
    assert '<li class="comment d0 comment--deleted" id="c-1"' in html
    assert "This comment was deleted by its author." in html
    assert "Regrettable" not in html
    assert '<a class="comment__reply-to" href="#c-1">in reply to #1</a>' in html
    assert post_comment(article=article, body="Next", guest_name="Kim").number == 4


def test_deleted_comment_without_replies_leaves_a_gap(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """Like a moderator's removal, a deleted comment with nothing under it is not shown."""
    post_comment(article=article, body="First", guest_name="Sam")
    guest_posts(client, article, "Lonely")
    post_comment(article=article, body="Third", guest_name="Kim")
    client.post(delete_url(article, 2))
    html = client.get(article.get_absolute_url()).content.decode()
    assert COMMENT_IDS.findall(html) == ["c-1", "c-3"]
    assert "deleted by its author" not in html


def test_deleted_comment_cannot_be_answered(article: Article, member: User) -> None:
    """Replying to a deleted comment is refused, as for a removed one."""
    comment = post_comment(article=article, body="Gone soon", author=member)
    delete_own_comment(comment=comment, member=member, guest_token=None)
    with pytest.raises(Exception, match="#1 cannot be answered"):
        post_comment(article=article, body="Too late", guest_name="Sam", reply_to_number=1)


def test_counts_go_down_on_deletion(article: Article, member: User) -> None:
    """The story's comment count and the member's Posts drop by one; deleting twice is refused."""
    comment = post_comment(article=article, body="Oops", author=member)
    post_comment(article=article, body="Stays", author=member)
    delete_own_comment(comment=comment, member=member, guest_token=None)
    article.refresh_from_db()
    member.refresh_from_db()
    assert (article.comment_count, member.post_count) == (1, 1)
    with pytest.raises(PermissionDenied):
        delete_own_comment(comment=comment, member=member, guest_token=None)
    article.refresh_from_db()
    assert article.comment_count == 1


def test_guest_deletion_by_action_checks_the_token(article: Article) -> None:
    """The action itself compares the browser's id with the stored hash."""
    comment = post_comment(
        article=article, body="Mine", guest_name="Pat", guest_token_hash=hash_guest_token("x" * 43)
    )
    with pytest.raises(PermissionDenied, match=NOT_YOURS):
        delete_own_comment(comment=comment, member=None, guest_token="y" * 43)
    with pytest.raises(PermissionDenied, match=NOT_YOURS):
        delete_own_comment(comment=comment, member=None, guest_token=None)
    delete_own_comment(comment=comment, member=None, guest_token="x" * 43)
    assert status_of(comment) == Comment.Status.DELETED


def test_old_guest_comments_without_a_hash_cannot_be_deleted(article: Article) -> None:
    """A guest comment stored with no hash (imported, or from before cookies) is nobody's."""
    comment = post_comment(article=article, body="Old", guest_name="Pat")
    with pytest.raises(PermissionDenied, match=NOT_YOURS):
        delete_own_comment(comment=comment, member=None, guest_token=hash_guest_token(""))


def test_deleting_requires_a_csrf_token(article: Article) -> None:
    """A cross-site POST cannot delete; the confirmation page's own form can."""
    client = Client(enforce_csrf_checks=True)
    token = client.get("/csrf/").json()["token"]
    client.post(post_url(article), {"body": "Mine", "name": "Pat", "csrfmiddlewaretoken": token})
    comment = Comment.objects.get()
    assert client.post(delete_url(article, 1)).status_code == 403
    assert status_of(comment) == Comment.Status.PUBLISHED
    form_token = TOKEN.findall(client.get(delete_url(article, 1)).content.decode())[-1]
    response = client.post(delete_url(article, 1), {"csrfmiddlewaretoken": form_token})
    assert response.status_code == 302
    assert status_of(comment) == Comment.Status.DELETED


def test_deleting_makes_the_cached_page_stale(
    client: Client, article: Article, django_capture_on_commit_callbacks: Any
) -> None:
    """Anonymous readers stop seeing the text at once (comment_removed bumps the cache)."""
    guest_posts(client, article, "Soon gone")
    stranger = Client()
    assert "Soon gone" in stranger.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(article, 1))
    assert "Soon gone" not in stranger.get(article.get_absolute_url()).content.decode()


def test_unknown_comment_is_404(client: Client, article: Article) -> None:
    """Deleting a number the story does not have is Not Found."""
    assert client.get(delete_url(article, 9)).status_code == 404
