"""The live app's reactions to the comments app's signals (connected in ``apps.py``).

They run after the comment's transaction has committed, inside the request that made
the change. A broker failure is logged, never raised: the comment is already saved and
shown on the page, and streams catch up from the database when they reconnect.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from django.db import DatabaseError

from masthead.comments.models import Comment

from . import publishing

logger = logging.getLogger(__name__)


def comment_posted(
    sender: type[Comment], comment: Comment, as_posted: bool = False, **kwargs: Any
) -> None:
    try:
        publishing.publish_new_comment(comment, as_posted=as_posted)
    except (redis.RedisError, DatabaseError):
        logger.warning("live updates: comment %s was not published live", comment.pk, exc_info=True)


def comment_removed(sender: type[Comment], comment: Comment, **kwargs: Any) -> None:
    try:
        publishing.publish_removal(comment)
    except redis.RedisError:
        logger.warning("live updates: removal of %s was not published", comment.pk, exc_info=True)
