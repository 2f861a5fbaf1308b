"""Comment counts on the lists of stories, and "Most discussed (24 h)"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from masthead.articles.actions import save_article
from masthead.articles.models import Article
from masthead.articles.selectors import (
    discussed_between,
    most_discussed,
    next_publication_timestamp,
)
from masthead.comments.actions import post_comment, remove_comment

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 20, 12, 0, tzinfo=UTC)
MOST_DISCUSSED = re.compile(r'<section class="latest most-discussed".*?</section>', flags=re.DOTALL)

# Queries a page costs once the parts every page shares (menu, Latest Stories, Most
# discussed, a reader's copy of the story, the blank form) are cached, with the whole
# page cache off: what an anonymous page miss costs after any comment anywhere.
PAGE_QUERIES = {
    "front": 1,  # the stories
    "section": 2,  # the section, its stories
    "story": 1,  # one page of the thread
}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def comments(story: Article, count: int, *, ago: timedelta = timedelta(hours=1)) -> None:
    for _ in range(count):
        post_comment(article=story, body="A remark", guest_name="Pat", posted_at=NOW - ago)


def discussed(**window: Any) -> list[tuple[str, int]]:
    return [(d.headline, d.recent_comments) for d in most_discussed(**window)]


def count_link(story: Article, text: str) -> str:
    return f'<a href="{story.get_absolute_url()}#comments" class="comment-count">{text}</a>'


def test_lists_show_comment_counts_linking_to_the_discussion(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Front page, section page and Latest Stories say "N comments", linked to the
    story's discussion."""
    busy, quiet, reader = make_article(), make_article(), make_article()
    comments(busy, 3)
    comments(quiet, 1)
    for url in ("/", "/section/mobile/", reader.get_absolute_url()):
        html = client.get(url).content.decode()
        assert count_link(busy, "3 comments") in html, url
        assert count_link(quiet, "1 comment") in html, url


def test_counts_follow_the_discussion_on_cached_lists(
    client: Client, make_article: Callable[..., Article], django_capture_on_commit_callbacks: Any
) -> None:
    """A cached front page shows the new count after a post and after a removal."""
    story = make_article()
    assert count_link(story, "0 comments") in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=story, body="First", guest_name="Pat")
    assert count_link(story, "1 comment") in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        remove_comment(comment=comment)
    assert count_link(story, "0 comments") in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("page", "count_links"),
    [
        ("front", 20 + 5),  # every story card, and Most discussed
        ("section", 30),  # every story card
        ("story", 8 + 5),  # Latest Stories, and Most discussed
    ],
)
def test_pages_with_counts_cost_a_pinned_number_of_queries(
    client: Client,
    make_article: Callable[..., Article],
    django_assert_num_queries: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    clock: time_machine.Traveller,
    page: str,
    count_links: int,
) -> None:
    """Counts and Most discussed cost no query of their own: a page costs the same
    pinned number of queries with 3 stories or 40, each with comments."""
    settings.MASTHEAD_PAGE_CACHE = False  # measure rendering, not cache hits
    stories = [make_article() for _ in range(3)]
    for n, story in enumerate(stories, start=1):
        comments(story, n)
    urls = {"front": "/", "section": "/section/mobile/", "story": stories[0].get_absolute_url()}
    client.get(urls[page])  # fills the shared parts
    with django_assert_num_queries(PAGE_QUERIES[page]):
        client.get(urls[page])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(37):
            comments(make_article(), 1 + n % 4)
    client.get(urls[page])  # stories were saved: the shared parts are rebuilt once
    with django_assert_num_queries(PAGE_QUERIES[page]):
        html = client.get(urls[page]).content.decode()
    assert html.count('class="comment-count"') == count_links


def test_most_discussed_counts_the_last_24_hours(
    make_article: Callable[..., Article], clock: time_machine.Traveller
) -> None:
    """Stories rank by their comments of the last 24 hours (not their total), most
    first, ties to the newer story; older comments, removed comments, stories without
    recent comments and withdrawn stories don't count; five at most."""
    old_favourite = make_article(headline="Old favourite", published_at=NOW - timedelta(days=5))
    comments(old_favourite, 9, ago=timedelta(hours=25))
    comments(old_favourite, 1, ago=timedelta(hours=23))
    busy = make_article(headline="Busy", published_at=NOW - timedelta(days=2))
    comments(busy, 4)
    tied_older = make_article(headline="Tied, older", published_at=NOW - timedelta(hours=12))
    comments(tied_older, 2)
    tied_newer = make_article(headline="Tied, newer", published_at=NOW - timedelta(hours=6))
    comments(tied_newer, 2)
    spammed = make_article(headline="Spammed", published_at=NOW - timedelta(hours=6))
    comments(spammed, 1)
    spam = [
        post_comment(article=spammed, body="Spam", guest_name="Spammer", posted_at=NOW)
        for _ in range(6)
    ]
    for comment in spam:
        remove_comment(comment=comment)
    withdrawn = make_article(headline="Withdrawn", published_at=NOW - timedelta(hours=6))
    comments(withdrawn, 8)
    withdrawn.status = Article.Status.DRAFT
    save_article(article=withdrawn)
    make_article(headline="Quiet", published_at=NOW - timedelta(hours=1))
    last = make_article(headline="Sixth", published_at=NOW - timedelta(days=9))
    comments(last, 1, ago=timedelta(hours=20))

    assert discussed() == [
        ("Busy", 4),
        ("Tied, newer", 2),
        ("Tied, older", 2),
        ("Spammed", 1),
        ("Old favourite", 1),
    ]
    assert [d.headline for d in most_discussed(limit=10)][-1] == "Sixth"


def test_the_window_is_the_last_24_hours_to_the_second(
    make_article: Callable[..., Article], clock: time_machine.Traveller
) -> None:
    """A comment counts from the moment it is posted until exactly 24 hours later."""
    story = make_article(headline="Story", published_at=NOW - timedelta(days=3))
    comments(story, 1, ago=timedelta(hours=24) - timedelta(seconds=1))
    comments(story, 1, ago=timedelta(hours=24))
    window = [
        (d.headline, d.recent_comments) for d in discussed_between(NOW - timedelta(hours=24), NOW)
    ]
    assert window == [("Story", 1)]


def test_most_discussed_is_one_query_then_shared_for_a_minute(
    make_article: Callable[..., Article],
    clock: time_machine.Traveller,
    django_assert_num_queries: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """One aggregate query builds the list; every page then shares it until
    ``MASTHEAD_MOST_DISCUSSED_SECONDS`` pass (new comments don't recount it) or a story
    is saved (which may publish, retitle or withdraw one)."""
    first = make_article(headline="First", published_at=NOW - timedelta(days=1))
    second = make_article(headline="Second", published_at=NOW - timedelta(days=1))
    comments(first, 2)
    next_publication_timestamp()  # the schedule check every shared value makes, warm
    with django_assert_num_queries(1):
        assert discussed() == [("First", 2)]
    with django_capture_on_commit_callbacks(execute=True):
        comments(second, 3)
    with django_assert_num_queries(0):
        assert discussed() == [("First", 2)]  # up to a minute behind
    clock.shift(settings.MASTHEAD_MOST_DISCUSSED_SECONDS)
    with django_assert_num_queries(1):
        assert discussed() == [("Second", 3), ("First", 2)]
    second.headline = "Second, corrected"
    with django_capture_on_commit_callbacks(execute=True):
        save_article(article=second)
    with django_assert_num_queries(2):  # the list, and the schedule a save may change
        assert discussed() == [("Second, corrected", 3), ("First", 2)]


def test_front_page_and_story_sidebar_show_most_discussed(
    client: Client,
    make_article: Callable[..., Article],
    clock: time_machine.Traveller,
    settings: Any,
) -> None:
    """Both pages list the most discussed stories, in order, each with its count of the
    last 24 hours linked to its discussion; with no recent comments there is no list."""
    assert "Most discussed" not in client.get("/").content.decode()
    calm = make_article(headline="Calm", published_at=NOW - timedelta(days=1))
    loud = make_article(headline="Loud", published_at=NOW - timedelta(days=1))
    comments(calm, 1)
    comments(loud, 5)
    clock.shift(settings.MASTHEAD_PAGE_CACHE_SECONDS)  # past the page cached above
    for url in ("/", calm.get_absolute_url()):
        box = MOST_DISCUSSED.search(client.get(url).content.decode())
        assert box is not None, url
        html = box.group(0)
        assert "Most discussed" in html
        assert html.index("Loud") < html.index("Calm")
        assert count_link(loud, "5 comments in 24 h") in html
        assert count_link(calm, "1 comment in 24 h") in html
