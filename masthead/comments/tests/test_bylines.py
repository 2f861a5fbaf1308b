"""A story's people and counts as the comments side shows them: the Author badge for
every name on a byline, and comment counts in the newsroom's story list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user: Callable[..., User]) -> User:
    return make_user(username="desk", display_name="Desk Editor", is_staff=True, is_superuser=True)


def test_every_author_of_a_story_gets_the_author_badge(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """A co-author commenting under their story is marked as its author."""
    ann, bo = make_user(display_name="Ann Writer"), make_user(display_name="Bo Reporter")
    story = make_article(authors=[ann, bo])
    post_comment(article=story, body="Co-author here.", author=bo)
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count('class="badge badge--author"') == 1


def test_the_story_list_searches_filters_and_counts_comments(
    client: Client,
    editor: User,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    django_assert_max_num_queries: Any,
) -> None:
    """Editors find stories by an author's name, filter by author and status, and see
    comment counts, in a fixed number of queries."""
    ann = make_user(display_name="Ann Writer")
    mine = make_article(headline="Ann's scoop", authors=[ann])
    for n in range(3):
        post_comment(article=mine, body=f"Comment {n}", author=make_user())
    for _ in range(5):
        make_article(authors=[make_user()])
    make_article(published_at=timezone.now() + timedelta(days=1), headline="Tomorrow")
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    found = client.get(url, {"q": "Ann Writer"}).content.decode()
    assert "Ann&#x27;s scoop" in found
    assert "Story number" not in found
    by_author = client.get(url, {"author": str(ann.pk)}).content.decode()
    assert "Ann&#x27;s scoop" in by_author
    assert "Story number" not in by_author
    scheduled = client.get(url, {"status__exact": "scheduled"}).content.decode()
    assert "Scheduled for" in scheduled
    assert "Ann&#x27;s scoop" not in scheduled
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert '<td class="field-comment_count">3</td>' in page
    assert client.get(url, {"author": "not-a-number"}).status_code == 200


def test_the_shared_story_page_follows_its_discussion(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Readers without a session get a story page whose frame (head, story, sidebar) is
    rendered once; a new comment still reaches the thread and the stated comment count,
    and a vote the score, at once."""
    from masthead.comments.actions import vote_on_comment

    story = make_article()
    assert '"commentCount":0' in client.get(story.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=story, body="First word.", author=make_user())
    html = client.get(story.get_absolute_url()).content.decode()
    assert "First word." in html
    assert '"commentCount":1' in html
    with django_capture_on_commit_callbacks(execute=True):
        vote_on_comment(comment=comment, voter=make_user(), value=1)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<span data-score>1</span>" in html
    assert html.count('"commentCount":1') == 1
