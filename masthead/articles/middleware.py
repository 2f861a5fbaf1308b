"""Old story addresses keep working after an editor changes a slug."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.decorators import sync_and_async_middleware

from . import selectors


def _redirect_for(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
    if response.status_code != 404 or request.method not in ("GET", "HEAD"):
        return None
    target = selectors.current_path_for_former_slug(request.path)
    if target is None:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


@sync_and_async_middleware
def former_slug_redirect(get_response: Callable[[HttpRequest], Any]) -> Any:
    """Answer a 404 under ``/story/<former-slug>/`` with a 301 to the story's current
    address (same sub-path and query). Costs a query only on such 404s; async so the
    live streams stay async."""
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            response = await get_response(request)
            if response.status_code != 404:
                return response  # type: ignore[no-any-return]
            redirect = await sync_to_async(_redirect_for)(request, response)
            return redirect or response

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        response: HttpResponse = get_response(request)
        return _redirect_for(request, response) or response

    return middleware
