"""A member's public profile at /members/<username>/: who they are and what they wrote."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment

pytestmark = pytest.mark.django_db

LISTED = re.compile(
    r'<li class="profile-comment">\s*'
    r'<p class="profile-comment__story"><a href="([^"]+)">#(\d+) on '
)

# Anonymous visitor, no session cookie: the member, then their page of comments.
PROFILE_QUERIES = 2


def listed(html: str) -> list[tuple[str, int]]:
    return [(url, int(n)) for url, n in LISTED.findall(html)]


def permalink(article: Article, number: int) -> str:
    return reverse("comments:permalink", kwargs={"slug": article.slug, "number": number})


def test_profile_shows_name_member_since_and_posts(
    client: Client, member: User, article: Article
) -> None:
    """The page shows the display name, Member since and the Posts count comment headers show."""
    member.date_joined = member.date_joined.replace(year=2012, month=11, day=23)
    member.save()
    post_comment(article=article, body="One", author=member)
    post_comment(article=article, body="Two", author=member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<h1>Keen Reader</h1>" in html
    assert "Member since: Nov 23, 2012" in html
    assert "Posts: 2" in html
    assert "badge" not in html.split("<main", 1)[1]
    story = client.get(article.get_absolute_url()).content.decode()
    assert "Posts: 2; Member since: Nov 23, 2012" in story


def test_profile_shows_staff_and_moderator_badges(
    client: Client, make_user: Callable[..., User]
) -> None:
    """Staff carry a Staff badge and moderators a Moderator badge."""
    editor = make_user(is_staff=True, is_moderator=True)
    html = client.get(editor.get_absolute_url()).content.decode()
    assert '<span class="badge badge--staff">Staff</span>' in html
    assert '<span class="badge badge--moderator">Moderator</span>' in html


def test_profile_lists_comments_newest_first_linking_to_permalinks(
    client: Client, member: User, make_article: Callable[..., Article]
) -> None:
    """Each listed comment names its story, shows a plain-text excerpt and links to its
    permalink, which lands on the comment in the story."""
    first, second = make_article(headline="Batteries last longer"), make_article()
    post_comment(article=first, body="Someone else", guest_name="Pat")
    post_comment(
        article=first,
        body="Battery **life** is <b>great</b> & cheap",
        author=member,
        posted_at=timezone.now() - timedelta(days=1),
    )
    post_comment(article=second, body="Later thought", author=member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert listed(html) == [(permalink(second, 1), 1), (permalink(first, 2), 2)]
    assert "#2 on Batteries last longer" in html
    # Markdown gone; what was typed as HTML shows as typed, escaped once.
    assert "Battery life is &lt;b&gt;great&lt;/b&gt; &amp; cheap" in html
    landing = client.get(permalink(first, 2))
    assert landing["Location"] == f"{first.get_absolute_url()}#c-2"


def test_profile_leaves_out_removed_comments_and_unpublished_stories(
    client: Client, member: User, make_article: Callable[..., Article], article: Article
) -> None:
    """Comments a moderator removed, and comments on stories no longer published, are not listed."""
    kept = post_comment(article=article, body="Kept", author=member)
    removed = post_comment(article=article, body="Rude words", author=member)
    remove_comment(comment=removed)
    withdrawn = make_article()
    post_comment(article=withdrawn, body="On a withdrawn story", author=member)
    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.DRAFT)
    html = client.get(member.get_absolute_url()).content.decode()
    assert listed(html) == [(permalink(article, kept.number), kept.number)]
    assert "Rude words" not in html
    assert "withdrawn" not in html


def test_profile_pages_older_comments_twenty_at_a_time(
    client: Client, member: User, article: Article
) -> None:
    """Twenty comments a page; an Older link leads to the rest and a Newer link back."""
    start = timezone.now() - timedelta(days=1)
    for n in range(1, 26):
        post_comment(
            article=article, body=f"c{n}", author=member, posted_at=start + timedelta(minutes=n)
        )
    url = member.get_absolute_url()
    first = client.get(url).content.decode()
    assert [n for _, n in listed(first)] == list(range(25, 5, -1))
    assert 'href="?page=2#comments" rel="next">Older comments' in first
    assert "Newer comments" not in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert [n for _, n in listed(second)] == [5, 4, 3, 2, 1]
    assert 'href="?page=1#comments" rel="prev">← Newer comments' in second
    assert "Older comments" not in second
    assert listed(client.get(url, {"page": "junk"}).content.decode()) == listed(first)


def test_profile_of_inactive_or_deleted_member_is_not_found(
    client: Client, make_user: Callable[..., User]
) -> None:
    """A deactivated member's profile, and a deleted member's, answer 404."""
    gone = make_user(is_active=False)
    assert client.get(gone.get_absolute_url()).status_code == 404
    doomed = make_user()
    url = doomed.get_absolute_url()
    doomed.delete()
    assert client.get(url).status_code == 404


def test_profile_without_posts_is_not_indexed(
    client: Client, member: User, article: Article
) -> None:
    """A member with no posts gets a noindex profile; one who posts is indexable."""
    noindex = '<meta name="robots" content="noindex">'
    assert noindex in client.get(member.get_absolute_url()).content.decode()
    post_comment(article=article, body="Hello", author=member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert noindex not in html
    assert "No comments yet." not in html


def test_profile_costs_the_same_queries_for_one_comment_or_many(
    client: Client,
    member: User,
    make_article: Callable[..., Article],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """The profile is two queries (member, comments with their stories), however much they wrote."""
    post_comment(article=make_article(), body="Only one", author=member)
    client.get("/")  # fill the shared menu fragment, as a running site has
    with django_assert_num_queries(PROFILE_QUERIES):
        assert len(listed(client.get(member.get_absolute_url()).content.decode())) == 1
    for n in range(30):
        post_comment(article=make_article(), body=f"Comment {n}", author=member)
    with django_assert_num_queries(PROFILE_QUERIES):
        assert len(listed(client.get(member.get_absolute_url()).content.decode())) == 20
    with django_assert_num_queries(PROFILE_QUERIES):
        older = client.get(member.get_absolute_url(), {"page": 2}).content.decode()
    assert len(listed(older)) == 11
