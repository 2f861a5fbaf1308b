"""Background work for stories (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def publish_due_stories() -> list[str]:
    """Publish the scheduled stories whose time has come (queued for that time)."""
    return actions.publish_due_stories()
