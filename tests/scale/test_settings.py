"""REDIS_URL decides whether cache and sessions are shared between processes."""

from __future__ import annotations

import runpy
from typing import Any

import pytest

from config.settings import base


def _base_settings(monkeypatch: pytest.MonkeyPatch, redis_url: str | None) -> dict[str, Any]:
    """The names ``config/settings/base.py`` defines when run with this ``REDIS_URL``."""
    if redis_url is None:
        monkeypatch.delenv("REDIS_URL", raising=False)
    else:
        monkeypatch.setenv("REDIS_URL", redis_url)
    return runpy.run_path(base.__file__)


def test_redis_url_shares_cache_and_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """With Redis, sessions are cached there and kept in the database (cached_db), and a
    stalled Redis fails fast instead of being silently ignored."""
    settings = _base_settings(monkeypatch, "redis://cache.internal:6379/0")
    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert settings.get("SESSION_CACHE_ALIAS", "default") == "default"
    options = cache["OPTIONS"]
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 5
    assert 0 < options["SOCKET_TIMEOUT"] <= 5
    assert "IGNORE_EXCEPTIONS" not in options


def test_without_redis_sessions_live_in_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Redis the cache is per process, so sessions must not depend on it."""
    settings = _base_settings(monkeypatch, None)
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
