"""The bridge from the ASGI server to Django's WSGI handler (``core.asgi.WSGIBridge``)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import pytest
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from masthead.core.asgi import BUFFER_BYTES, SPOOL_BYTES, WSGIBridge, WSGIHandler

Message = dict[str, Any]


def scope(method: str = "GET", path: str = "/x/") -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"a=1",
        "http_version": "1.1",
        "headers": [(b"content-type", b"text/plain"), (b"x-thing", b"yes")],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 5555),
    }


def serve(
    app: Any, request_body: list[bytes] | None = None, *, disconnect: bool = False
) -> list[Message]:
    """Run one request through the bridge; returns every message it sent."""
    incoming: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(request_body or [b""]) - 1}
        for i, chunk in enumerate(request_body or [b""])
    ]
    if disconnect:
        incoming = [*incoming[:1], {"type": "http.disconnect"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Mapping[str, Any]) -> None:
        sent.append(dict(message))

    bridge = WSGIBridge(app, threads=1)
    request = scope("POST" if request_body else "GET")
    failures: list[BaseException] = []

    def on_its_own_loop() -> None:  # as a server worker runs it (and whatever ran before)
        try:
            asyncio.run(bridge(request, receive, send))
        except BaseException as exc:  # handed to the test's thread
            failures.append(exc)

    loop_thread = threading.Thread(target=on_its_own_loop, name="event-loop")
    loop_thread.start()
    loop_thread.join(timeout=30)
    if failures:
        raise failures[0]
    return sent


class Response:
    """A WSGI response that records how it was used."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks
        self.closed_on: list[str] = []

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)

    def close(self) -> None:
        self.closed_on.append(threading.current_thread().name)


def app_returning(response: Response, seen: dict[str, Any]) -> Callable[..., Response]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Response:
        seen["environ"] = environ
        seen["body"] = environ["wsgi.input"].read()
        seen["thread"] = threading.current_thread().name
        start_response("201 Created", [("Content-Type", "text/plain"), ("X-Answer", "42")])
        return response

    return app


def test_a_page_is_sent_whole_in_one_message_and_closed_on_the_thread_that_made_it() -> None:
    seen: dict[str, Any] = {}
    response = Response([b"Hello, ", b"", b"reader"])
    sent = serve(app_returning(response, seen))
    assert sent == [
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"x-answer", b"42")],
        },
        {"type": "http.response.body", "body": b"Hello, reader"},
    ]
    assert response.closed_on == [seen["thread"]]
    assert seen["thread"] != "event-loop"
    environ = seen["environ"]
    assert (environ["REQUEST_METHOD"], environ["PATH_INFO"], environ["QUERY_STRING"]) == (
        "GET",
        "/x/",
        "a=1",
    )
    assert (environ["CONTENT_TYPE"], environ["HTTP_X_THING"]) == ("text/plain", "yes")
    assert environ["REMOTE_ADDR"] == "127.0.0.1"


def test_a_large_response_streams_in_order() -> None:
    seen: dict[str, Any] = {}
    block = b"x" * (64 * 1024)
    count = 2 * BUFFER_BYTES // len(block) + 3
    chunks = [bytes([65 + i % 26]) + block[1:] for i in range(count)]
    response = Response(chunks)
    sent = serve(app_returning(response, seen))
    assert sent[0]["type"] == "http.response.start"
    bodies = sent[1:]
    assert len(bodies) > 2  # more than one piece: it was not held whole
    assert all(m["more_body"] for m in bodies[:-1])
    assert not bodies[-1].get("more_body")
    assert b"".join(m["body"] for m in bodies) == b"".join(chunks)
    assert response.closed_on == [seen["thread"]]


@pytest.mark.parametrize("size", [10, SPOOL_BYTES + 12345])
def test_a_request_body_in_pieces_reaches_the_view_complete(size: int) -> None:
    seen: dict[str, Any] = {}
    body = bytes(i % 251 for i in range(size))
    pieces = [body[i : i + 70_000] for i in range(0, size, 70_000)] or [b""]
    serve(app_returning(Response([b"ok"]), seen), pieces)
    assert seen["body"] == body


def test_a_client_gone_before_its_body_arrived_runs_no_view() -> None:
    seen: dict[str, Any] = {}
    sent = serve(app_returning(Response([b"ok"]), seen), [b"part", b"never"], disconnect=True)
    assert sent == []
    assert seen == {}


def test_an_error_in_the_application_reaches_the_server() -> None:
    def broken(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        raise RuntimeError("view failed")

    with pytest.raises(RuntimeError, match="view failed"):
        serve(broken)


def test_requests_queue_for_the_thread_and_one_given_up_in_the_queue_runs_no_view() -> None:
    """With one thread, requests wait their turn in order; a request whose client went
    away (its task cancelled) while it waited is dropped, not run."""
    release = threading.Event()
    ran: list[str] = []

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        ran.append(environ["PATH_INFO"])
        if environ["PATH_INFO"] == "/first/":
            release.wait(timeout=10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["PATH_INFO"].encode()]

    bridge = WSGIBridge(app, threads=1)

    async def one(path: str, sent: list[Message]) -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Mapping[str, Any]) -> None:
            sent.append(dict(message))

        await bridge({**scope(path=path)}, receive, send)

    async def run() -> tuple[list[Message], list[Message]]:
        first_sent: list[Message] = []
        third_sent: list[Message] = []
        first = asyncio.create_task(one("/first/", first_sent))
        await asyncio.sleep(0.05)  # the first is running and holds the only thread
        second = asyncio.create_task(one("/second/", []))
        third = asyncio.create_task(one("/third/", third_sent))
        await asyncio.sleep(0.05)
        second.cancel()  # its client went away while it waited
        release.set()
        await asyncio.gather(first, third)
        with pytest.raises(asyncio.CancelledError):
            await second
        return first_sent, third_sent

    outcome: list[tuple[list[Message], list[Message]]] = []
    # On a loop of its own thread, as a server worker runs it (and whatever ran before).
    loop_thread = threading.Thread(target=lambda: outcome.append(asyncio.run(run())))
    loop_thread.start()
    loop_thread.join(timeout=30)
    first_sent, third_sent = outcome[0]
    assert ran == ["/first/", "/third/"]
    assert first_sent[-1] == {"type": "http.response.body", "body": b"/first/"}
    assert third_sent[-1] == {"type": "http.response.body", "body": b"/third/"}


def _request(path: str) -> HttpRequest:
    request = HttpRequest()
    request.path = request.path_info = path
    return request


@pytest.mark.parametrize("path", ["/story/one/comments/", "/story/one/comments/7/vote/", "/"])
def test_the_handler_resolves_as_django_does(path: str) -> None:
    ours, django_own = WSGIHandler().resolve_request(_request(path)), resolve(path)
    assert (ours.func, ours.args, ours.kwargs, ours.view_name, ours.route) == (
        django_own.func,
        django_own.args,
        django_own.kwargs,
        django_own.view_name,
        django_own.route,
    )


def test_each_request_gets_its_own_match_and_unknown_paths_stay_unknown() -> None:
    """Paths are resolved once per process (``core.asgi.WSGIHandler``), but a view's
    arguments belong to its request, and a path that matches nothing is a 404 every
    time."""
    handler = WSGIHandler()
    first = _request("/story/one/comments/")
    handler.resolve_request(first)
    assert first.resolver_match is not None
    first.resolver_match.kwargs["slug"] = "changed by the first request"
    again = handler.resolve_request(_request("/story/one/comments/"))
    assert again.kwargs == {"slug": "one"}
    assert handler.resolve_request(_request("/story/two/comments/")).kwargs == {"slug": "two"}
    for _ in range(2):
        with pytest.raises(Resolver404):
            handler.resolve_request(_request("/no/such/page/"))
