"""Mail leaves through the task queue: a request only enqueues, the worker sends."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}


@pytest.mark.django_db(transaction=True)
def test_sign_up_mail_waits_for_the_worker_then_arrives(settings: Any) -> None:
    """The sign-up page answers without sending; `db_worker` sends the verification
    mail, which carries the link."""
    settings.TASKS = DATABASE_TASKS
    response = Client().post(
        reverse("account_signup"),
        {"email": "queued@example.org", "display_name": "Queued", "password1": "purple llamas"},
    )
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)

    [message] = mail.outbox
    assert message.to == ["queued@example.org"]
    assert "/accounts/confirm-email/" in str(message.body)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_sign_up_sends_nothing(settings: Any) -> None:
    """A sign-up refused by the form queues no mail at all."""
    settings.TASKS = DATABASE_TASKS
    Client().post(
        reverse("account_signup"),
        {"email": "bad@example.org", "display_name": "\u202eevil", "password1": "purple llamas"},
    )
    assert DBTaskResult.objects.count() == 0
