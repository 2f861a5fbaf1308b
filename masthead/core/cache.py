"""The in-process cache used without ``REDIS_URL``: Django's local-memory cache without
its check of every key against memcached's rules.

Masthead's cache is this or Redis, never memcached, and its keys are its own (prefixes
and hex digests). The check walked every character of every key in Python, on every
page-cache lookup and on each of the dozen lookups a posted comment makes.
"""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache as DjangoLocMemCache


class LocMemCache(DjangoLocMemCache):
    def validate_key(self, key: str) -> None:
        """Keys are not checked (see the module docstring)."""
