"""The index itself: SQLite's triggers survive table rebuilds by later migrations (and
a rebuild command mends an index that fell behind); PostgreSQL's searches use the GIN
indexes."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction

from masthead.accounts.models import User
from masthead.articles.actions import save_article
from masthead.articles.models import Article, Section
from masthead.comments.actions import (
    delete_own_comment,
    edit_comment,
    hold_comment,
    publish_held_comment,
    remove_comment,
)
from masthead.comments.models import Comment
from masthead.search import schema
from masthead.search.backends import get_backend, postgres
from masthead.search.backends.base import visible_stories
from masthead.search.query import parse_query, websearch_text
from masthead.search.selectors import search_counts

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index and its triggers"
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's GIN indexes"
)


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()} & set(schema.SQLITE_TRIGGERS)


def test_schema_names_the_models_tables() -> None:
    """The raw SQL reads the tables the models use."""
    assert Article._meta.db_table == schema.STORY_TABLE
    assert Section._meta.db_table == schema.SECTION_TABLE
    assert Comment._meta.db_table == schema.COMMENT_TABLE
    assert User._meta.db_table == schema.USER_TABLE
    assert Comment.Status.PUBLISHED == schema.PUBLISHED


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_triggers_lost_to_a_table_rebuild_come_back_after_migrate(
    article: Article, post: Callable[..., Comment]
) -> None:
    """Django rebuilds a SQLite table for most schema changes, dropping its triggers;
    the next ``migrate`` puts them back and indexes what was written meanwhile."""
    post(article, "Before the rebuild: albatross")
    with connection.schema_editor() as editor:
        editor._remake_table(Comment)  # type: ignore[attr-defined]  # what AlterField does
    assert not {"search_comment_insert", "search_comment_update"} & _triggers()
    post(article, "During the gap: albatross")
    assert search_counts("albatross").comments == 1

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert _triggers() == set(schema.SQLITE_TRIGGERS)
    assert search_counts("albatross").comments == 2
    post(article, "After: albatross")
    assert search_counts("albatross").comments == 3


def _vocabulary(table: str) -> set[tuple[str, int, str, int]]:
    """Every (word, row, column, position) the FTS5 table holds."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, {table}, instance)")
        cursor.execute("SELECT term, doc, col, offset FROM temp.vocab")
        rows = {tuple(row) for row in cursor.fetchall()}
        cursor.execute("DROP TABLE temp.vocab")
    return rows


def _queued() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {schema.PENDING_TABLE}")  # noqa: S608 - a constant
        return {row[0] for row in cursor.fetchall()}


def _flush() -> None:
    with transaction.atomic():
        schema.flush_pending(connection)


@sqlite_only
@pytest.mark.django_db
@pytest.mark.parametrize("indexed_first", [False, True], ids=["while-queued", "once-indexed"])
def test_triggers_keep_the_index_equal_to_a_rebuilt_one(
    make_article: Callable[..., Article],
    member: User,
    post: Callable[..., Comment],
    indexed_first: bool,
) -> None:
    """After posts, edits, holds, approvals, removals, deletions, bulk and raw updates of
    stories and comments, the index holds exactly what a rebuild from scratch would
    (and FTS5's own integrity check passes): whether the comments changed while still
    queued for the index or after it took them in."""
    story, gone = make_article(), make_article()
    posted = [
        post(story, "held words"),
        post(story, "approved words"),
        post(story, "removed words"),
        post(story, "deleted words", author=member),
        post(story, "edited words", author=member),
    ]
    if indexed_first:
        _flush()
        assert _queued() == set()
    else:
        assert _queued() == {c.pk for c in posted}
    held, approved, removed, mine, edited = posted
    hold_comment(comment=held, reasons=["links"])
    hold_comment(comment=approved, reasons=["links"])
    publish_held_comment(comment=approved)
    remove_comment(comment=removed)
    delete_own_comment(comment=mine, member=member, guest_token=None)
    edit_comment(comment=edited, body="changed words", member=member, guest_token=None)
    # Only what is published waits for the index.
    assert _queued() == {approved.pk, edited.pk}
    Comment.objects.filter(pk=held.pk).update(body="raw update while held")
    post(gone, "on a story that goes")
    Comment.objects.filter(article=gone).delete()
    gone.delete()
    story.headline, story.body = "New headline", "New body"
    save_article(article=story)
    Article.objects.filter(pk=story.pk).update(summary="Raw summary")

    _flush()
    live = (_vocabulary("search_story"), _vocabulary("search_comment"))
    assert {term for term, *_ in live[1]} == {"approv", "chang", "word"}
    schema.rebuild(connection)
    assert _queued() == set()
    assert live == (_vocabulary("search_story"), _vocabulary("search_comment"))
    with connection.cursor() as cursor:
        # rank 1 also compares with the content table: true of stories, all indexed;
        # comments are a subset (published only), so their check is of the index alone.
        cursor.execute("INSERT INTO search_story(search_story, rank) VALUES ('integrity-check', 1)")
        cursor.execute("INSERT INTO search_comment(search_comment) VALUES ('integrity-check')")


@sqlite_only
@pytest.mark.django_db
def test_new_text_is_indexed_in_batches_and_every_search_sees_it(
    article: Article, post: Callable[..., Comment]
) -> None:
    """Posted comments wait in a queue until it holds a batch, then go into the index
    together; a search meanwhile indexes the queue first, so it finds them all."""
    first = [post(article, f"Shearwater number {n}") for n in range(schema.BATCH - 1)]
    assert _queued() == {c.pk for c in first}
    assert not {doc for _, doc, *_ in _vocabulary("search_comment")} & _queued()
    last = post(article, "The last shearwater")
    assert _queued() == set()
    indexed = {doc for _, doc, *_ in _vocabulary("search_comment")}
    assert indexed == {c.pk for c in [*first, last]}

    late = post(article, "A late shearwater, still queued")
    assert _queued() == {late.pk}
    assert search_counts("shearwater").comments == schema.BATCH + 1
    assert _queued() == set()


@sqlite_only
@pytest.mark.django_db
def test_rebuild_command_mends_the_index(article: Article, post: Callable[..., Comment]) -> None:
    """``rebuild_search_index`` indexes every story and published comment again."""
    post(article, "A cormorant dives")
    _flush()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_comment(search_comment) VALUES ('delete-all')")
    assert search_counts("cormorant").comments == 0
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert search_counts("cormorant").comments == 1


@postgres_only
@pytest.mark.django_db
def test_rebuild_command_has_nothing_to_do_on_postgres() -> None:
    """PostgreSQL's indexes follow their tables; the command says so."""
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Nothing to rebuild on postgresql" in out.getvalue()


@postgres_only
@pytest.mark.django_db
def test_searches_use_the_gin_indexes(section: Section, article: Article) -> None:
    """The queries spell the documents as the indexes do, so that the planner uses
    them for a rare word among a thousand stories and comments."""
    published = article.published_at
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}", slug=f"s-{n}", body="Common words.", section=section,
            status=Article.Status.PUBLISHED, published_at=published,
        )
        for n in range(1000)
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(
            article=article, number=n, path=f"{n:06d}", thread_number=n, guest_name="Bulk",
            body="Common words.", body_html="",
        )
        for n in range(1, 1001)
    )  # fmt: skip
    text = websearch_text(parse_query("walrus"))
    visible, params = visible_stories()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, comments_comment")
        cursor.execute(
            "EXPLAIN " + postgres.COUNT_SQL.format(visible=visible),
            (text, *params, text, *params),
        )
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "Bitmap Index Scan on search_story_document" in plan
    assert "Bitmap Index Scan on search_comment_document" in plan


@pytest.mark.django_db
def test_backend_follows_the_database() -> None:
    """The backend is chosen from the connection's vendor."""
    assert get_backend().vendor == connection.vendor
