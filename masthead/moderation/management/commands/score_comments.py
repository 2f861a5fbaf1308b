from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from masthead.moderation import scoring
from masthead.moderation.screening import score_comments


class Command(BaseCommand):
    help = (
        "Store an offline abuse score on comments that have none (posted before scoring, "
        "bulk-loaded, or imported), in batches; --rescore scores every comment again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rescore", action="store_true", help="Score every comment, not only unscored ones."
        )
        parser.add_argument(
            "--hold",
            action="store_true",
            help="Take published comments at or above MASTHEAD_ABUSE_HOLD_THRESHOLD back "
            "for review (reason: abuse_score).",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        was_loaded = scoring.model_loaded()
        verbose = options["verbosity"] > 1
        run = score_comments(
            rescore=options["rescore"],
            hold=options["hold"],
            batch_size=options["batch_size"],
            progress=(lambda n: self.stdout.write(f"  {n:,} scored")) if verbose else None,
        )
        threshold = settings.MASTHEAD_ABUSE_HOLD_THRESHOLD
        per_comment = run.seconds / run.scored * 1000 if run.scored else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"Scored {run.scored:,} comments in {run.seconds:.1f} s "
                f"({per_comment:.2f} ms each"
                + ("" if was_loaded or not run.scored else ", model load included")
                + ")."
            )
        )
        if threshold is not None:
            self.stdout.write(
                f"{run.at_or_above_threshold:,} at or above the hold threshold {threshold}; "
                + (
                    f"{run.held:,} taken back for review."
                    if options["hold"]
                    else "none held (pass --hold to send published ones back for review)."
                )
            )
