from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from masthead.search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Index every story and published comment again (SQLite's FTS5 tables, after "
        "writes made with the triggers missing; PostgreSQL's indexes keep themselves)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_backend()
        started = time.monotonic()
        if not backend.rebuild():
            self.stdout.write(
                f"Nothing to rebuild on {backend.vendor}: its indexes follow the tables."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt in {time.monotonic() - started:.1f} s.")
        )
