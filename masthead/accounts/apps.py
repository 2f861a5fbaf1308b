from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _member_saved_or_deleted(sender: Any, **kwargs: Any) -> None:
    """A name may have been taken or freed: guest names are asked afresh. Now, and
    again once the change commits, so that an answer read in between is not kept."""
    from django.db import transaction

    from masthead.core import pagecache

    from .selectors import MEMBER_NAMES_KEY

    pagecache.bump(MEMBER_NAMES_KEY)
    transaction.on_commit(lambda: pagecache.bump(MEMBER_NAMES_KEY))


class AccountsConfig(AppConfig):
    name = "masthead.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import User

        post_save.connect(_member_saved_or_deleted, sender=User, dispatch_uid="member-names")
        post_delete.connect(_member_saved_or_deleted, sender=User, dispatch_uid="member-names")
