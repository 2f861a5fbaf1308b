"""Settings shared by every environment.

The environment decides what differs: ``DATABASE_URL`` picks the database (SQLite file
by default), ``REDIS_URL`` switches the cache to Redis, secrets come only from the
environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

# Lets runtime code write ModelAdmin[Article], QuerySet[Comment] as the type checker does.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MASTHEAD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "masthead.core",
    "masthead.accounts",
    "masthead.articles",
    "masthead.comments",
    "masthead.live",
    "masthead.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.core.context_processors.site",
                "masthead.articles.context_processors.navigation",
            ],
        },
    },
]


def database_from_env() -> dict[str, Any]:
    """Parse ``DATABASE_URL`` and add what each engine needs to be safe under load."""
    default_sqlite = f"sqlite:///{VAR_DIR / 'masthead.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(os.environ.get("DATABASE_URL", default_sqlite))
    )
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # Opening SQLite and running the PRAGMAs below on every request costs more than
        # serving a cached page: keep each thread's connection.
        config["CONN_MAX_AGE"] = None
        config["CONN_HEALTH_CHECKS"] = True
        # IMMEDIATE makes writers queue for the lock instead of failing with
        # "database is locked" when a read transaction tries to upgrade.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    elif engine == "django.db.backends.postgresql":
        # ASGI serves requests from many threads: a pool beats persistent connections.
        config["CONN_MAX_AGE"] = 0
        # One pool per process (each uvicorn worker is one): keep processes x workers x
        # DB_POOL_MAX below the server's max_connections (100 by default) with room to spare.
        config["OPTIONS"] = {
            "pool": {
                "min_size": 1,
                "max_size": int(os.environ.get("DB_POOL_MAX", "10")),
                "timeout": 10,
            }
        }
    return config


DATABASES = {"default": database_from_env()}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "masthead",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A stalled Redis fails a request within seconds instead of hanging a
                # worker. Errors are not ignored (no IGNORE_EXCEPTIONS): a swallowed
                # failed invalidation would leave other processes serving stale pages.
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "2")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "2")),
                "CONNECTION_POOL_KWARGS": {"health_check_interval": 30},
            },
        }
    }
    # Sessions must work on every process: read through the shared cache, written
    # through to the database, so a Redis flush or restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "masthead",
        }
    }
    # An in-process cache is not shared, so sessions live in the database alone.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:front_page"
LOGOUT_REDIRECT_URL = "articles:front_page"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Masthead's own settings; apps read them at call time through django.conf.settings.
MASTHEAD_SITE_NAME = os.environ.get("MASTHEAD_SITE_NAME", "Masthead")
MASTHEAD_SITE_TAGLINE = "Technology news, and the people who argue about it"
MASTHEAD_COMMENT_MAX_LENGTH = 10_000
MASTHEAD_COMMENT_MAX_DEPTH = 8
MASTHEAD_GUEST_NAME_MAX_LENGTH = 50
MASTHEAD_LATEST_STORIES = 8
MASTHEAD_FRONT_PAGE_STORIES = 20
# A page of a discussion holds whole threads up to this many comments.
MASTHEAD_COMMENTS_PER_PAGE = int(os.environ.get("MASTHEAD_COMMENTS_PER_PAGE", "50"))

# Whole-page cache for anonymous readers (masthead.core.pagecache). Off makes every
# page render cold, which is what the benchmark's "cold" cases measure.
MASTHEAD_PAGE_CACHE = env_bool("MASTHEAD_PAGE_CACHE", True)
MASTHEAD_PAGE_CACHE_SECONDS = int(os.environ.get("MASTHEAD_PAGE_CACHE_SECONDS", "300"))
# How long a reverse proxy may keep an anonymous page (Cache-Control max-age).
MASTHEAD_PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("MASTHEAD_PAGE_CACHE_PROXY_SECONDS", "5"))

# Live updates (masthead.live): new comments over Server-Sent Events, one stream per
# reader. Fed by Redis pub/sub when REDIS_URL is set, in-process otherwise.
MASTHEAD_LIVE_MAX_STREAMS = int(os.environ.get("MASTHEAD_LIVE_MAX_STREAMS", "1000"))  # per process
MASTHEAD_LIVE_HEARTBEAT_SECONDS = float(os.environ.get("MASTHEAD_LIVE_HEARTBEAT_SECONDS", "15"))
MASTHEAD_LIVE_RETRY_AFTER_SECONDS = 30  # told to clients refused past the cap
MASTHEAD_LIVE_BACKLOG_LIMIT = 200  # comments replayed on reconnect; more means "reload"
MASTHEAD_LIVE_QUEUE_SIZE = 100  # events a slow stream may fall behind before it re-reads
MASTHEAD_LIVE_CHANNEL_PREFIX = os.environ.get("MASTHEAD_LIVE_CHANNEL_PREFIX", "masthead:live")
