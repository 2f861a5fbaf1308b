from __future__ import annotations

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "masthead.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # Guards and screens are plugged into comments.hooks here as they are built
        # (bans, rate limits, repeats; pre-moderation policies and the abuse score).
        from . import wiring

        wiring.connect()
