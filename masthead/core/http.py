"""Small request helpers shared by views."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware


def has_session(request: HttpRequest) -> bool:
    """Whether the browser sent a session cookie (without loading the session)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def csrf_passes(request: HttpRequest) -> bool:
    """Run Django's full CSRF check (origin, referer, token) without its 403 page, for
    views that answer a failed check more helpfully."""
    checker = CsrfViewMiddleware(lambda _request: HttpResponse())
    return checker.process_view(request, lambda _request: HttpResponse(), (), {}) is None
