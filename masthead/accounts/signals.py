"""Signals the accounts app sends; higher apps connect to them in ``ready()``.

- ``member_changed(user)``: a member's public name changed or the account was deleted,
  on commit. Pages showing their comments are stale.
"""

from __future__ import annotations

from django.dispatch import Signal

member_changed = Signal()
