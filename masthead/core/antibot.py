"""Two quiet checks for forms anyone may post (no puzzles): a honeypot field that people
never see and form-filling bots fill in, and a signed time the form was made, so that a
post sent sooner than a person could write it is refused.

The time is the form's *render* time. Where a blank form is cached and shared (the
comment form on a cached story page, for up to ``MASTHEAD_PAGE_CACHE_SECONDS``), it is
older than the page the reader got, which only makes the check more lenient, never
wrongly strict. Both work without JavaScript. The time is not a secret and has no upper
age: a reader may leave a tab open for days before writing.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.http import QueryDict

HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SALT = "masthead.core.antibot.started"

# Why a form looks posted by a bot (``bot_trap_error``); each form words its own message.
HONEYPOT_FILLED = "honeypot_filled"
TOO_FAST = "too_fast"
NO_START = "no_start"


class HoneypotField(forms.CharField):
    """A text field shown to nobody: ``is_trap`` makes the form template wrap it in a
    visually hidden block; its label tells anyone who reaches it to leave it empty."""

    is_trap = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Leave this empty")
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


def started_token(now: float | None = None) -> str:
    """A signed "this form was made at" time."""
    return signing.Signer(salt=_SALT).sign(str(int(now if now is not None else time.time())))


def bot_trap_fields() -> dict[str, forms.Field]:
    """The honeypot and the signed start time (fresh at each render), as a form's
    fields."""
    return {
        HONEYPOT_FIELD: HoneypotField(),
        STARTED_FIELD: forms.CharField(
            required=False, widget=forms.HiddenInput, initial=started_token
        ),
    }


def bot_trap_error(form: forms.Form, *, min_seconds: float, now: float | None = None) -> str | None:
    """Why ``form`` (cleaned, with ``bot_trap_fields``) looks posted by a bot
    (``HONEYPOT_FILLED``, ``TOO_FAST``, ``NO_START``), or ``None``.

    A missing or forged start time is replaced in the form's data with a fresh one, so
    the form shown again with the message can be sent as it is; a start time that is
    merely recent is kept, and the same form passes once ``min_seconds`` have gone by.
    """
    if form.cleaned_data.get(HONEYPOT_FIELD):
        return HONEYPOT_FILLED
    if min_seconds <= 0:
        return None
    now = time.time() if now is None else now
    try:
        started = int(signing.Signer(salt=_SALT).unsign(form.cleaned_data.get(STARTED_FIELD, "")))
    except (signing.BadSignature, ValueError):
        data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        data[STARTED_FIELD] = started_token(now)
        form.data = data
        return NO_START
    if now - started < min_seconds:
        return TOO_FAST
    return None
