from __future__ import annotations

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = "Stories"

    def ready(self) -> None:
        from masthead.accounts.signals import member_changed

        from .signal_handlers import member_changed as on_member_changed

        member_changed.connect(on_member_changed, dispatch_uid="articles-member-changed")

        from masthead.core.pagecache import register_deadline

        from .selectors import next_publication_timestamp

        register_deadline(next_publication_timestamp)
