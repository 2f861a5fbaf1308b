"""The search page: any query answers 200 with results or "No results", tabs with
counts, pages, a fixed number of queries, and a search box in every page's header."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

URL = "/search/"
Post = Callable[..., Comment]

HOSTILE = [
    '"unbalanced',
    "AND",
    "OR NOT",
    "*",
    "NEAR(",
    "a:b",
    "-",
    "x" * 10_240,
    "lorem ipsum " * 900,
    "\x00\x01",
    "phones\x00\x01\x1f",
    "😀🎉",
    "phones 😀",
    "<script>alert(1)</script>",
    "%",
    "' OR 1=1 --",
    "\ue000phones\ue001",
]


@pytest.fixture
def discussed(article: Article, member: User, post: Post) -> Article:
    post(article, "Phones these days last a week", author=member)
    post(article, "My phones never do", guest_name="Sam")
    return article


def _search(client: Client, **params: str) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_page_shows_results_in_tabs(client: Client, discussed: Article) -> None:
    """Stories first, each tab with its count; the comments tab lists comments with
    their number, story and author."""
    html = _search(client, q="phones")
    assert "<title>Search: phones — Masthead</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(r'aria-current="page">Stories <span class="search-tabs__count">1</span>', html)
    assert re.search(r'tab=comments">Comments <span class="search-tabs__count">2</span>', html)
    assert "<mark>Phones</mark> sold in record numbers" in html

    html = _search(client, q="phones", tab="comments")
    assert f'href="/story/{discussed.slug}/comments/1/"' in html
    assert "#2 on Phones sold in record numbers" in html
    assert "Keen Reader" in html
    assert 'Sam <span class="comment__facts comment__facts--guest">unregistered</span>' in html
    assert "<mark>Phones</mark> these days" in html


def test_no_results_is_said_plainly(client: Client, discussed: Article) -> None:
    """A query that matches nothing answers "No results for …" with both counts at 0."""
    html = _search(client, q="zebra crossing")
    assert "No results for “zebra crossing” among stories." in html
    assert html.count('<span class="search-tabs__count">0</span>') == 2


def test_no_query_shows_the_form(client: Client) -> None:
    """Without a query the page is the form alone, titled "Search"."""
    html = _search(client)
    assert "<title>Search — Masthead</title>" in html
    assert 'role="search"' in html
    assert "search-tabs" not in html


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_200(client: Client, discussed: Article, q: str) -> None:
    """Operators, symbols, 10 KB of text, control characters and emoji answer with
    results or "No results", never an error."""
    html = _search(client, q=q)
    assert "No results for" in html or "search-results" in html
    assert "<script>alert" not in html


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=300), tab=st.sampled_from(["", "stories", "comments", "x"]))
def test_any_query_answers_200(client: Client, discussed: Article, q: str, tab: str) -> None:
    """Whatever string is typed (with any tab), the page answers 200."""
    html = _search(client, q=q, tab=tab)
    assert ("No results for" in html) != ("search-results" in html) or not q.strip()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "²", "9" * 40, "2"])
def test_odd_page_numbers_answer_a_page(client: Client, discussed: Article, page: str) -> None:
    """A page number that is no page shows the first (or last) page."""
    assert "search-results" in _search(client, q="phones", tab="comments", page=page)


def test_pages_link_to_each_other(client: Client, article: Article, post: Post) -> None:
    """Previous and next links keep the query and the tab."""
    for n in range(25):
        post(article, f"Puffin sighting {n}")
    html = _search(client, q="puffin sighting", tab="comments")
    assert "1\N{EN DASH}20 of 25 comments" in html
    next_link = "?q=puffin%20sighting&amp;tab=comments&amp;page=2"
    assert f'href="{next_link}" rel="next"' in html
    html = _search(client, q="puffin sighting", tab="comments", page="2")
    assert "21\N{EN DASH}25 of 25 comments" in html
    assert 'rel="prev"' in html
    assert 'rel="next"' not in html


def test_query_count_is_fixed(
    client: Client,
    article: Article,
    make_article: Callable[..., Article],
    post: Post,
    django_assert_num_queries: Any,
) -> None:
    """Two queries (both counts, one page of hits) whether a query finds one story and
    comment or pages of them, on either tab; one when the tab shown is empty."""
    make_article(headline="A lone gannet, and terns")
    post(article, "a lone gannet")
    for n in range(30):
        make_article(headline=f"Terns, part {n}")
        post(article, f"Crowd of terns {n}")
    _search(client, q="warm up")  # the menu of sections, cached for every page
    for q in ("gannet", "terns"):
        for tab in ("stories", "comments"):
            with django_assert_num_queries(2):
                _search(client, q=q, tab=tab)
    with django_assert_num_queries(1):
        _search(client, q="crowd", tab="stories")


def test_only_get(client: Client) -> None:
    """The page is read-only."""
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_header_has_a_search_box(client: Client, article: Article) -> None:
    """Every page's header holds a labelled search form; on the search page it keeps
    the query."""
    html = client.get("/").content.decode()
    header = html.split("</header>")[0]
    assert re.search(r'<form[^>]*role="search"[^>]*action="/search/"', header)
    assert '<label for="site-search-q"' in header
    html = _search(client, q="phones & tablets")
    assert 'value="phones &amp; tablets"' in html.split("</header>")[0]


def test_page_links_encode_the_query(client: Client, discussed: Article) -> None:
    """Tab links carry the query encoded, whatever it holds."""
    query = 'phones "a&b"'
    html = _search(client, q=query)
    assert f"?q={quote(query)}&amp;tab=comments" in html
