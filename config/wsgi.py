from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup(set_prefix=False)

from masthead.core.asgi import WSGIHandler  # noqa: E402 - needs settings loaded

# Django's handler, resolving each path once per process (see masthead/core/asgi.py).
application = WSGIHandler()
