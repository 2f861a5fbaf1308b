"""The search index's database objects: FTS5 tables and triggers on SQLite, GIN
expression indexes on PostgreSQL. The migrations create them through these functions,
and ``SearchConfig`` re-creates SQLite's triggers after any ``migrate`` that lost them.

SQLite: *external-content* FTS5 tables over ``articles_article`` and
``comments_comment``. Chosen over a contentless table because ``snippet()`` and
``highlight()`` need the text, which an external-content table reads from the row
itself (a contentless one cannot return it; a plain FTS5 table would store every
comment twice). The price is that the index must follow every change of those rows
exactly (a ``delete`` must be given the text that was indexed), so triggers keep it,
whatever writes: the actions, the admin, the demo's bulk loads, a shell. Stories are
indexed whatever their status and filtered when searched (``published()`` decides, and
a scheduled story becomes visible without a write); comments only while published, so
held spam never takes room in the index. (Hence FTS5's own ``'rebuild'`` command, and
its ``integrity-check`` against the content, do not apply to ``search_comment``, which
holds a subset of its table: ``SQLITE_REBUILD`` is the rebuild.)

A table rebuild by a later migration (Django's SQLite schema editor copies the table to
a new one and drops the old, and its triggers with it) would leave the index deaf:
``ensure_sqlite_triggers`` puts them back after every ``migrate`` and then rebuilds the
index, which is what it missed. Both databases stem English words (SQLite: the porter
tokenizer; PostgreSQL: the ``english`` configuration); neither matches prefixes.

SQLite indexes new comment text in batches. FTS5 writes a new segment for every
transaction that changes it, which cost about as much as the rest of posting's write
(0.14 ms of a 0.28 ms insert and commit, measured on the posting story). So the
comment triggers queue a published comment's id in ``search_comment_pending`` (an
edited one is taken out of the index and queued again), and the queue is folded into
the index ``BATCH`` at a time, by a trigger on the queue, or whenever a search is
about to read the index (``flush_pending``): searches always see every comment. The
invariant the triggers keep: a published comment is either queued or indexed with its
current text, never both; any other comment is neither.
"""

from __future__ import annotations

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

STORY_TABLE = "articles_article"
COMMENT_TABLE = "comments_comment"
# Read by the searches, not indexed.
SECTION_TABLE = "articles_section"
USER_TABLE = "accounts_user"
# What the index holds: a comment while it is visible to readers.
PUBLISHED = "published"

TOKENIZER = "porter unicode61 remove_diacritics 2"

SQLITE_TABLES = {
    "search_story": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_story USING fts5("
        f"headline, summary, body, content='{STORY_TABLE}', content_rowid='id', "
        f"tokenize='{TOKENIZER}')"
    ),
    "search_comment": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_comment USING fts5("
        f"body, content='{COMMENT_TABLE}', content_rowid='id', tokenize='{TOKENIZER}')"
    ),
}

_STORY_OLD = (
    "INSERT INTO search_story(search_story, rowid, headline, summary, body) "
    "VALUES ('delete', old.id, old.headline, old.summary, old.body);"
)
_STORY_NEW = (
    "INSERT INTO search_story(rowid, headline, summary, body) "
    "VALUES (new.id, new.headline, new.summary, new.body);"
)
# Comments waiting to be indexed (see the module docstring).
PENDING_TABLE = "search_comment_pending"
BATCH = 64
SQLITE_QUEUE = f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (id INTEGER PRIMARY KEY)"

# A comment leaves the index only if it is in it: published and not still queued.
_COMMENT_OLD = (
    "INSERT INTO search_comment(search_comment, rowid, body) "
    f"SELECT 'delete', old.id, old.body WHERE old.status = '{PUBLISHED}' "
    f"AND NOT EXISTS (SELECT 1 FROM {PENDING_TABLE} WHERE id = old.id);"
    f"DELETE FROM {PENDING_TABLE} WHERE id = old.id;"
)
_COMMENT_NEW = (
    f"INSERT OR IGNORE INTO {PENDING_TABLE}(id) SELECT new.id WHERE new.status = '{PUBLISHED}';"
)
# Every queued comment is published (the triggers take out any that stops being).
SQLITE_FLUSH = (
    f"INSERT INTO search_comment(rowid, body) SELECT c.id, c.body FROM {PENDING_TABLE} p "
    f"JOIN {COMMENT_TABLE} c ON c.id = p.id",
    f"DELETE FROM {PENDING_TABLE}",
)
# The same, in a trigger, once the queue holds a batch. (In the comment table's own
# triggers: a trigger on another table that named it would break the table's rebuild.)
_FULL = f" WHERE (SELECT count(*) FROM {PENDING_TABLE}) >= {BATCH};"
_COMMENT_BATCH = f"{SQLITE_FLUSH[0]}{_FULL} {SQLITE_FLUSH[1]}{_FULL}"

SQLITE_TRIGGERS = {
    "search_story_insert": (
        f"CREATE TRIGGER IF NOT EXISTS search_story_insert AFTER INSERT ON {STORY_TABLE} "
        f"BEGIN {_STORY_NEW} END"
    ),
    "search_story_delete": (
        f"CREATE TRIGGER IF NOT EXISTS search_story_delete AFTER DELETE ON {STORY_TABLE} "
        f"BEGIN {_STORY_OLD} END"
    ),
    # Saving a story writes every column; only a change of its text touches the index.
    "search_story_update": (
        "CREATE TRIGGER IF NOT EXISTS search_story_update "
        f"AFTER UPDATE OF headline, summary, body ON {STORY_TABLE} "
        "WHEN old.headline IS NOT new.headline OR old.summary IS NOT new.summary "
        "OR old.body IS NOT new.body "
        f"BEGIN {_STORY_OLD} {_STORY_NEW} END"
    ),
    "search_comment_insert": (
        f"CREATE TRIGGER IF NOT EXISTS search_comment_insert AFTER INSERT ON {COMMENT_TABLE} "
        f"WHEN new.status = '{PUBLISHED}' BEGIN {_COMMENT_NEW} {_COMMENT_BATCH} END"
    ),
    "search_comment_delete": (
        f"CREATE TRIGGER IF NOT EXISTS search_comment_delete AFTER DELETE ON {COMMENT_TABLE} "
        f"WHEN old.status = '{PUBLISHED}' BEGIN {_COMMENT_OLD} END"
    ),
    # Votes, flags and scores update other columns and never fire this.
    "search_comment_update": (
        "CREATE TRIGGER IF NOT EXISTS search_comment_update "
        f"AFTER UPDATE OF body, status ON {COMMENT_TABLE} "
        f"WHEN (old.status = '{PUBLISHED}' OR new.status = '{PUBLISHED}') "
        "AND (old.body IS NOT new.body OR old.status IS NOT new.status) "
        f"BEGIN {_COMMENT_OLD} {_COMMENT_NEW} {_COMMENT_BATCH} END"
    ),
}
# What an older version of the triggers was called (dropped before creating these).
COMMENT_TRIGGERS = ("search_comment_insert", "search_comment_delete", "search_comment_update")

SQLITE_REBUILD = (
    "INSERT INTO search_story(search_story) VALUES ('delete-all')",
    "INSERT INTO search_story(rowid, headline, summary, body) "
    f"SELECT id, headline, summary, body FROM {STORY_TABLE}",
    "INSERT INTO search_comment(search_comment) VALUES ('delete-all')",
    f"DELETE FROM {PENDING_TABLE}",
    f"INSERT INTO search_comment(rowid, body) SELECT id, body FROM {COMMENT_TABLE} "
    f"WHERE status = '{PUBLISHED}'",
    "INSERT INTO search_story(search_story) VALUES ('optimize')",
    "INSERT INTO search_comment(search_comment) VALUES ('optimize')",
)


def story_vector(alias: str = "") -> str:
    """PostgreSQL: a story's weighted document (headline A, summary B, body C). The
    index and every query spell it the same way, or the planner would not use the
    index; ``alias`` qualifies the columns (``"a."``)."""
    return (
        f"(setweight(to_tsvector('english'::regconfig, {alias}headline), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, {alias}summary), 'B') || "
        f"setweight(to_tsvector('english'::regconfig, {alias}body), 'C'))"
    )


def comment_vector(alias: str = "") -> str:
    """PostgreSQL: a comment's document (see ``story_vector``)."""
    return f"to_tsvector('english'::regconfig, {alias}body)"


POSTGRES_INDEXES = {
    "search_story_document": (
        f"CREATE INDEX IF NOT EXISTS search_story_document ON {STORY_TABLE} "
        f"USING gin ({story_vector()})"
    ),
    # Partial, as SQLite's index: only what readers may find takes room.
    "search_comment_document": (
        f"CREATE INDEX IF NOT EXISTS search_comment_document ON {COMMENT_TABLE} "
        f"USING gin ({comment_vector()}) WHERE status = '{PUBLISHED}'"
    ),
}


def create(connection: BaseDatabaseWrapper) -> None:
    """Create the index for ``connection``'s database and fill it (migration)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in (
                *SQLITE_TABLES.values(),
                SQLITE_QUEUE,
                *SQLITE_TRIGGERS.values(),
                *SQLITE_REBUILD,
            ):
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in POSTGRES_INDEXES.values():
                cursor.execute(sql)


def drop(connection: BaseDatabaseWrapper) -> None:
    """Drop what ``create`` made (migrating back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for name in (*SQLITE_TABLES, PENDING_TABLE):
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name in POSTGRES_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Index every story and published comment again from scratch (SQLite; PostgreSQL's
    indexes follow their tables by themselves)."""
    if connection.vendor != "sqlite":
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in SQLITE_REBUILD:
            cursor.execute(sql)


def ensure_sqlite_triggers(connection: BaseDatabaseWrapper) -> bool:
    """Put back any trigger a table rebuild dropped, then rebuild the index (writes made
    without the triggers are not in it). Does nothing where the index does not exist
    (another database, or not migrated). Returns whether anything was missing."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
    if not present.issuperset(SQLITE_TABLES) or present.issuperset(SQLITE_TRIGGERS):
        return False
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in (SQLITE_QUEUE, *SQLITE_TRIGGERS.values(), *SQLITE_REBUILD):
            cursor.execute(sql)
    return True


def batch_comments(connection: BaseDatabaseWrapper) -> None:
    """SQLite: replace the comment triggers with those that queue new text for indexing
    in batches (migration 0002; the index is rebuilt, so nothing is missed)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in COMMENT_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in (SQLITE_QUEUE, *SQLITE_TRIGGERS.values(), *SQLITE_REBUILD):
            cursor.execute(sql)


def unbatch_comments(connection: BaseDatabaseWrapper) -> None:
    """Migrating 0002 back: index every change at once again, as migration 0001 did."""
    if connection.vendor != "sqlite":
        return
    flush_pending(connection)  # in the migration's transaction
    new = (
        "INSERT INTO search_comment(rowid, body) "
        f"SELECT new.id, new.body WHERE new.status = '{PUBLISHED}';"
    )
    old = (
        "INSERT INTO search_comment(search_comment, rowid, body) "
        f"SELECT 'delete', old.id, old.body WHERE old.status = '{PUBLISHED}';"
    )
    with connection.cursor() as cursor:
        for name in COMMENT_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {PENDING_TABLE}")
        cursor.execute(
            f"CREATE TRIGGER search_comment_insert AFTER INSERT ON {COMMENT_TABLE} "
            f"WHEN new.status = '{PUBLISHED}' BEGIN {new} END"
        )
        cursor.execute(
            f"CREATE TRIGGER search_comment_delete AFTER DELETE ON {COMMENT_TABLE} "
            f"WHEN old.status = '{PUBLISHED}' BEGIN {old} END"
        )
        cursor.execute(
            f"CREATE TRIGGER search_comment_update AFTER UPDATE OF body, status ON {COMMENT_TABLE} "
            f"WHEN (old.status = '{PUBLISHED}' OR new.status = '{PUBLISHED}') "
            f"AND (old.body IS NOT new.body OR old.status IS NOT new.status) BEGIN {old} {new} END"
        )


def flush_pending(connection: BaseDatabaseWrapper) -> None:
    """SQLite: index the comments still queued (before a search reads the index). Run
    it in a write transaction."""
    with connection.cursor() as cursor:
        for sql in SQLITE_FLUSH:
            cursor.execute(sql)
