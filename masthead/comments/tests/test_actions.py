"""post_comment and remove_comment keep numbers, tree and counts true."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.test import override_settings

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_numbers_are_per_story_in_posting_order(make_article: Callable[..., Article]) -> None:
    """Each story numbers its comments 1, 2, 3, ... independently."""
    a, b = make_article(), make_article()
    numbers = [
        post_comment(article=story, body="hi", guest_name="Pat").number for story in (a, a, b, a, b)
    ]
    assert numbers == [1, 2, 1, 3, 2]


def test_removed_numbers_are_never_reused(article: Article) -> None:
    """Removing #2 leaves a gap: the next comment is #4, not #2."""
    posted = [post_comment(article=article, body=f"c{i}", guest_name="Pat") for i in range(3)]
    remove_comment(comment=posted[1])
    assert post_comment(article=article, body="next", guest_name="Pat").number == 4


def test_reply_records_parent_path_and_thread(article: Article, member: User) -> None:
    """A reply stores its parent, path, depth, thread and what it answered."""
    root = post_comment(article=article, body="root", author=member)
    reply = post_comment(article=article, body="reply", guest_name="Sam", reply_to_number=1)
    assert (reply.parent_id, reply.path, reply.depth) == (root.pk, "000001000002", 1)
    assert (reply.thread_number, reply.reply_to_number) == (1, 1)


@override_settings(MASTHEAD_COMMENT_MAX_DEPTH=3)
def test_too_deep_reply_joins_grandparent_and_keeps_reply_to(article: Article) -> None:
    """Past the depth cap a reply hangs under an ancestor but still says 'in reply to #3'."""
    post_comment(article=article, body="1", guest_name="A")
    post_comment(article=article, body="2", guest_name="B", reply_to_number=1)
    third = post_comment(article=article, body="3", guest_name="C", reply_to_number=2)
    fourth = post_comment(article=article, body="4", guest_name="D", reply_to_number=3)
    assert third.depth == 2
    assert fourth.depth == 2
    assert fourth.parent_id == Comment.objects.get(article=article, number=2).pk
    assert fourth.reply_to_number == 3


def test_counts_follow_posts_and_removals(article: Article, member: User) -> None:
    """A member's Posts and a story's comment count go up on post and down on removal."""
    comments = [post_comment(article=article, body=f"c{i}", author=member) for i in range(3)]
    post_comment(article=article, body="guest", guest_name="Pat")
    remove_comment(comment=comments[0])
    remove_comment(comment=comments[0])  # a second removal changes nothing
    member.refresh_from_db()
    article.refresh_from_db()
    assert member.post_count == 2
    assert article.comment_count == 3
    assert article.last_comment_number == 4


def test_body_is_stored_with_sanitised_html(article: Article) -> None:
    """The body is kept as typed and its HTML rendered once, without script."""
    comment = post_comment(article=article, body="*hi* <script>x()</script>", guest_name="Pat")
    assert comment.body == "*hi* <script>x()</script>"
    assert comment.body_html == "<p><em>hi</em> &lt;script&gt;x()&lt;/script&gt;</p>"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body": "   ", "guest_name": "Pat"}, "Write something"),
        ({"body": "x" * 10_001, "guest_name": "Pat"}, "limited to 10,000"),
        ({"body": "hi"}, "either a member or a guest"),
        ({"body": "hi", "guest_name": "Pat", "reply_to_number": 99}, "#99 cannot be answered"),
    ],
)
def test_invalid_posts_write_nothing(
    article: Article, kwargs: dict[str, Any], message: str
) -> None:
    """A refused post raises a clear error and leaves no comment and no used number."""
    with pytest.raises(ValidationError, match=message):
        post_comment(article=article, **kwargs)
    article.refresh_from_db()
    assert Comment.objects.count() == 0
    assert article.last_comment_number == 0


def test_replying_to_a_removed_comment_is_refused(article: Article) -> None:
    """A removed comment cannot be answered."""
    removed = post_comment(article=article, body="spam", guest_name="Pat")
    remove_comment(comment=removed)
    with pytest.raises(ValidationError, match="#1 cannot be answered"):
        post_comment(article=article, body="reply", guest_name="Sam", reply_to_number=1)


def test_drafts_take_no_comments(make_article: Callable[..., Article]) -> None:
    """Only published stories accept comments."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError, match="published stories"):
        post_comment(article=draft, body="first!", guest_name="Pat")


def test_a_posted_comment_reads_back_as_it_was_returned(article: Article, member: User) -> None:
    """Posting writes its row in one prepared statement (not ``save()``): every field
    the returned comment carries is what the database holds, timestamps included."""
    posted = post_comment(article=article, body="Hello *there*", author=member, ip="203.0.113.9")
    stored = Comment.objects.get(pk=posted.pk)
    for field in Comment._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(posted, field.attname), field.name
    assert posted.updated_at is not None
    assert posted._state.adding is False


def test_nothing_listens_to_comment_saves() -> None:
    """Posting's prepared INSERT sends no ``pre_save``/``post_save``: were a receiver
    connected for comments, posting would have to call it (``actions._insert``)."""
    assert not pre_save.has_listeners(Comment)
    assert not post_save.has_listeners(Comment)


def _raw_row(pk: int) -> dict[str, Any]:
    columns = [f.column for f in Comment._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} "  # noqa: S608
            f"FROM {connection.ops.quote_name(Comment._meta.db_table)} WHERE id = %s",
            [pk],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_posting_stores_a_row_as_the_orm_would(article: Article) -> None:
    """Posting's own INSERT stores each column as ``save()`` stores it, for every kind
    of field a comment has: text, numbers, a float, a choice, an address, an e-mail,
    times, a parent."""
    post_comment(article=article, body="First", guest_name="Pat")
    posted = post_comment(
        article=article,
        body="A *reply*",
        guest_name="Sam",
        guest_email="sam@example.org",
        reply_to_number=1,
        ip="2001:db8::1",
    )
    twin = Comment.objects.get(pk=posted.pk)
    twin.pk = None
    twin.number, twin.path = 99, posted.path + "x"
    twin._state.adding = True
    twin.save(force_insert=True)
    stored, saved = _raw_row(posted.pk), _raw_row(twin.pk)
    assert stored.pop("number") == 2
    assert saved.pop("number") == 99
    assert saved.pop("path") == stored.pop("path") + "x"
    assert saved.pop("updated_at") >= stored.pop("updated_at")  # auto_now: saved later
    assert stored == saved
    assert stored["parent_id"] is not None
    assert stored["ip_address"] == "2001:db8::1"
