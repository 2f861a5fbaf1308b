# The index over stories and comments: FTS5 tables and triggers on SQLite, GIN expression
# indexes on PostgreSQL, nothing elsewhere. The SQL is in masthead/search/schema.py,
# which post_migrate also uses to re-create triggers lost to table rebuilds; a change to
# it comes with a migration of its own.

from django.db import migrations

from masthead.search import schema


def create_index(apps, schema_editor):
    schema.create(schema_editor.connection)


def drop_index(apps, schema_editor):
    schema.drop(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_section_moderation'),
        ('comments', '0009_article_recent_index'),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
