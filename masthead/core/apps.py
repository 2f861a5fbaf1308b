from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib import admin

        # The admin is the newsroom: say so, and link back to the site.
        name = settings.MASTHEAD_SITE_NAME
        admin.site.site_header = f"{name} newsroom"
        admin.site.site_title = f"{name} newsroom"
        admin.site.index_title = "Stories, people and the discussion"
        admin.site.site_url = "/"
