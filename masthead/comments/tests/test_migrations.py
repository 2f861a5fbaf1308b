"""Upgrading a site that already has comments keeps them working."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

BEFORE = [("comments", "0010_article_changed_index")]
AFTER = [("comments", "0011_comment_body_digest")]
TEXT = "Posted the minute before the upgrade."


@pytest.mark.django_db(transaction=True)
def test_a_comment_from_before_the_upgrade_is_known_when_posted_again(
    article: Article, db: Any
) -> None:
    """The upgrade gives every stored comment the digest of its text, so a guest who
    repeats a comment posted just before it lands on that comment, not on a new one."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldComment = old.get_model("comments", "Comment")
    common = {"article_id": article.pk, "body_html": "<p>x</p>", "created_at": timezone.now()}
    OldComment.objects.create(
        number=1,
        path="000001",
        thread_number=1,
        guest_name="Early",
        body=TEXT,
        ip_address="192.0.2.4",
        **common,
    )
    OldComment.objects.create(
        number=2,
        path="000002",
        thread_number=2,
        guest_name="Other",
        body="Something else.",
        ip_address="192.0.2.5",
        **common,
    )
    Article.objects.filter(pk=article.pk).update(last_comment_number=2, comment_count=2)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    article.refresh_from_db()
    with pytest.raises(hooks.Duplicate) as repeat:
        post_comment(article=article, body=TEXT, guest_name="Early", ip="192.0.2.4")
    assert repeat.value.comment.number == 1
    assert post_comment(article=article, body=TEXT, guest_name="Later", ip="192.0.2.9").number == 3
    assert Comment.objects.filter(article=article).count() == 3


def _single_column_indexes() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "comments_comment")
    return {
        c["columns"][0]
        for c in found.values()
        if c["index"] and not c["unique"] and not c["primary_key"] and len(c["columns"]) == 1
    }


@pytest.mark.django_db(transaction=True)
def test_indexes_covered_by_composite_ones_are_dropped_and_restored(article: Article) -> None:
    """0012 drops the single-column indexes on article, author and status (composite
    indexes lead with each) without rebuilding the table; reversed, it puts them back.
    Posting works either way."""
    executor = MigrationExecutor(connection)
    executor.migrate([("comments", "0011_comment_body_digest")])
    assert {"article_id", "author_id", "status"} <= _single_column_indexes()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    remaining = _single_column_indexes()
    assert not {"article_id", "author_id", "status"} & remaining
    assert "parent_id" in remaining  # not covered: kept
    comment = post_comment(article=article, body="After the upgrade.", guest_name="Reader")
    assert Comment.objects.get(pk=comment.pk).number == 1


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "comments_comment")
    return {name for name, c in found.items() if c["index"] and not c["primary_key"]}


@pytest.mark.django_db(transaction=True)
def test_author_and_parent_indexes_become_partial_and_back(article: Article) -> None:
    """0014 replaces the foreign key's index on parent with one of replies only, and
    makes the author's index one of members' comments only; reversed, it restores
    both. Posting works either way."""
    executor = MigrationExecutor(connection)
    executor.migrate([("comments", "0013_review_index_of_decisions")])
    assert "comments_comment_parent_id_3e0802fb" in _index_names()
    assert "comment_parent" not in _index_names()
    post_comment(article=article, body="Before.", guest_name="Reader")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert {"comment_parent", "comment_author_recent"} <= _index_names()
    assert "comments_comment_parent_id_3e0802fb" not in _index_names()
    article.refresh_from_db()
    reply = post_comment(article=article, body="After.", guest_name="Reader", reply_to_number=1)
    assert Comment.objects.get(pk=reply.pk).parent_id is not None


@pytest.mark.django_db
def test_a_members_comments_and_a_comments_replies_are_read_from_the_partial_indexes(
    article: Article, member: Any
) -> None:
    """Naming a member or a parent implies the column is not null: both databases read
    the partial indexes for it."""
    root = post_comment(article=article, body="Root.", author=member)
    post_comment(article=article, body="Reply.", guest_name="Reader", reply_to_number=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a table this small would be scanned anyway
            cursor.execute("SET LOCAL enable_seqscan = off")
    mine = Comment.objects.filter(author=member).order_by("-created_at")[:20]
    assert "comment_author_recent" in mine.explain()
    replies = Comment.objects.filter(parent_id__in=[root.pk])
    assert "comment_parent" in replies.explain()
    assert [c.body for c in replies] == ["Reply."]
