"""A request refused for a reason the person should read: banned, too fast, a repeat.

Raised by the checks other apps plug into an action (``comments.hooks``), turned into
a page or JSON by the views with ``status`` (403, 429) and, for rate limits, a
``Retry-After`` header.
"""

from __future__ import annotations


class Refused(Exception):
    """``message`` is shown to the person as it is; ``retry_after`` is in seconds."""

    def __init__(self, message: str, *, status: int = 403, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after
