"""What the comments app reads for members' pages: their recent comments and their export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.selectors import (
    comments_by_member_for_export,
    excerpt,
    recent_comments_by_member,
)

pytestmark = pytest.mark.django_db


def test_recent_comments_are_one_query_that_never_reads_guest_fields(
    member: User, make_article: Callable[..., Article]
) -> None:
    """A page of a member's comments is one query, joined to the stories, and reads no
    guest e-mail."""
    for n in range(3):
        post_comment(article=make_article(), body=f"Comment {n}", author=member)
    with CaptureQueriesContext(connection) as queries:
        page = recent_comments_by_member(member, per_page=2)
        urls = [c.url for c in page.comments]
    assert len(queries) == 1
    assert "guest_email" not in queries[0]["sql"]
    assert len(urls) == 2
    assert page.has_older


def test_export_selector_is_one_query_for_any_number_of_comments(
    member: User,
    make_article: Callable[..., Article],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """All of a member's comments, with their stories, come from one query."""
    for n in range(12):
        post_comment(article=make_article(), body=f"Comment {n}", author=member)
    with django_assert_num_queries(1):
        rows = [(c.article.headline, c.number) for c in comments_by_member_for_export(member)]
    assert len(rows) == 12


def test_excerpt_is_short_plain_text() -> None:
    """An excerpt drops the markup, keeps the text readable and stops near 200 characters."""
    html = "<p>Line <em>one</em></p>\n<p>Line &amp; two</p>"
    assert excerpt(html) == "Line one Line & two"
    long = excerpt("<p>" + "word " * 100 + "</p>")
    assert len(long) <= 200
    assert long.endswith("…")
