from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A CSRF token (and its cookie) for forms on cached pages, which carry none."""
    return JsonResponse({"token": get_token(request)})
