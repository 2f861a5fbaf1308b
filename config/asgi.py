from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_application = get_asgi_application()

from masthead.core.pagecache import PageCacheApp  # noqa: E402 - needs settings loaded

# Anonymous page-cache hits are answered here, before Django's middleware runs.
application = PageCacheApp(django_application)
