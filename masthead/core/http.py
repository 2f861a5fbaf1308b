"""Small request helpers shared by views."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware


def has_session(request: HttpRequest) -> bool:
    """Whether the browser sent a session cookie (without loading the session)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def page_number(request: HttpRequest, name: str = "page") -> int:
    """A positive page number from the query string; anything else is page 1."""
    raw = request.GET.get(name, "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


def csrf_passes(request: HttpRequest) -> bool:
    """Run Django's full CSRF check (origin, referer, token) without its 403 page, for
    views that answer a failed check more helpfully."""
    checker = CsrfViewMiddleware(lambda _request: HttpResponse())
    return checker.process_view(request, lambda _request: HttpResponse(), (), {}) is None
