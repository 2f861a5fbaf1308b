"""Authors edit their own comments within the edit window; moderators read the history."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments import signals
from masthead.comments.actions import (
    delete_own_comment,
    edit_comment,
    post_comment,
    remove_comment,
)
from masthead.comments.guests import SALT
from masthead.comments.models import Comment, CommentRevision

pytestmark = pytest.mark.django_db

COOKIE = "masthead_guest"
POSTED = datetime(2031, 3, 2, 12, 0, tzinfo=UTC)  # after the fixtures publish their story
WINDOW = timedelta(minutes=15)
SECOND = timedelta(seconds=1)
TOO_LATE = "You can edit your own comment for 15 minutes after posting."
NOT_YOURS = "This comment is not yours to edit."
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JSON = {"Accept": "application/json"}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Time stands still at POSTED until a test moves it."""
    with time_machine.travel(POSTED, tick=False) as traveller:
        yield traveller


def edit_url(article: Article, number: int) -> str:
    return reverse("comments:edit", kwargs={"slug": article.slug, "number": number})


def history_url(article: Article, number: int) -> str:
    return reverse("comments:history", kwargs={"slug": article.slug, "number": number})


def guest_posts(client: Client, article: Article, body: str) -> Comment:
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}), {"body": body, "name": "Pat"}
    )
    assert response.status_code == 302
    return Comment.objects.get(article=article, body=body)


def guest_token(client: Client) -> str:
    request = HttpRequest()
    request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    token = request.get_signed_cookie(COOKIE, salt=SALT)
    assert isinstance(token, str)
    return token


def signed(token: str, *, salt: str) -> str:
    response = HttpResponse()
    response.set_signed_cookie(COOKIE, token, salt=salt)
    return response.cookies[COOKIE].value


def tampered(value: str) -> str:
    return value[:-1] + ("B" if value.endswith("A") else "A")


def body_of(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.body


# The form, for members and guests -------------------------------------------------


def test_member_edits_own_comment_through_the_form(
    client: Client, article: Article, member: User, clock: time_machine.Traveller
) -> None:
    """GET shows the text in a form; POST saves it and returns to the comment with a note."""
    comment = post_comment(article=article, body="Teh first draft", author=member)
    client.force_login(member)
    form = client.get(edit_url(article, 1))
    html = form.content.decode()
    assert form.status_code == 200
    assert "Edit your comment #1" in html
    assert ">\nTeh first draft</textarea>" in html
    assert "no-cache" in form["Cache-Control"] or "max-age=0" in form["Cache-Control"]
    clock.shift(timedelta(minutes=3))
    response = client.post(edit_url(article, 1), {"body": "The *first* draft"})
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#c-1"
    comment.refresh_from_db()
    assert comment.body == "The *first* draft"
    assert comment.body_html.strip() == "<p>The <em>first</em> draft</p>"
    assert comment.edited_at == POSTED + timedelta(minutes=3)
    page = client.get(response["Location"]).content.decode()
    assert "Your comment #1 was changed." in page
    assert "The <em>first</em> draft" in page


def test_guest_edits_own_comment_from_the_same_browser(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """The browser that posted as a guest may edit, with no account."""
    comment = guest_posts(client, article, "Posted in haste")
    clock.shift(WINDOW)
    assert ">\nPosted in haste</textarea>" in client.get(edit_url(article, 1)).content.decode()
    response = client.post(edit_url(article, 1), {"body": "Posted, then thought over"})
    assert response.status_code == 302
    assert body_of(comment) == "Posted, then thought over"


# The window -----------------------------------------------------------------------


def test_window_includes_its_last_second(article: Article, member: User) -> None:
    """Exactly 15 minutes after posting still counts; a second later does not."""
    comment = post_comment(article=article, body="a", author=member, posted_at=POSTED)
    edit_comment(comment=comment, body="b", member=member, guest_token=None, now=POSTED + WINDOW)
    assert body_of(comment) == "b"
    with pytest.raises(PermissionDenied, match=TOO_LATE):
        edit_comment(
            comment=comment,
            body="c",
            member=member,
            guest_token=None,
            now=POSTED + WINDOW + SECOND,
        )
    assert body_of(comment) == "b"


def test_window_counts_from_posting_not_from_the_last_edit(article: Article, member: User) -> None:
    """Editing does not extend the window: it ends 15 minutes after the first post."""
    comment = post_comment(article=article, body="a", author=member, posted_at=POSTED)
    edit_comment(comment=comment, body="b", member=member, guest_token=None, now=POSTED + WINDOW)
    with pytest.raises(PermissionDenied, match=TOO_LATE):
        edit_comment(
            comment=comment, body="c", member=member, guest_token=None, now=POSTED + 2 * WINDOW
        )


def test_guest_edit_is_refused_once_the_window_has_passed(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """At 15 minutes the guest's edit works; at 15 minutes and 1 second it is a 403."""
    comment = guest_posts(client, article, "First")
    clock.shift(WINDOW)
    assert client.post(edit_url(article, 1), {"body": "Second"}).status_code == 302
    clock.shift(SECOND)
    for response in (client.get(edit_url(article, 1)), client.post(edit_url(article, 1))):
        assert response.status_code == 403
        html = response.content.decode()
        assert "Comment #1 cannot be edited" in html
        assert TOO_LATE in html
    assert client.post(edit_url(article, 1), {"body": "Third"}).status_code == 403
    assert body_of(comment) == "Second"


def test_member_edit_is_refused_once_the_window_has_passed(
    client: Client, article: Article, member: User, clock: time_machine.Traveller
) -> None:
    """The same boundary holds for members, through the page."""
    comment = post_comment(article=article, body="First", author=member)
    client.force_login(member)
    clock.shift(WINDOW + SECOND)
    response = client.post(edit_url(article, 1), {"body": "Second"})
    assert response.status_code == 403
    assert TOO_LATE in response.content.decode()
    assert body_of(comment) == "First"


def test_window_follows_the_setting(article: Article, member: User, settings: Any) -> None:
    """The window and its message follow MASTHEAD_COMMENT_EDIT_WINDOW."""
    settings.MASTHEAD_COMMENT_EDIT_WINDOW = timedelta(minutes=5)
    comment = post_comment(article=article, body="a", author=member, posted_at=POSTED)
    with pytest.raises(PermissionDenied, match="edit your own comment for 5 minutes"):
        edit_comment(
            comment=comment,
            body="b",
            member=member,
            guest_token=None,
            now=POSTED + timedelta(minutes=6),
        )


# Nobody edits another's comment ---------------------------------------------------


def test_member_cannot_edit_another_members_comment(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Only the member who wrote a comment may edit it."""
    comment = post_comment(article=article, body="Mine", author=member)
    client.force_login(make_user())
    for response in (
        client.get(edit_url(article, 1)),
        client.post(edit_url(article, 1), {"body": "Yours now"}),
    ):
        assert response.status_code == 403
        assert NOT_YOURS in response.content.decode()
    assert body_of(comment) == "Mine"


def test_moderators_cannot_rewrite_comments_either(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Moderators remove; they do not put words in a reader's mouth."""
    comment = post_comment(article=article, body="Mine", author=member)
    client.force_login(make_user(is_moderator=True, is_staff=True))
    assert client.post(edit_url(article, 1), {"body": "Better"}).status_code == 403
    assert body_of(comment) == "Mine"


def test_guest_cannot_edit_a_members_comment(
    client: Client, article: Article, member: User, clock: time_machine.Traveller
) -> None:
    """A guest cookie opens guest comments from its own browser, nothing else."""
    guest_posts(client, article, "Guest here")
    comment = post_comment(article=article, body="Member here", author=member)
    response = client.post(edit_url(article, comment.number), {"body": "Guest was here"})
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert body_of(comment) == "Member here"


def test_another_guests_cookie_is_refused(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """A different browser, even one with its own valid guest cookie, cannot edit it."""
    comment = guest_posts(client, article, "Mine")
    other = Client()
    guest_posts(other, article, "Theirs")
    response = other.post(edit_url(article, 1), {"body": "Mine now"})
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert body_of(comment) == "Mine"


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
    response = thief.post(edit_url(article, 1), {"body": "Stolen"})
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert body_of(comment) == "Mine"


@pytest.mark.parametrize(
    "take_down",
    [
        pytest.param(lambda c, m: remove_comment(comment=c), id="removed"),
        pytest.param(
            lambda c, m: delete_own_comment(comment=c, member=m, guest_token=None), id="deleted"
        ),
    ],
)
def test_removed_or_deleted_comment_cannot_be_edited(
    article: Article, member: User, take_down: Callable[[Comment, User], Comment]
) -> None:
    """A placeholder stays a placeholder: its author cannot bring it back by editing."""
    comment = take_down(post_comment(article=article, body="Gone", author=member), member)
    with pytest.raises(PermissionDenied, match="has already been taken down"):
        edit_comment(comment=comment, body="Back", member=member, guest_token=None)
    assert body_of(comment) == "Gone"
    assert not CommentRevision.objects.exists()


def test_comment_taken_down_while_editing_is_refused(article: Article, member: User) -> None:
    """A removal that lands between loading the comment and saving the edit wins."""
    comment = post_comment(article=article, body="Mine", author=member)
    remove_comment(comment=Comment.objects.get(pk=comment.pk))
    with pytest.raises(PermissionDenied, match="has already been taken down"):
        edit_comment(comment=comment, body="Edited", member=member, guest_token=None)
    assert body_of(comment) == "Mine"


# Validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param("   \n ", "Write something before posting.", id="blank"),
        pytest.param("x" * 10_001, "Comments are limited to 10,000 characters", id="too-long"),
    ],
)
def test_invalid_text_is_refused_kept_and_nothing_is_written(
    client: Client, article: Article, member: User, body: str, error: str
) -> None:
    """Bad input answers 400 with the error and the reader's text; the comment is untouched."""
    comment = post_comment(article=article, body="Fine as it is", author=member)
    client.force_login(member)
    response = client.post(edit_url(article, 1), {"body": body})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your comment #1 was not changed" in html
    assert error in html
    if body.strip():
        assert body in html
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at) == ("Fine as it is", None)
    assert not CommentRevision.objects.exists()


def test_action_checks_text_as_a_new_post_does(article: Article, member: User) -> None:
    """The action refuses what post_comment refuses, whoever calls it."""
    comment = post_comment(article=article, body="Fine", author=member)
    for body in ("", "  ", "x" * 10_001):
        with pytest.raises(ValidationError):
            edit_comment(comment=comment, body=body, member=member, guest_token=None)
    assert body_of(comment) == "Fine"


def test_edited_text_is_rendered_and_sanitised_as_a_post_is(article: Article, member: User) -> None:
    """Markdown is rendered and raw HTML escaped, exactly as for a new comment."""
    text = "**Bold** <script>alert(1)</script> [link](https://example.org)"
    comment = post_comment(article=article, body="Plain", author=member)
    edit_comment(comment=comment, body=text, member=member, guest_token=None)
    fresh = post_comment(article=article, body=text, author=member)
    comment.refresh_from_db()
    assert comment.body_html == fresh.body_html
    assert "<script>" not in comment.body_html
    assert "<strong>Bold</strong>" in comment.body_html


# What an edit stores --------------------------------------------------------------


def test_each_edit_keeps_the_text_it_replaces(article: Article, member: User) -> None:
    """Every earlier text is a revision with when it was written and when replaced.

    | text   | written at | replaced at |
    |--------|------------|-------------|
    | first  | posted     | +2 min      |
    | second | +2 min     | +5 min      |
    | third  | (current, edited_at = +5 min) |
    """
    comment = post_comment(article=article, body="first", author=member, posted_at=POSTED)
    at = {n: POSTED + timedelta(minutes=n) for n in (2, 5)}
    edit_comment(comment=comment, body="second", member=member, guest_token=None, now=at[2])
    edit_comment(comment=comment, body="third", member=member, guest_token=None, now=at[5])
    rows = list(
        CommentRevision.objects.filter(comment=comment).values_list(
            "body", "written_at", "replaced_at"
        )
    )
    assert rows == [("first", POSTED, at[2]), ("second", at[2], at[5])]
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at) == ("third", at[5])


def test_same_text_again_changes_nothing(
    article: Article, member: User, django_capture_on_commit_callbacks: Any
) -> None:
    """Saving the text unchanged (give or take surrounding spaces) writes nothing."""
    comment = post_comment(article=article, body="Unchanged", author=member)
    sent: list[Comment] = []
    signals.comment_edited.connect(receiver := lambda comment, **kw: sent.append(comment))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            edit_comment(comment=comment, body="  Unchanged\n", member=member, guest_token=None)
    finally:
        signals.comment_edited.disconnect(receiver)
    comment.refresh_from_db()
    assert comment.edited_at is None
    assert not CommentRevision.objects.exists()
    assert sent == []


def test_comment_edited_is_sent_on_commit(
    article: Article, member: User, django_capture_on_commit_callbacks: Any
) -> None:
    """Listeners hear of an edit once the transaction commits, with the new text."""
    comment = post_comment(article=article, body="Old", author=member)
    sent: list[str] = []
    signals.comment_edited.connect(receiver := lambda comment, **kw: sent.append(comment.body))
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            edit_comment(comment=comment, body="New", member=member, guest_token=None)
        assert sent == []
        for callback in callbacks:
            callback()
    finally:
        signals.comment_edited.disconnect(receiver)
    assert sent == ["New"]


def test_editing_keeps_number_place_and_counts(article: Article, member: User) -> None:
    """An edit changes the text only: number, path, replies and counts stay."""
    comment = post_comment(article=article, body="Root", author=member)
    post_comment(article=article, body="Reply", guest_name="Sam", reply_to_number=1)
    before = Comment.objects.values_list("number", "path", "status").order_by("path")
    expected = list(before)
    edit_comment(comment=comment, body="Root, edited", member=member, guest_token=None)
    article.refresh_from_db()
    member.refresh_from_db()
    assert list(before.all()) == expected
    assert (article.comment_count, member.post_count) == (2, 1)


# The page cache, CSRF, JSON ---------------------------------------------------------


def test_editing_makes_the_cached_page_stale(
    client: Client, article: Article, django_capture_on_commit_callbacks: Any
) -> None:
    """Anonymous readers see the new text at once (comment_edited bumps the cache)."""
    guest_posts(client, article, "Frist!")
    stranger = Client()
    stranger.get(article.get_absolute_url())
    assert stranger.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(article, 1), {"body": "First!"}).status_code == 302
    page = stranger.get(article.get_absolute_url())
    assert "X-Page-Cache" not in page
    html = page.content.decode()
    assert "First!" in html
    assert "Frist!" not in html


def test_editing_requires_a_csrf_token(article: Article) -> None:
    """A cross-site POST cannot edit; the edit page's own form can."""
    client = Client(enforce_csrf_checks=True)
    token = client.get("/csrf/").json()["token"]
    client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": "Mine", "name": "Pat", "csrfmiddlewaretoken": token},
    )
    comment = Comment.objects.get()
    assert client.post(edit_url(article, 1), {"body": "Forged"}).status_code == 403
    assert body_of(comment) == "Mine"
    form_token = TOKEN.findall(client.get(edit_url(article, 1)).content.decode())[-1]
    response = client.post(
        edit_url(article, 1), {"body": "Mine, edited", "csrfmiddlewaretoken": form_token}
    )
    assert response.status_code == 302
    assert body_of(comment) == "Mine, edited"


def test_script_gets_json_to_update_the_page_in_place(
    client: Client, article: Article, member: User
) -> None:
    """With Accept: application/json the answer is the new HTML, not a redirect."""
    post_comment(article=article, body="Old", author=member)
    client.force_login(member)
    response = client.post(edit_url(article, 1), {"body": "*New*"}, headers=JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == 1
    assert data["body_html"].strip() == "<p><em>New</em></p>"
    assert data["edited"] is True
    assert data["edited_at"]


def test_script_gets_json_errors_and_refusals(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Bad input is a 400 with the field's error; a refusal a 403 with the reason."""
    post_comment(article=article, body="Old", author=member)
    client.force_login(member)
    bad = client.post(edit_url(article, 1), {"body": " "}, headers=JSON)
    assert bad.status_code == 400
    assert bad.json()["errors"]["body"][0]["message"] == "Write something before posting."
    client.force_login(make_user())
    refused = client.post(edit_url(article, 1), {"body": "Hijack"}, headers=JSON)
    assert refused.status_code == 403
    assert refused.json() == {"number": 1, "error": NOT_YOURS}


def test_unknown_comment_is_404(client: Client, article: Article) -> None:
    """Editing a number the story does not have is Not Found."""
    assert client.get(edit_url(article, 9)).status_code == 404


# History for moderators ---------------------------------------------------------------


def test_moderators_read_every_earlier_text(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """The history page lists the current text and each earlier one, newest first."""
    comment = post_comment(article=article, body="One", author=member, posted_at=POSTED)
    for minutes, body in ((1, "Two"), (2, "Three")):
        now = POSTED + timedelta(minutes=minutes)
        edit_comment(comment=comment, body=body, member=member, guest_token=None, now=now)
    for moderator in (make_user(is_moderator=True), make_user(is_staff=True)):
        client.force_login(moderator)
        response = client.get(history_url(article, 1))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
        texts = re.findall(r'<div class="comment__body prose"><p>(\w+)</p>', html)
        assert texts == ["Three", "Two", "One"]
        assert "2 earlier texts" in html
        assert f'datetime="{POSTED.isoformat()}"' in html


def test_history_is_for_moderators_only(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """The author, other members and anonymous readers get a 403, not the old texts."""
    comment = post_comment(article=article, body="Regretted", author=member)
    edit_comment(comment=comment, body="Better", member=member, guest_token=None)
    readers: list[User | None] = [None, member, make_user()]
    for reader in readers:
        browser = Client()
        if reader is not None:
            browser.force_login(reader)
        response = browser.get(history_url(article, 1))
        assert response.status_code == 403
        assert "Regretted" not in response.content.decode()


def test_admin_lists_earlier_texts_read_only(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Staff find a comment's earlier texts under it in the admin, and cannot change them."""
    comment = post_comment(article=article, body="Draft", author=member)
    edit_comment(comment=comment, body="Final", member=member, guest_token=None)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = client.get(url).content.decode()
    assert "Draft" in html
    assert "Final" in html
    assert "<textarea" not in html
    assert client.post(url, {"body": "Admin's words"}).status_code == 403
    assert body_of(comment) == "Final"


# What the thread shows ------------------------------------------------------------------

EDIT_LINKS = re.compile(r'href="[^"]*/comments/(\d+)/edit/"')
HISTORY_LINKS = re.compile(r'href="[^"]*/comments/(\d+)/history/"')


def test_readers_see_edited_next_to_the_time(
    client: Client, article: Article, member: User, django_capture_on_commit_callbacks: Any
) -> None:
    """An edited comment says "edited", its <time> telling when; others say nothing."""
    comment = post_comment(article=article, body="Draft", author=member, posted_at=POSTED)
    post_comment(article=article, body="Never touched", guest_name="Sam")
    edited_at = POSTED + timedelta(minutes=4)
    with django_capture_on_commit_callbacks(execute=True):
        edit_comment(comment=comment, body="Final", member=member, guest_token=None, now=edited_at)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="comment__edited"') == 1
    assert (
        f' · <time datetime="{edited_at.isoformat()}" title="Edited Mar 2, 2031, 12:04">'
        "edited</time>" in html
    )
    marker = html.index('class="comment__edited"')
    assert html.index('id="c-1"') < marker < html.index('id="c-2"')


def test_edit_link_only_on_the_readers_comments_within_the_window(
    client: Client,
    article: Article,
    member: User,
    make_user: Callable[..., User],
    clock: time_machine.Traveller,
) -> None:
    """Edit sits beside Delete on the reader's own recent comments, and nowhere else."""
    post_comment(article=article, body="Someone else", author=make_user())
    post_comment(article=article, body="Mine", author=member)
    guest = Client()
    guest_posts(guest, article, "A guest's")
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    assert EDIT_LINKS.findall(html) == ["2"]
    assert html.index("/comments/2/edit/") < html.index("/comments/2/delete/")
    assert EDIT_LINKS.findall(guest.get(article.get_absolute_url()).content.decode()) == ["3"]
    stranger = Client()
    stranger.get(article.get_absolute_url())
    shared = stranger.get(article.get_absolute_url())
    assert shared["X-Page-Cache"] == "hit"
    assert "/edit/" not in shared.content.decode()
    clock.shift(WINDOW + SECOND)
    assert "/edit/" not in client.get(article.get_absolute_url()).content.decode()


def test_history_link_only_for_moderators_on_edited_comments(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Moderators get a "history" link on edited comments; the author and others don't."""
    comment = post_comment(article=article, body="Draft", author=member)
    post_comment(article=article, body="Never touched", guest_name="Sam")
    edit_comment(comment=comment, body="Final", member=member, guest_token=None)
    client.force_login(make_user(is_moderator=True))
    moderator_page = client.get(article.get_absolute_url())
    assert HISTORY_LINKS.findall(moderator_page.content.decode()) == ["1"]
    assert "private" in moderator_page["Cache-Control"]
    for reader in (member, make_user()):
        client.force_login(reader)
        assert "/history/" not in client.get(article.get_absolute_url()).content.decode()
    client.logout()
    assert "/history/" not in Client().get(article.get_absolute_url()).content.decode()


def test_json_carries_the_marker_the_thread_shows(
    client: Client, article: Article, member: User
) -> None:
    """The script swaps in the same "edited" markup the server renders."""
    post_comment(article=article, body="Old", author=member)
    client.force_login(member)
    data = client.post(edit_url(article, 1), {"body": "New"}, headers=JSON).json()
    html = client.get(article.get_absolute_url()).content.decode()
    assert data["edited_html"].startswith('<span class="comment__edited">')
    assert data["edited_html"] in html


def test_script_reads_the_text_to_edit_as_json(
    client: Client,
    article: Article,
    member: User,
    make_user: Callable[..., User],
    clock: time_machine.Traveller,
) -> None:
    """GET with Accept: application/json gives the current Markdown and the deadline."""
    post_comment(article=article, body="*Raw* text", author=member)
    client.force_login(member)
    clock.shift(WINDOW)
    data = client.get(edit_url(article, 1), headers=JSON).json()
    assert data == {"number": 1, "body": "*Raw* text", "ends": (POSTED + WINDOW).isoformat()}
    client.force_login(make_user())
    assert client.get(edit_url(article, 1), headers=JSON).status_code == 403


def test_script_saves_with_the_csrf_header(article: Article, member: User) -> None:
    """The script's fetch passes Django's CSRF check with the X-CSRFToken header alone."""
    post_comment(article=article, body="Old", author=member)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(edit_url(article, 1), {"body": "New"}, headers=JSON).status_code == 403
    token = client.get("/csrf/").json()["token"]
    response = client.post(
        edit_url(article, 1), {"body": "New"}, headers={**JSON, "X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert response.json()["edited"] is True


def test_edit_links_references_and_updates_mentions(
    article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """#N and @name are linked as in a new post; mentions follow the edited text."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post_comment(article=article, body="Earlier", guest_name="Sam")
    comment = post_comment(article=article, body="No names yet", author=member)
    edit_comment(comment=comment, body="See #1, @alice", member=member, guest_token=None)
    comment.refresh_from_db()
    assert 'class="ref"' in comment.body_html
    assert reverse("comments:permalink", args=[article.slug, 1]) in comment.body_html
    assert alice.get_absolute_url() in comment.body_html
    assert list(comment.mentions.values_list("member_id", flat=True)) == [alice.pk]
    edit_comment(comment=comment, body="Only @bob now", member=member, guest_token=None)
    assert list(comment.mentions.values_list("member_id", flat=True)) == [bob.pk]
