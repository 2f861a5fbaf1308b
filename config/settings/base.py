"""Settings shared by every environment.

The environment decides what differs: ``DATABASE_URL`` picks the database (SQLite file
by default), ``REDIS_URL`` switches the cache to Redis, secrets come only from the
environment.
"""

from __future__ import annotations

import os
from datetime import timedelta
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
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "masthead.core",
    "masthead.accounts",
    "masthead.articles",
    "masthead.comments",
    "masthead.moderation",
    "masthead.live",
    "masthead.search",
    "masthead.demo",
    # After our apps, so that our templates for allauth's pages win.
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "masthead.articles.middleware.former_slug_redirect",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "masthead.core.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
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
                # Statement journals in memory, not temporary files: every INSERT that
                # fires a trigger (the search index's) opens one, and on disk that cost
                # about 0.1 ms a post, as much as the insert itself.
                "PRAGMA temp_store=MEMORY;"
                # Server processes copy the write-ahead log back into the database
                # every second from a thread (core.db.start_sqlite_checkpointer); a
                # connection does it itself only past 10,000 pages (SQLite's default
                # is 1,000: a checkpoint and an fsync inside every few dozenth post).
                # After a checkpoint the log file is cut back to 64 MB.
                "PRAGMA wal_autocheckpoint=10000;"
                "PRAGMA journal_size_limit=67108864;"
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

# Threads per app process for Django's sync views (masthead/core/asgi.py). Page rendering
# is CPU-bound Python, so threads of one process mostly take turns holding the GIL: with
# the benchmark's wrk load on the demo story, 10 threads a process served 201-237 req/s
# and 1 or 2 threads 256-361. Posting on SQLite settles it: one writer at a time, and a
# second thread of the same process keeps the writer waiting for the GIL while everyone
# else waits for the writer (10 clients, 2 processes: 2 threads 347-399 posts/s, 1
# thread 429-486, interleaved runs). So one on SQLite. Behind the reverse proxy the
# README documents, nginx buffers responses, so a slow reader never holds that thread.
# PostgreSQL queries wait on the network, where a few threads overlap; never more than
# the pool has connections. Scale with processes (uvicorn --workers), as with gunicorn.
MASTHEAD_WSGI_THREADS = int(os.environ.get("MASTHEAD_WSGI_THREADS", "0")) or (
    1
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else min(4, int(os.environ.get("DB_POOL_MAX", "10")))
)

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
            "BACKEND": "masthead.core.cache.LocMemCache",
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
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "articles:front_page"
LOGOUT_REDIRECT_URL = "articles:front_page"

# Accounts (django-allauth): e-mail and password, verified before the first log-in.
# No usernames at sign-up, so no answer tells whether an account exists.
ACCOUNT_ADAPTER = "masthead.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "masthead.accounts.adapter.user_display"
ACCOUNT_FORMS = {
    "login": "masthead.accounts.forms.LoginForm",
    "signup": "masthead.accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a mail scanner following the link verifies nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # one address; a new one replaces it once verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # "your password was changed" and the like
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None  # the member chooses "remember me"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Failed log-ins are throttled by masthead.accounts.throttling (per login and address,
# in the database, so every process agrees); allauth's own cache-based counter keyed
# on the login alone would let anyone lock a member out.
ACCOUNT_RATE_LIMITS = {"login_failed": False}

# Background tasks (django-tasks): stored in the database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}

# Mail: to files in var/mail/ unless an SMTP server is configured.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Masthead <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Uploaded lead images (stored as renditions; see masthead/articles/images.py). The app
# serves them itself unless MASTHEAD_SERVE_MEDIA=0 (let the reverse proxy do it).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MASTHEAD_SERVE_MEDIA = env_bool("MASTHEAD_SERVE_MEDIA", True)

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
# The site's public address ("https://news.example.com"): canonical links, feeds,
# sitemaps and structured data use it. Empty: taken from each request's host.
MASTHEAD_SITE_URL = os.environ.get("MASTHEAD_SITE_URL", "").rstrip("/")
MASTHEAD_SITE_TAGLINE = "Technology news, and the people who argue about it"
MASTHEAD_COMMENT_MAX_LENGTH = 10_000
MASTHEAD_COMMENT_MAX_DEPTH = 8
# Levels of a thread shown on the story page; deeper branches get "Continue this thread".
MASTHEAD_THREAD_DEPTH_SHOWN = 6
MASTHEAD_DISPLAY_NAME_MAX_LENGTH = 40
# Names nobody may take (compared as look-alikes), besides the built-in ones.
MASTHEAD_RESERVED_NAMES = tuple(env_list("MASTHEAD_RESERVED_NAMES", []))
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
MASTHEAD_TRUSTED_PROXIES = env_list("MASTHEAD_TRUSTED_PROXIES", [])
# How long authors (members, and guests by their browser's cookie) may edit or delete.
MASTHEAD_COMMENT_EDIT_WINDOW = timedelta(minutes=int(os.environ.get("MASTHEAD_EDIT_MINUTES", "15")))
MASTHEAD_GUEST_COOKIE_NAME = "masthead_guest"
MASTHEAD_GUEST_NAME_COOKIE_NAME = "masthead_guest_name"
MASTHEAD_GUEST_COOKIE_MAX_AGE = 60 * 60 * 24 * 30

# Log-in throttling per (login, address): free tries, then waits doubling from the first
# delay, then refused for the cool-off; one address failing on many logins is refused
# too. Failures older than the window are forgotten.
MASTHEAD_LOGIN_FREE_ATTEMPTS = 5
MASTHEAD_LOGIN_LOCK_ATTEMPTS = 10
MASTHEAD_LOGIN_ADDRESS_LOCK_ATTEMPTS = 50
MASTHEAD_LOGIN_FIRST_DELAY = timedelta(seconds=5)
MASTHEAD_LOGIN_WINDOW = timedelta(hours=1)
MASTHEAD_LOGIN_COOL_OFF = timedelta(minutes=15)
MASTHEAD_LATEST_STORIES = 8
MASTHEAD_FRONT_PAGE_STORIES = 20
# A page of a discussion holds whole threads up to this many comments.
MASTHEAD_COMMENTS_PER_PAGE = int(os.environ.get("MASTHEAD_COMMENTS_PER_PAGE", "50"))
# Other orders than by number page by threads, each cut after so many comments.
MASTHEAD_THREADS_PER_PAGE = 20
MASTHEAD_COMMENTS_PER_THREAD = 30
# Stories set to close automatically take comments for this many days after
# publication, unless an editor sets another number on the story.
MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS", "14"))
# "Most discussed (24 h)" is recounted at most this often (seconds).
MASTHEAD_MOST_DISCUSSED_SECONDS = 60

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

# Moderation: queue
# The moderators' page (/moderation/) and its audit log (/moderation/log/): rows a page.
MASTHEAD_MODERATION_QUEUE_PAGE_SIZE = 25
MASTHEAD_MODERATION_LOG_PAGE_SIZE = 50

# Moderation: flags and bans
# Open flags from members that take a published comment back for review (hidden from
# readers, number and replies kept, in the queue with reason "flags").
MASTHEAD_FLAGS_TO_HOLD = int(os.environ.get("MASTHEAD_FLAGS_TO_HOLD", "3"))

# Moderation: rate limits and anti-abuse
# Fixed windows (masthead.moderation.ratelimit), counted in Redis when REDIS_URL is set,
# else in the database: every process shares them. Each entry lists (hits, seconds)
# windows that must all have room. A guest is counted by address (a cookie is theirs to
# drop); "address" counts everyone behind one address, members included, loosely, for
# the office or campus behind one NAT. Moderators and staff are not limited.
MASTHEAD_RATE_LIMITS_ENABLED = env_bool("MASTHEAD_RATE_LIMITS", True)
MASTHEAD_RATE_LIMITS: dict[str, tuple[tuple[int, int], ...]] = {
    "post:guest": ((3, 60), (20, 3600)),
    "post:new_member": ((3, 60), (20, 3600)),
    "post:member": ((10, 60), (120, 3600)),
    "post:address": ((30, 60), (300, 3600)),
    "vote:member": ((30, 60), (500, 3600)),
    "vote:address": ((120, 60), (2000, 3600)),
    "flag:member": ((5, 60), (30, 3600)),
    "flag:address": ((20, 60), (100, 3600)),
    "signup:address": ((5, 3600), (20, 86400)),
}
# Until they have this many published comments and this much time since joining,
# members post under the "new_member" limits.
MASTHEAD_NEW_MEMBER_POSTS = 5
MASTHEAD_NEW_MEMBER_AGE = timedelta(days=2)
# The same text by the same author on the same story within this time is not posted
# twice: the second try lands on the first comment (a double-click, a retried submit).
MASTHEAD_DUPLICATE_WINDOW = timedelta(minutes=10)
# Guest forms: refused if posted sooner than this after the form was made (0: no check),
# or with the hidden "Leave this empty" field filled in.
MASTHEAD_MIN_SUBMIT_SECONDS = float(os.environ.get("MASTHEAD_MIN_SUBMIT_SECONDS", "3"))

# Moderation: pre-moderation policies
# Comments that wait for a moderator before readers see them (masthead.moderation.policies),
# on every post and every edit. A member's comments wait until they have this many
# published or approved ones (0: off); 1 means one approval per member, ever.
MASTHEAD_PREMODERATE_GUESTS = env_bool("MASTHEAD_PREMODERATE_GUESTS", False)
MASTHEAD_PREMODERATE_FIRST = int(os.environ.get("MASTHEAD_PREMODERATE_FIRST", "1"))
# More links to other sites than this is held (None: no limit).
MASTHEAD_MAX_LINKS: int | None = 2
# Whole words, any case, also in leetspeak or spelt apart; "word*" matches "words" too.
MASTHEAD_BANNED_WORDS = tuple(env_list("MASTHEAD_BANNED_WORDS", []))
# Offline abuse score (alt-profanity-check, loaded on the first comment scored): stored
# on every comment; at or above the threshold it is held (None: scored, never held).
MASTHEAD_ABUSE_SCORING = env_bool("MASTHEAD_ABUSE_SCORING", True)
MASTHEAD_ABUSE_HOLD_THRESHOLD: float | None = 0.8
# A section's "strict" preset: every guest waits, members until this many good comments,
# and a lower abuse threshold.
MASTHEAD_STRICT_PREMODERATE_FIRST = 5
MASTHEAD_STRICT_ABUSE_HOLD_THRESHOLD = 0.5
