"""Signals the comments app sends, after the transaction that caused them commits.

Higher apps (moderation, notifications, live updates, search) connect to these in their
``AppConfig.ready()``; this app never imports them.

- ``comment_posted(sender=Comment, comment=Comment)``: a new comment is visible.
- ``comment_removed(sender=Comment, comment=Comment)``: a comment became a placeholder
  (removed by a moderator, or deleted by its author: see ``comment.status``).
"""

from __future__ import annotations

from django.dispatch import Signal

comment_posted = Signal()
comment_removed = Signal()
