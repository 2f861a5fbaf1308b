"""Local development: what ``make run`` uses."""

from __future__ import annotations

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DJANGO_DEBUG", "1") not in {"0", "false", "no"}


def _dev_secret_key() -> str:
    """A per-checkout key kept in var/, so sessions survive restarts without a shared secret."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _dev_secret_key()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Moderation: pre-moderation policies
# An example list for the demo (production's default is empty); the environment's
# MASTHEAD_BANNED_WORDS (comma-separated) replaces it.
if "MASTHEAD_BANNED_WORDS" not in os.environ:
    MASTHEAD_BANNED_WORDS = ("moron*", "shill*", "sheeple")
