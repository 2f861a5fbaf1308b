"""Flash messages: the store is made only for a request that adds or reads one."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from masthead.core.middleware import MessageMiddleware


def run(
    view: Callable[[HttpRequest], HttpResponse], cookies: dict[str, str] | None = None
) -> tuple[HttpRequest, HttpResponse]:
    request = RequestFactory().get("/somewhere/")
    request.session = SessionStore()
    request.COOKIES.update(cookies or {})
    response = MessageMiddleware(view)(request)
    assert isinstance(response, HttpResponse)
    return request, response


def test_a_message_added_is_kept_for_the_next_page() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        messages.info(request, "Your comment #3 is waiting for a moderator.")
        return HttpResponse("ok")

    _, response = run(view)
    assert "messages" in response.cookies

    def next_page(request: HttpRequest) -> HttpResponse:
        return HttpResponse(" | ".join(str(m) for m in messages.get_messages(request)))

    _, shown = run(next_page, {"messages": response.cookies["messages"].value})
    assert shown.content == b"Your comment #3 is waiting for a moderator."
    assert shown.cookies["messages"]["max-age"] == 0  # read, so cleared


def test_a_request_that_never_touches_messages_leaves_them_for_later() -> None:
    def add(request: HttpRequest) -> HttpResponse:
        messages.info(request, "Saved.")
        return HttpResponse("ok")

    _, first = run(add)
    waiting = first.cookies["messages"].value
    request, response = run(
        lambda request: HttpResponse("json, no messages"), {"messages": waiting}
    )
    assert "messages" not in response.cookies  # untouched: still in the browser
    assert request._messages._wrapped is empty  # type: ignore[attr-defined]  # never made
