"""Comment headers: members link to their profiles and carry badges; still one query."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


def header(html: str, number: int) -> str:
    start = html.index(f'id="c-{number}"')
    return html[start : html.index("</summary>", start)]


def test_member_name_links_to_their_profile(client: Client, article: Article, member: User) -> None:
    """A member's name is a link to /members/<username>/."""
    post_comment(article=article, body="Hello", author=member)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a class="comment__author" href="/members/reader/">Keen Reader</a>' in header(html, 1)


def test_names_and_profile_links_are_escaped(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """Markup in a display name is shown as text; usernames with @ + . make working links."""
    author = make_user(username="o.neil+tech@home", display_name='<b>"Bold"</b>')
    post_comment(article=article, body="Hello", author=author)
    head = header(client.get(article.get_absolute_url()).content.decode(), 1)
    assert "<b>" not in head
    assert "&lt;b&gt;&quot;Bold&quot;&lt;/b&gt;" in head
    assert 'href="/members/o.neil+tech@home/"' in head
    assert client.get("/members/o.neil+tech@home/").status_code == 200


def test_badges_for_staff_moderators_and_the_storys_author(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """Staff, Moderator and Author (the story's byline) badges follow the name."""
    writer = make_user(username="writer", display_name="The Writer")
    staff = make_user(username="editor", display_name="Ed", is_staff=True)
    moderator = make_user(username="mod", display_name="Mo", is_moderator=True)
    plain = make_user(username="plain", display_name="Plain")
    story = make_article(authors=[writer])
    for author in (writer, staff, moderator, plain):
        post_comment(article=story, body="Hi", author=author)
    post_comment(article=story, body="Hi", guest_name="The Writer Fan")
    html = client.get(story.get_absolute_url()).content.decode()
    staff_badge = '<span class="badge badge--staff">Staff</span>'
    moderator_badge = '<span class="badge badge--moderator">Moderator</span>'
    author_badge = '<span class="badge badge--author">Author</span>'
    assert f"The Writer</a> {author_badge} " in header(html, 1)
    assert f"Ed</a> {staff_badge} " in header(html, 2)
    assert author_badge not in header(html, 2)
    assert f"Mo</a> {moderator_badge} " in header(html, 3)
    assert "badge" not in header(html, 4)
    assert "badge" not in header(html, 5)
    other_story = make_article()
    post_comment(article=other_story, body="Elsewhere", author=writer)
    assert "badge" not in header(client.get(other_story.get_absolute_url()).content.decode(), 1)


def test_one_person_can_hold_every_badge(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """Badges come in a fixed order: Staff, Moderator, Author."""
    boss = make_user(display_name="Boss", is_staff=True, is_moderator=True)
    story = make_article(authors=[boss])
    post_comment(article=story, body="Hi", author=boss)
    head = header(client.get(story.get_absolute_url()).content.decode(), 1)
    assert head.index("Staff") < head.index("Moderator") < head.index(">Author<")


def test_badges_on_the_print_view_and_reply_form(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """The print copy and the reply page show the same header as the story page."""
    writer = make_user(display_name="The Writer")
    story = make_article(authors=[writer])
    post_comment(article=story, body="Hi", author=writer)
    printed = client.get(story.get_print_url() + "?comments=1").content.decode()
    reply = client.get(f"{story.get_absolute_url()}comments/1/reply/").content.decode()
    for html in (printed, reply):
        assert '<span class="badge badge--author">Author</span>' in header(html, 1)


def test_guests_and_deleted_members_keep_their_headers(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """A guest shows the typed name and 'unregistered'; a deleted account 'deleted member'."""
    post_comment(article=article, body="Guest", guest_name="Pat <3")
    leaver = make_user(display_name="Leaver", is_staff=True)
    post_comment(article=article, body="Gone", author=leaver)
    leaver.delete()
    html = client.get(article.get_absolute_url()).content.decode()
    guest = header(html, 1)
    assert "Pat &lt;3</span>" in guest
    assert "unregistered" in guest
    assert "<a " not in guest.split("</a>", 1)[1]  # only the #1 link: no profile link
    deleted = header(html, 2)
    assert "deleted member" in deleted
    assert "badge" not in deleted
    assert "/members/" not in deleted


def _comment_queries(client: Client, url: str) -> tuple[int, int]:
    """(all queries, queries reading comments) for one page view."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    on_comments = [q for q in queries if 'FROM "comments_comment"' in q["sql"]]
    return len(queries), len(on_comments)


def test_headers_and_own_comments_keep_the_thread_at_one_query(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    member: User,
    settings: Any,
) -> None:
    """Badges and links come from the thread's one query; a member's own comments cost
    nothing more, a guest's at most one query, whatever the size of the thread."""
    settings.MASTHEAD_PAGE_CACHE = False
    # Sessions in the database on both profiles (with Redis they may come from the cache),
    # so the counts below are the same everywhere.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    writer = make_user(is_staff=True, is_moderator=True)
    authors = [writer, member, *(make_user() for _ in range(9))]  # 11: both post often
    small, large = make_article(authors=[writer]), make_article(authors=[writer])
    for story, size in ((small, 20), (large, 400)):
        for n in range(1, size + 1):
            author = authors[n % len(authors)] if n % 4 else None
            post_comment(
                article=story,
                body=f"comment {n}",
                author=author,
                guest_name="" if author else f"Guest {n}",
                reply_to_number=n // 2 if n > 1 and n % 3 else None,
            )
    reader = Client()
    for story in (small, large):
        reader.get(story.get_absolute_url())  # fills the shared fragments and story copies
    anonymous = [_comment_queries(reader, s.get_absolute_url()) for s in (small, large)]
    assert anonymous == [(1, 1), (1, 1)]

    client.force_login(member)
    for story in (small, large):
        client.get(story.get_absolute_url())  # warm the shared fragments
    as_member = [_comment_queries(client, s.get_absolute_url()) for s in (small, large)]
    # The session, the member, the thread and the member's votes on the page; own
    # comments come from the thread's rows, and bans (moderation's notice instead of the
    # form) from the cached list of banned people, with none on it.
    assert as_member == [(4, 1), (4, 1)]
    html = client.get(small.get_absolute_url()).content.decode()
    assert "/delete/" in html
    assert "badge--staff" in html

    guest = Client()
    for story in (small, large):
        guest.post(f"{story.get_absolute_url()}comments/", {"body": "mine", "name": "Kim"})
    as_guest = [_comment_queries(guest, s.get_absolute_url()) for s in (small, large)]
    # The thread, and which recent guest comments are this browser's (a guest has no
    # session; no ban on this browser or address: the cached list of banned people
    # says so).
    assert as_guest == [(2, 2), (2, 2)]
    assert Comment.objects.filter(guest_name="Kim").count() == 2


def test_times_are_shown_in_the_sites_time_zone(
    client: Client, article: Article, member: User, settings: Any
) -> None:
    """A comment's time and its author's join date are shown in the site's zone, and
    the machine-readable time carries that zone's offset."""
    settings.TIME_ZONE = "America/New_York"
    settings.MASTHEAD_PAGE_CACHE = False
    User.objects.filter(pk=member.pk).update(
        date_joined=datetime(2024, 3, 1, 2, 30, tzinfo=UTC)  # Feb 29 in New York
    )
    post_comment(article=article, body="Late night", author=member)
    Comment.objects.filter(article=article, number=1).update(
        created_at=datetime(2026, 7, 4, 3, 15, tzinfo=UTC)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Member since: Feb 29, 2024" in header(html, 1)
    assert '<time datetime="2026-07-03T23:15:00-04:00">Jul 3, 2026, 23:15</time>' in html
