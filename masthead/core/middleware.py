"""Middleware of the site's own."""

from __future__ import annotations

from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty


class MessageMiddleware(DjangoMessageMiddleware):
    """Django's flash messages, with the store made when a request first adds or reads
    one. Making it signs nothing but still builds a cookie signer, a fiftieth of a
    posted comment's time, on every request, and most (a post, a cached page's miss)
    never touch a message. A store never made has nothing to save: what the browser's
    messages cookie holds stays for the next page, as it would."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        store = getattr(request, "_messages", None)
        if isinstance(store, SimpleLazyObject) and store._wrapped is empty:  # type: ignore[attr-defined]
            return response
        return super().process_response(request, response)
