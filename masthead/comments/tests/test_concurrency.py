"""Numbering under concurrent posting: distinct, gapless, never 'database is locked'.

Runs on whatever database the suite uses: the SQLite file database of `make test`
(8 threads) and PostgreSQL in CI's second run (16 threads).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

POSTS_PER_WORKER = 25


def _workers() -> int:
    return 16 if connection.vendor == "postgresql" else 8


def _post_many(articles: list[Article], start: threading.Barrier) -> list[str]:
    errors: list[str] = []
    start.wait()
    try:
        for i in range(POSTS_PER_WORKER):
            article = articles[i % len(articles)]
            try:
                # Replies read before they write: the case that fails at once with
                # "database is locked" unless SQLite transactions begin IMMEDIATE.
                post_comment(
                    article=article,
                    body=f"post {i}",
                    guest_name="Load Tester",
                    reply_to_number=1 if i % 3 else None,
                )
            except Exception as exc:  # collect every failure, including "database is locked"
                errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        close_old_connections()
        connection.close()
    return errors


def _run(articles: list[Article]) -> list[str]:
    workers = _workers()
    start = threading.Barrier(workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda _: _post_many(articles, start), range(workers)))
    return [error for errors in results for error in errors]


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_get_distinct_gapless_numbers(
    make_article: Callable[..., Article],
) -> None:
    """8 (SQLite) or 16 (PostgreSQL) threads x 25 posts: numbers 1..N, each once."""
    article = make_article()
    post_comment(article=article, body="first", guest_name="Opener")
    errors = _run([article])
    total = _workers() * POSTS_PER_WORKER + 1
    assert errors == []
    numbers = sorted(Comment.objects.filter(article=article).values_list("number", flat=True))
    assert numbers == list(range(1, total + 1))
    article.refresh_from_db()
    assert (article.last_comment_number, article.comment_count) == (total, total)


@pytest.mark.django_db(transaction=True)
def test_interleaved_stories_keep_independent_sequences(
    make_article: Callable[..., Article],
) -> None:
    """Posting to two stories at once gives each its own gapless 1..N."""
    first, second = make_article(), make_article()
    for article in (first, second):
        post_comment(article=article, body="first", guest_name="Opener")
    errors = _run([first, second])
    assert errors == []
    # Each worker alternates stories, starting with the first: 13 posts there, 12 here.
    expected = {first.pk: 13 * _workers() + 1, second.pk: 12 * _workers() + 1}
    for article in (first, second):
        numbers = sorted(Comment.objects.filter(article=article).values_list("number", flat=True))
        assert numbers == list(range(1, expected[article.pk] + 1))
