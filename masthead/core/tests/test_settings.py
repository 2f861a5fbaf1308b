"""The environment picks the database and cache, each set up to be safe under load."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from config.settings import base


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions() -> None:
    """On SQLite, writers queue (BEGIN IMMEDIATE, busy timeout) and readers don't block (WAL)."""
    if connection.vendor != "sqlite":
        pytest.skip(f"this run uses {connection.vendor}, not SQLite")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql_with_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A postgres:// DATABASE_URL gives the PostgreSQL engine with psycopg's pool."""
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.internal:5432/news")
    config = base.database_from_env()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"]) == ("db.internal", "news")
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] >= 1


def test_default_database_is_a_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DATABASE_URL the site uses a SQLite file under var/."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = base.database_from_env()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert str(config["NAME"]).endswith("masthead.sqlite3")


def test_cache_round_trips_on_the_configured_backend() -> None:
    """The cache chosen by REDIS_URL (Redis) or its absence (in-process) stores and expires."""
    expected = "RedisCache" if settings.REDIS_URL else "LocMemCache"
    assert str(settings.CACHES["default"]["BACKEND"]).endswith(expected)
    cache.set("masthead-test-key", {"n": 1}, timeout=30)
    assert cache.get("masthead-test-key") == {"n": 1}
    cache.delete("masthead-test-key")
    assert cache.get("masthead-test-key") is None
