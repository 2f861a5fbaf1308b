"""Outgoing mail goes through a background task, never inside a request.

A view (or allauth) builds the message as usual; ``queue_email`` turns it into plain
values and enqueues ``deliver_email`` once the transaction commits, so a rolled-back
sign-up sends nothing and a slow mail server never holds a page. The worker
(``manage.py db_worker``, started by ``make run``) sends it through Django's mail API:
to files in ``var/mail/`` by default, over SMTP when ``EMAIL_HOST`` is set.
"""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


@task(queue_name="mail")
def deliver_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str = "",
    headers: dict[str, str] | None = None,
) -> int:
    """Send one message; returns how many were sent (a failure raises, and the task
    result records it)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_email(message: EmailMessage) -> None:
    """Send ``message`` from the worker after the current transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                html = str(content)
    body = str(message.body)
    if message.content_subtype == "html" and not html:
        html, body = body, ""
    subject, from_email = str(message.subject), str(message.from_email)
    to = [str(address) for address in message.to]
    headers = {str(k): str(v) for k, v in (message.extra_headers or {}).items()}
    transaction.on_commit(
        lambda: deliver_email.enqueue(
            subject=subject, body=body, from_email=from_email, to=to, html=html, headers=headers
        )
    )
