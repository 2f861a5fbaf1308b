"""Index a comment's author and parent only where it has one.

A guest's comment has no author and a thread's first comment no parent, yet each added
an entry (a page write) to both indexes on every post. Every query on these columns
names a member or a parent (``author = X``, ``parent_id IN (...)``), which implies the
column is not null, so SQLite and PostgreSQL read the partial indexes for them.

The parent's index was the one Django makes for a foreign key: the field's state changes
to ``db_index=False`` and the database side drops that index by name (Django's own
AlterField would rebuild the whole table on SQLite and drop the search triggers on it).
"""

from django.db import migrations, models

# Django's name for the index the foreign key had (the same on SQLite and PostgreSQL).
PARENT_INDEX = "comments_comment_parent_id_3e0802fb"


def drop_parent_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(PARENT_INDEX)}")


def create_parent_index(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(PARENT_INDEX)} "
        f"ON {quote('comments_comment')} ({quote('parent_id')})"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0013_review_index_of_decisions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="comment",
                    name="parent",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.RESTRICT,
                        related_name="replies",
                        to="comments.comment",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_parent_index, create_parent_index)],
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("parent__isnull", False)),
                fields=["parent"],
                name="comment_parent",
            ),
        ),
        migrations.RemoveIndex(
            model_name="comment",
            name="comment_author_recent",
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("author__isnull", False)),
                fields=["author", "-created_at"],
                name="comment_author_recent",
            ),
        ),
    ]
