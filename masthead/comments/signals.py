"""Signals the comments app sends, after the transaction that caused them commits.

Higher apps (moderation, notifications, live updates, search) connect to these in their
``AppConfig.ready()``; this app never imports them.

- ``comment_posted(sender=Comment, comment=Comment, as_posted=bool)``: a new comment is
  there (published, or held: see ``comment.status``). ``as_posted`` is true when it
  was just posted and ``comment`` is the object its posting transaction committed (its
  author loaded, their post count counting it), so a receiver may use it as it is;
  false when a held or rejected comment was approved: read it afresh.
- ``comment_removed(sender=Comment, comment=Comment)``: a comment became a placeholder
  (removed by a moderator, or deleted by its author: see ``comment.status``).
- ``comment_voted(sender=Comment, comment=Comment)``: a comment's up/down counts
  changed (a member voted, changed or cleared a vote, or left the site).
- ``comment_edited(sender=Comment, comment=Comment)``: its author changed a comment's
  text (``comment.body``/``body_html`` are the new text, ``comment.edited_at`` when;
  the text it replaced is the comment's newest ``CommentRevision``).
"""

from __future__ import annotations

from django.dispatch import Signal

comment_posted = Signal()
comment_removed = Signal()
comment_edited = Signal()
comment_voted = Signal()
