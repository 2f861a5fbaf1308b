"""Test settings: ``make test`` (SQLite) and CI's second run (PostgreSQL + Redis)."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, VAR_DIR, env_bool

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Serve static files straight from the apps: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True

# One test database per test run (pid), so that two runs on one machine don't collide.
_RUN = os.environ.get("MASTHEAD_TEST_RUN_ID") or str(os.getpid())
MASTHEAD_TEST_RUN_ID = _RUN  # app servers started by tests join this run (tests/servers.py)
if "KEY_PREFIX" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] = f"masthead-test-{_RUN}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that concurrency tests can open several connections.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_RUN}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_masthead_{_RUN}"}

# Uploads of this run, apart from the site's own (tests that keep files use tmp_path).
MEDIA_ROOT = VAR_DIR / f"test-media-{_RUN}"

# Tasks run at once (after commit), so tests see their mail in django.core.mail.outbox;
# tests of the worker itself switch to the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "mail"],
    }
}

# Moderation: pre-moderation policies
# Off in tests that are not about them, so that a test's fresh member publishes at once
# and no test depends on a statistical model's verdict; moderation's tests turn them on.
MASTHEAD_PREMODERATE_FIRST = 0
MASTHEAD_ABUSE_SCORING = False

# Moderation: rate limits and anti-abuse
# Off in tests that are not about them (a test posts many comments from one address in a
# second); moderation's tests turn them on. App servers started by a test can be given
# MASTHEAD_RATE_LIMITS=on / MASTHEAD_MIN_SUBMIT_SECONDS=3 in their environment.
MASTHEAD_RATE_LIMITS_ENABLED = env_bool("MASTHEAD_RATE_LIMITS", False)
MASTHEAD_MIN_SUBMIT_SECONDS = int(os.environ.get("MASTHEAD_MIN_SUBMIT_SECONDS", "0"))
