"""A story's comments as a feed: published comments only, names only, never an address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import feedparser  # type: ignore[import-untyped]  # ships no types
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import (
    delete_own_comment,
    edit_comment,
    hold_comment,
    post_comment,
    remove_comment,
)
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

GUEST_EMAIL = "pat.private@guests.example"


def feed_urls(article: Article) -> tuple[str, str]:
    base = f"/story/{article.slug}/comments/feed/"
    return base, base + "atom/"


def parse(client: Client, url: str) -> tuple[Any, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed, response.content.decode()


def test_feed_lists_published_comments_newest_first(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """Entries are "#N by Name" with the permalink, the author's name and the HTML text."""
    member = make_user(display_name="Keen Reader", email="keen@members.example")
    post_comment(article=article, body="First **point**.", author=member)
    post_comment(article=article, body="A guest's view.", guest_name="Pat", guest_email=GUEST_EMAIL)
    post_comment(article=article, body="Reply.", author=member, reply_to_number=1)
    for url in feed_urls(article):
        feed, raw = parse(client, url)
        assert [e.title for e in feed.entries] == [
            "#3 by Keen Reader",
            "#2 by Pat",
            "#1 by Keen Reader",
        ]
        first = feed.entries[-1]
        assert first.link == f"http://testserver/story/{article.slug}/comments/1/"
        assert [a.name for a in first.authors] == ["Keen Reader"]
        assert "<strong>point</strong>" in first.summary
        assert feed.feed.title == f"Comments on “{article.headline}” — Masthead"
        assert GUEST_EMAIL not in raw
        assert "members.example" not in raw


def test_held_removed_and_deleted_comments_never_appear(
    client: Client,
    article: Article,
    make_user: Callable[..., User],
    settings: Any,
) -> None:
    """Pending, author-only, removed and author-deleted comments are absent, text and all."""
    author = make_user(display_name="Writer")
    post_comment(article=article, body="Visible comment", guest_name="Pat", guest_email=GUEST_EMAIL)
    removed = post_comment(article=article, body="Removed spam text", author=author)
    remove_comment(comment=removed)
    deleted = post_comment(article=article, body="Deleted by its author", author=author)
    delete_own_comment(comment=deleted, member=author, guest_token=None)
    pulled = post_comment(article=article, body="Taken back for review", author=author)
    hold_comment(comment=pulled, reasons=["flags"])
    author_only = post_comment(article=article, body="Spammer's own view", author=author)
    hold_comment(comment=author_only, reasons=["spam"], author_only=True)
    settings.MASTHEAD_PREMODERATE_GUESTS = True
    held = post_comment(article=article, body="Waiting for review", guest_name="Sam")
    assert held.status == Comment.Status.PENDING
    for url in feed_urls(article):
        feed, raw = parse(client, url)
        assert [e.title for e in feed.entries] == ["#1 by Pat"]
        for text in ("Removed spam", "Deleted by", "Taken back", "Spammer", "Waiting", "Sam"):
            assert text not in raw
        assert GUEST_EMAIL not in raw


def test_feed_is_a_404_for_a_story_readers_do_not_see(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A draft's or a scheduled story's discussion feed does not exist (yet)."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=2))
    for story in (draft, scheduled):
        for url in feed_urls(story):
            assert client.get(url).status_code == 404
    assert client.get("/story/no-such-story/comments/feed/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.get(feed_urls(scheduled)[0]).status_code == 200


def test_feed_holds_the_50_newest(client: Client, article: Article) -> None:
    """At most the 50 newest published comments are listed."""
    for n in range(53):
        post_comment(article=article, body=f"Comment {n}", guest_name="Pat")
    feed, _ = parse(client, feed_urls(article)[0])
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "#53 by Pat"
    assert feed.entries[-1].title == "#4 by Pat"


def test_unchanged_feed_answers_304(client: Client, article: Article) -> None:
    """If-None-Match or If-Modified-Since of the current copy get 304 Not Modified."""
    post_comment(article=article, body="Hello", guest_name="Pat")
    for url in feed_urls(article):
        first = client.get(url)
        assert "public" in first["Cache-Control"]
        for headers in (
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"]},
        ):
            response = client.get(url, headers=headers)
            assert response.status_code == 304
            assert response.content == b""


@pytest.mark.parametrize("change", ["post", "remove", "edit"])
def test_any_change_to_the_discussion_makes_the_copy_stale(
    client: Client, article: Article, make_user: Callable[..., User], change: str
) -> None:
    """A new comment, a removal or an edit changes the ETag and Last-Modified."""
    member = make_user()
    comment = post_comment(article=article, body="Original text", author=member)
    url = feed_urls(article)[0]
    first = client.get(url)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        if change == "post":
            post_comment(article=article, body="Another", guest_name="Pat")
        elif change == "remove":
            remove_comment(comment=comment)
        else:
            edit_comment(comment=comment, member=member, guest_token=None, body="New text")
        for headers in (
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"]},
        ):
            assert client.get(url, headers=headers).status_code == 200


def test_story_page_links_its_comments_feed(client: Client, article: Article) -> None:
    """The story page announces its discussion's feeds in <head>."""
    html = client.get(article.get_absolute_url()).content.decode()
    head = html[: html.index("</head>")]
    assert (
        f'<link rel="alternate" type="application/rss+xml" '
        f'title="Comments on “{article.headline}” (RSS)" '
        f'href="/story/{article.slug}/comments/feed/">'
    ) in head
    assert f'href="/story/{article.slug}/comments/feed/atom/"' in head


def test_feed_query_count_is_fixed(
    client: Client,
    article: Article,
    make_user: Callable[..., User],
    django_assert_num_queries: Any,
) -> None:
    """Three queries for 5 comments or 60 (story, freshness, comments); 304 costs two."""
    for target in (5, 60):
        while Comment.objects.count() < target:
            post_comment(article=article, body="Words", author=make_user())
        url = feed_urls(article)[1]
        with django_assert_num_queries(3):
            etag = client.get(url)["ETag"]
        with django_assert_num_queries(2):
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
