"""Orders of a discussion, nested threads that fold, and branches too deep for the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment
from masthead.comments.selectors import PagePosition, ThreadItem, _items, thread_page

pytestmark = pytest.mark.django_db

IDS = re.compile(r'<li class="comment[^"]*" id="c-(\d+)"')


def _numbers(html: str) -> list[int]:
    return [int(n) for n in IDS.findall(html)]


def _page(client: Client, article: Article, query: str = "") -> str:
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def story(article: Article) -> Article:
    """Three threads: #1 (replies #4, #6 and #7 under #4), #2 (reply #5), #3 alone.
    Best: #3 (8 up), then #1 (3 up 1 down), then #2 (0 votes)."""
    for reply_to in (None, None, None, 1, 2, 1, 4):
        post_comment(article=article, body="text", guest_name="Pat", reply_to_number=reply_to)
    # The vote action keeps these; the order is what is tested here.
    Comment.objects.filter(article=article, number=3).update(upvotes=8, best_rank=0.67)
    Comment.objects.filter(article=article, number=1).update(upvotes=3, downvotes=1, best_rank=0.30)
    return article


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 4, 7, 6, 2, 5, 3]),
        ("?sort=number", [1, 4, 7, 6, 2, 5, 3]),
        ("?sort=oldest", [1, 4, 7, 6, 2, 5, 3]),
        ("?sort=newest", [3, 2, 5, 1, 4, 7, 6]),
        ("?sort=best", [3, 1, 4, 7, 6, 2, 5]),
        ("?sort=nonsense", [1, 4, 7, 6, 2, 5, 3]),
    ],
)
def test_threads_follow_the_chosen_order_and_replies_their_numbers(
    client: Client, story: Article, query: str, expected: list[int]
) -> None:
    """Threads come in the chosen order; under a comment, replies are always in number
    order, depth-first."""
    assert _numbers(_page(client, story, query)) == expected


def test_the_order_is_offered_and_kept_in_the_address(client: Client, story: Article) -> None:
    """The page links every order, marks the current one, and paging keeps it."""
    page = _page(client, story, "?sort=newest")
    assert f'href="{story.get_absolute_url()}?sort=best#comments"' in page
    assert re.search(r'\?sort=newest#comments" aria-current="true"', page)
    assert 'data-sort="newest"' in page


def test_sorted_pages_hold_whole_threads_and_page_by_threads(
    client: Client, article: Article, settings: Any
) -> None:
    """With three threads a page, the newest three come first, then the next three."""
    settings.MASTHEAD_THREADS_PER_PAGE = 3
    for _ in range(7):
        root = post_comment(article=article, body="root", guest_name="Pat")
        post_comment(article=article, body="re", guest_name="Sam", reply_to_number=root.number)
    first = _page(client, article, "?sort=newest")
    assert _numbers(first) == [13, 14, 11, 12, 9, 10]
    assert 'href="?sort=newest&amp;page=2#comments" rel="next"' in first
    second = _page(client, article, "?sort=newest&page=2")
    assert _numbers(second) == [7, 8, 5, 6, 3, 4]
    assert 'href="?sort=newest&amp;page=1#comments" rel="prev"' in second


def test_a_long_thread_is_cut_on_sorted_pages_and_continues_in_number_order(
    client: Client, article: Article, settings: Any
) -> None:
    """A thread longer than MASTHEAD_COMMENTS_PER_THREAD shows its start and a link to
    the rest, on the by-number page that starts at it."""
    settings.MASTHEAD_COMMENTS_PER_THREAD = 5
    root = post_comment(article=article, body="root", guest_name="Pat")
    for _ in range(9):
        post_comment(article=article, body="re", guest_name="Sam", reply_to_number=1)
    page = _page(client, article, "?sort=best")
    assert _numbers(page) == [1, 2, 3, 4, 5]
    assert f'href="{article.get_absolute_url()}?from={root.number}#c-1"' in page
    assert "Continue this thread" in page


def test_sorted_pages_cost_two_queries_whatever_the_size(
    client: Client, make_article: Callable[..., Article], settings: Any
) -> None:
    """The page's first comments, then their threads: two queries for 10 or 300."""
    settings.MASTHEAD_PAGE_CACHE = False
    counts = []
    for size in (10, 300):
        story = make_article()
        for n in range(size):
            post_comment(
                article=story,
                body="x",
                guest_name="Pat",
                reply_to_number=(n // 3) or None if n % 3 else None,
            )
        client.get(story.get_absolute_url() + "?sort=best")  # shared parts cached
        with CaptureQueriesContext(connection) as queries:
            client.get(story.get_absolute_url() + "?sort=best")
        counts.append(len(queries))
    assert counts == [2, 2]


def test_replies_nest_inside_their_parent_and_fold_without_javascript(
    client: Client, story: Article
) -> None:
    """Each comment is an open <details>; its replies sit in its own list, so folding
    it hides the whole subtree."""
    page = _page(client, story)
    one = page[page.index('id="c-1"') : page.index('id="c-2"')]
    assert '<details open class="comment__fold">' in one
    assert '<ol class="replies">' in one
    assert _numbers(one) == [4, 7, 6]  # inside #1, before #2


def test_deep_branches_continue_on_a_page_of_their_own(
    client: Client, article: Article, settings: Any
) -> None:
    """Past the depth the story page shows, a branch ends in "Continue this thread",
    whose page shows the rest under the last comment shown."""
    settings.MASTHEAD_THREAD_DEPTH_SHOWN = 3
    previous = None
    for _ in range(6):  # #1 > #2 > ... > #6, depths 0..5
        previous = post_comment(
            article=article, body="deeper", guest_name="Pat", reply_to_number=previous
        ).number
    page = _page(client, article)
    assert _numbers(page) == [1, 2, 3]
    link = f"{article.get_absolute_url()}comments/3/thread/#c-3"
    assert f'href="{link}"' in page
    branch = client.get(link.split("#")[0])
    assert branch.status_code == 200
    html = branch.content.decode()
    assert _numbers(html) == [3, 4, 5]
    assert 'comments/5/thread/#c-5"' in html  # and deeper again


def test_pages_by_number_read_what_the_orm_reads(
    story: Article, make_user: Callable[..., User], settings: Any
) -> None:
    """The pages by number run a query compiled once (``core.db.PreparedQuery``); each
    kind of page gives the same comments, authors, dates and flags as the ORM's query,
    whatever the page size."""
    staff = make_user(username="desk", is_staff=True, is_moderator=True)
    post_comment(article=story, body="member", author=staff, reply_to_number=2)  # #8
    Comment.objects.filter(article=story, number=5).update(edited_at=timezone.now())
    paths = dict(Comment.objects.filter(article=story).values_list("number", "path"))
    rows = Comment.objects.filter(article=story).in_thread()

    def orm(where: Q, *, backwards: bool = False, size: int) -> list[ThreadItem]:
        order = ("-thread_number", "-path") if backwards else ("thread_number", "path")
        items = _items(rows.filter(where).order_by(*order)[: size + 1])
        return items[:size]

    for size in (3, 50):
        settings.MASTHEAD_COMMENTS_PER_PAGE = size
        after, before = paths[4], paths[5]
        cases = [
            (PagePosition(), orm(Q(), size=size)),
            (PagePosition(from_thread=2), orm(Q(thread_number__gte=2), size=size)),
            (
                PagePosition(after=after),
                orm(Q(thread_number__gt=1) | Q(thread_number=1, path__gt=after), size=size),
            ),
            (
                PagePosition(before=before),
                orm(
                    Q(thread_number__lt=2) | Q(thread_number=2, path__lt=before),
                    backwards=True,
                    size=size,
                )[::-1],
            ),
        ]
        for position, expected in cases:
            # A page ends with whole threads: the ORM's rows, less a thread cut short
            # (at the end of the page; at its start when paging backwards).
            shown = thread_page(story, position).comments
            assert shown, position
            if position.before:
                assert shown == expected[-len(shown) :], position
            else:
                assert shown == expected[: len(shown)], position
    page = thread_page(story, PagePosition(from_thread=2)).comments
    member = next(item for item in page if item.number == 8)
    assert member.author is not None
    assert (member.author.username, member.author.is_staff, member.author.is_moderator) == (
        "desk",
        True,
        True,
    )
    assert member.author.date_joined == staff.date_joined
    assert next(item for item in page if item.number == 5).edited_at is not None
