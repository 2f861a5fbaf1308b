"""Drop the single-column indexes on ``article``, ``author`` and ``status``: composite
indexes that start with each column (the (article, number) unique constraint, the
author's and the status' recent-comment indexes) answer the same lookups, and each
index costs a page write on every post.

The fields' state changes to ``db_index=False``; the database side drops the indexes by
name. Django's own AlterField would rebuild the whole table on SQLite, which is slow on
a big site and drops the search triggers that live on it.
"""

from django.conf import settings
from django.db import migrations, models

# Django's names for the indexes the fields had (the same on SQLite and PostgreSQL).
INDEXES = {
    "comments_comment_article_id_94fe60a2": "article_id",
    "comments_comment_author_id_334ce9e2": "author_id",
    "comments_comment_status_2ed23eb9": "status",
}
# PostgreSQL also had a pattern-ops copy of the text column's index, for LIKE queries.
PG_LIKE = ("comments_comment_status_2ed23eb9_like", "status")


def drop(apps, schema_editor):
    quote = schema_editor.quote_name
    names = list(INDEXES)
    if schema_editor.connection.vendor == "postgresql":
        names.append(PG_LIKE[0])
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


def create(apps, schema_editor):
    quote = schema_editor.quote_name
    table = quote("comments_comment")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {table} ({quote(column)})"
        )
    if schema_editor.connection.vendor == "postgresql":
        name, column = PG_LIKE
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {table} "
            f"({quote(column)} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_story_names"),
        ("comments", "0011_comment_body_digest"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="comment",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="comments",
                        to="articles.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="comment",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="comments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="comment",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("published", "Published"),
                            ("removed", "Removed by a moderator"),
                            ("deleted", "Deleted by its author"),
                            ("pending", "Waiting for review"),
                            ("author_only", "Held, visible to its author only"),
                        ],
                        default="published",
                        max_length=12,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
