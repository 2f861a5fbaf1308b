"""The ASGI application uvicorn serves: page-cache hits first, then Django.

See masthead/core/asgi.py for why sync views go through Django's WSGI handler.
"""

from __future__ import annotations

import os

import django
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup(set_prefix=False)

from masthead.core.asgi import SyncAsyncRouter, WSGIHandler  # noqa: E402 - needs settings
from masthead.core.db import start_sqlite_checkpointer  # noqa: E402
from masthead.core.pagecache import PageCacheApp  # noqa: E402

django_application = SyncAsyncRouter(
    ASGIHandler(), WSGIHandler(), threads=settings.MASTHEAD_WSGI_THREADS
)

# Anonymous page-cache hits are answered here, before Django's middleware runs.
application = PageCacheApp(django_application)

# On SQLite, the write-ahead log is checkpointed by a thread, not inside requests.
start_sqlite_checkpointer()

# The abuse model is loaded now, not by the first post a worker takes.
if settings.MASTHEAD_ABUSE_SCORING:
    from masthead.moderation.scoring import load_in_background

    load_in_background()
