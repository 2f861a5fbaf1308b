"""Upgrading a site that already has stories keeps their bylines."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("articles", "0003_section_moderation")]
AFTER = [("articles", "0004_publishing")]


@pytest.mark.django_db(transaction=True)
def test_each_story_keeps_its_writer_as_its_byline(db: Any) -> None:
    """A story's single author (before bylines) becomes its byline; a story without one
    gets none."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Section = old.get_model("articles", "Section")
    Article = old.get_model("articles", "Article")
    # Only the articles app goes back in time: accounts keep today's table.
    writer = get_user_model().objects.create(username="writer", display_name="Writer")
    section = Section.objects.create(name="Mobile", slug="mobile")
    common = {"section": section, "body": "Body.", "status": "published"}
    signed = Article.objects.create(
        headline="Signed", slug="signed", author_id=writer.pk, published_at=timezone.now(), **common
    )
    unsigned = Article.objects.create(
        headline="Unsigned", slug="unsigned", published_at=timezone.now(), **common
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Byline = new.get_model("articles", "Byline")
    assert list(Byline.objects.values_list("article_id", "person_id", "position")) == [
        (signed.pk, writer.pk, 0)
    ]
    assert not Byline.objects.filter(article_id=unsigned.pk).exists()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
