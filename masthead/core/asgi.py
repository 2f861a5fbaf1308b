"""How the ASGI server reaches Django: async views through Django's ASGI handler, the
rest through its WSGI handler on a thread pool.

Most of the site is synchronous (ORM, templates). Run through Django's ASGI handler,
each sync request pays for several hops between the event loop and worker threads;
measured in-process on the demo story: 5.9 ms a page and 1.9 ms for a trivial view,
against 3.9 ms and 0.5 ms through the WSGI handler on a2wsgi's thread pool. Async views
(the live-update streams) need the event loop, so they keep the ASGI handler. Which
handler a path gets is decided once per path, from whether its view is a coroutine.
"""

from __future__ import annotations

from functools import lru_cache

from a2wsgi import WSGIMiddleware
from asgiref.sync import iscoroutinefunction
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.urls import Resolver404, resolve

from .pagecache import Receive, Scope, Send


class SyncAsyncRouter:
    """One ASGI application over Django's two handlers (see the module docstring)."""

    def __init__(self, asgi: ASGIHandler, wsgi: WSGIHandler, *, threads: int = 1) -> None:
        # ``MASTHEAD_WSGI_THREADS``: 1 on SQLite, a few more on PostgreSQL (see settings).
        self.asgi = asgi
        self.wsgi = WSGIMiddleware(wsgi, workers=threads)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not view_is_async(scope["path"]):
            await self.wsgi(scope, receive, send)  # type: ignore[arg-type]
        else:
            await self.asgi(scope, receive, send)


@lru_cache(maxsize=4096)
def view_is_async(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return iscoroutinefunction(match.func)
