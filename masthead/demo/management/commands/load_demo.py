from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from masthead.articles.models import Article
from masthead.demo import content
from masthead.demo.loader import clear_demo, demo_email, demo_story_exists, load_demo
from masthead.moderation.screening import score_comments


class Command(BaseCommand):
    help = "Load the demo site (sections, archive stories, the seed story and its thread)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the demo story is already there (what `make run` uses).",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Delete the demo content first, then load it again.",
        )
        parser.add_argument("--password", help="Password for every demo account (default: random).")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"].rstrip("/")
        story_url = f"{base_url}/story/{content.DEMO_STORY['slug']}/"
        if demo_story_exists():
            if options["if_empty"]:
                self.stdout.write(f"Demo content already loaded. Demo story: {story_url}")
                if self._accounts_file().exists():
                    self.stdout.write(f"Demo accounts: see {self._accounts_file()}")
                return
            if not options["reload"]:
                self.stderr.write("Demo content is already loaded; pass --reload to load it again.")
                return
            clear_demo()
        started = time.monotonic()
        result = load_demo(password=options["password"])
        editor = demo_email(content.EDITORS[0]["username"])
        member = demo_email(content.MEMBERS[0]["username"])
        moderator = demo_email(
            next(m for m in content.MEMBERS if m.get("is_moderator"))["username"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.stories} stories and {result.comments:,} comments "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
        if settings.MASTHEAD_ABUSE_SCORING:
            # Comments posted on the site are scored as they come; the bulk-loaded archive
            # is scored here once, so the queue and its filters see every comment's score.
            scoring = score_comments()
            self.stdout.write(
                f"Scored {scoring.scored:,} comments for abuse in {scoring.seconds:.1f} s; "
                f"{scoring.at_or_above_threshold} at or above the hold threshold."
            )
        self.stdout.write(f"Demo story: {story_url}")
        scheduled = Article.objects.filter(slug=content.SCHEDULED_STORY["slug"]).first()
        if scheduled is not None and scheduled.published_at is not None:
            at = timezone.localtime(scheduled.published_at)
            self.stdout.write(
                f"Scheduled: “{scheduled.headline}” goes out at {at:%H:%M} {at:%Z}, "
                f"by itself (watch the front page)."
            )
        accounts = (
            f"Demo accounts (log in with e-mail and password {result.password!r}): "
            f"editor {editor} (newsroom at {base_url}/admin/), member {member}, "
            f"moderator {moderator} (queue at {base_url}/moderation/)."
        )
        self.stdout.write(accounts)
        accounts_file = self._accounts_file()
        accounts_file.parent.mkdir(parents=True, exist_ok=True)
        accounts_file.write_text(accounts + "\n")
        accounts_file.chmod(0o600)

    def _accounts_file(self) -> Path:
        return Path(settings.VAR_DIR) / "demo-accounts.txt"
