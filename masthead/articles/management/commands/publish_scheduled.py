"""``manage.py publish_scheduled``: publish scheduled stories that are due (for cron, as a
backstop to the task queued when each story was scheduled)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masthead.articles import actions


class Command(BaseCommand):
    help = "Publish the scheduled stories whose publication time has come."

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = actions.publish_due_stories()
        if options["verbosity"]:
            self.stdout.write(
                f"Published {len(slugs)} scheduled stor{'y' if len(slugs) == 1 else 'ies'}."
            )
            for slug in slugs:
                self.stdout.write(f"  {slug}")
