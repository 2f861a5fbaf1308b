"""Three fewer index entries written with every new comment. Two indexes no query reads
go: the flag count's (the moderation queue finds flagged comments from their open
flags) and (story, time) (the repeated-post check moved to the text digest's index in
0011; "most discussed" reads the status index). The index of moderators' decisions
holds only decided comments (those with a ``reviewed_at``), which the Approved and
Rejected tabs ask for."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_story_names'),
        ('comments', '0012_drop_covered_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='comment',
            name='comment_flagged_recent',
        ),
        migrations.RemoveIndex(
            model_name='comment',
            name='comment_article_recent',
        ),
        migrations.RemoveIndex(
            model_name='comment',
            name='comment_review_recent',
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('reviewed_at__isnull', False)), fields=['review', '-reviewed_at'], name='comment_review_recent'),
        ),
    ]
