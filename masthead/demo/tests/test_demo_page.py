"""The demo story page is the seed page: its thread in the seed's order and shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.models import Comment
from masthead.demo import content
from masthead.demo.loader import DemoResult, clear_demo, load_demo

SEED_ORDER = [
    "c-1",
    "c-9",
    "c-11",
    "c-20",
    "c-15",
    "c-19",
    "c-21",
    "c-2",
    "c-12",
    "c-3",
    "c-4",
    "c-7",
    "c-14",
    "c-6",
    "c-8",
    "c-10",
    "c-13",
    "c-18",
    "c-16",
    "c-17",
    "c-22",
    "c-23",
    "c-24",
    "c-25",
]

# The seed page's table: number -> (reply to, Posts, Member since); None = guest.
SEED_TABLE: dict[int, tuple[int | None, int | None, str | None]] = {
    1: (None, 718, "Nov 23, 2012"),
    9: (1, 18, "Oct 10, 2013"),
    11: (9, 10457, "May 14, 2012"),
    20: (11, 708, "Mar 30, 2011"),
    15: (9, 1106, "Feb 23, 2012"),
    19: (15, 867, "Jun 19, 2013"),
    21: (19, 1268, "Mar 30, 2012"),
    2: (None, 326, "Nov 21, 2012"),
    12: (2, 3902, "Feb 04, 2013"),
    3: (None, 145, "Apr 05, 2013"),
    4: (None, 973, "Aug 09, 2012"),
    7: (4, None, None),
    14: (7, 225, "Oct 10, 2013"),
    6: (None, 560, "Aug 31, 2013"),
    8: (None, 898, "Dec 22, 2011"),
    10: (None, 3535, "Dec 21, 2012"),
    13: (None, 44, "Oct 22, 2013"),
    18: (13, 895, "Jun 10, 2012"),
    16: (None, 895, "Jun 10, 2012"),
    17: (None, None, None),
    22: (None, 34, "Jan 02, 2013"),
    23: (None, 44, "Jan 07, 2013"),
    24: (23, None, None),
    25: (24, 44, "Jan 07, 2013"),
}

# A comment's own part: up to its replies, or to its end when it has none.
COMMENT = re.compile(
    r'<li class="comment[^"]*" id="c-(\d+)"[^>]*>(.*?)(?:<ol class="replies">|</details></li>)',
    re.S,
)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoResult]:
    """Load the demo once for this module (it is large), and remove it afterwards."""
    with django_db_blocker.unblock():
        result = load_demo(password="demo-test-password")
        yield result
        clear_demo()


@pytest.fixture
def page(demo: DemoResult, client: Client, db: Any) -> str:
    return client.get(demo.story.get_absolute_url()).content.decode()


def comments_on(page: str) -> dict[int, str]:
    return {int(number): html for number, html in COMMENT.findall(page)}


def test_thread_is_in_the_seed_order(page: str) -> None:
    """The comment ids run exactly as on the seed page, with #5 a silent gap."""
    assert re.findall(r'<li class="comment[^"]*" id="(c-\d+)"', page) == SEED_ORDER


@pytest.mark.parametrize("number", sorted(SEED_TABLE))
def test_each_comment_shows_its_number_author_and_reply(page: str, number: int) -> None:
    """Each comment shows #N, Posts and Member since (or 'unregistered'), and what it answers."""
    reply_to, posts, since = SEED_TABLE[number]
    html = comments_on(page)[number]
    assert f">#{number}</a>" in html
    if posts is None:
        assert "unregistered" in html
        assert "Posts:" not in html
    else:
        assert f"Posts: {posts}; Member since: {since}" in html
        assert "unregistered" not in html
    if reply_to is None:
        assert "in reply to" not in html
    else:
        assert f'href="#c-{reply_to}">in reply to #{reply_to}</a>' in html


def test_page_parts_are_in_place(page: str) -> None:
    """Headline as title and h1, source line, Latest Stories and the reprint notice."""
    headline = "Sony sold a record 10 million Xperia smartphones last quarter"
    assert f"<title>{headline}</title>" in page
    assert re.search(rf"<h1[^>]*>{headline}</h1>", page)
    assert re.search(r'source: <a href="[^"]+"[^>]*>Xperia blog</a>', page)
    assert "Latest Stories" in page
    assert "This copy is for your personal, non-commercial use only." in page
    assert "Reprints &amp; Permissions" in page


def test_guests_sharing_a_name_are_both_unregistered(page: str) -> None:
    """#7 and #24 carry the same typed name, each marked unregistered."""
    name = content.GUEST_NAMES[7]
    assert content.GUEST_NAMES[24] == name
    comments = comments_on(page)
    for number in (7, 24):
        assert name in comments[number]
        assert "unregistered" in comments[number]


@pytest.mark.django_db
def test_post_counts_are_true_counts(demo: DemoResult) -> None:
    """Every demo member's Posts equals their published comments across the site."""
    for member in content.MEMBERS:
        user = User.objects.get(username=member["username"])
        published = Comment.objects.published().filter(author=user).count()
        assert user.post_count == published
        if member["key"] != "m5":
            assert published == member["posts"]


@pytest.mark.django_db
def test_archive_is_large_enough_for_latest_stories(demo: DemoResult) -> None:
    """At least 30 other published stories in several sections."""
    others = Article.objects.published().exclude(pk=demo.story.pk)
    assert others.count() >= 30
    assert others.values("section").distinct().count() >= 5


@pytest.mark.django_db
def test_removed_comment_five_keeps_its_number(demo: DemoResult) -> None:
    """#5 exists, removed: the next comment on the story would be #26."""
    removed = Comment.objects.get(article=demo.story, number=5)
    assert removed.is_removed
    demo.story.refresh_from_db()
    assert demo.story.last_comment_number == 25
    assert demo.story.comment_count == 24
