# SQLite: comment text is queued and indexed in batches instead of one FTS5 segment per
# posting transaction (masthead/search/schema.py). Nothing to do on other databases.

from django.db import migrations

from masthead.search import schema


def batch(apps, schema_editor):
    schema.batch_comments(schema_editor.connection)


def unbatch(apps, schema_editor):
    schema.unbatch_comments(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
        ('comments', '0011_comment_body_digest'),
    ]

    operations = [
        migrations.RunPython(batch, unbatch),
    ]
