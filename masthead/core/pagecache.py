"""Whole-page cache for anonymous readers, shared by a Django-side store and an ASGI
fast path that answers cache hits before Django runs.

A page is cached only when the request carries no session or guest cookie (so it
cannot be personal) and the view opts in by calling :func:`store`. Each entry names the
*version keys* it depends on (e.g. the site and one story); bumping a version key (on a new
comment, an edit, a publication) makes every page that depends on it stale at once, in
every process that shares the cache (Redis in production; in-process by default, which
is exact for one process). Entries also expire after ``MASTHEAD_PAGE_CACHE_SECONDS``.

Anonymous responses carry ``Cache-Control: public, max-age=0, s-maxage=N`` (N small, so
a reverse proxy can absorb bursts while browsers always revalidate), an ``ETag`` for
304s, and no ``Vary: Cookie``: the proxy is
told to bypass its cache when a session, flash-message or guest cookie is present.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_cache_control

KEY_PREFIX = "page:"
VERSION_PREFIX = "page-version:"
VALUE_PREFIX = "page-value:"
SAFE_METHODS = frozenset({"GET", "HEAD"})

T = TypeVar("T")
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    versions: tuple[tuple[str, str], ...]
    # Unix time after which the entry is stale, checked on read as well as given to the
    # cache as its timeout: the cache's own expiry (Redis') does not follow a test's
    # clock, nor a clock that moved.
    expires: float = 0.0


# Functions that return the next Unix time at which shared pages change by the clock
# alone (a scheduled story going out), or None. Apps register them (articles does): no
# shared copy or value outlives that moment, in whichever process it was rendered, even
# if the event that marks the change never reaches this process's cache.
_deadline_sources: list[Callable[[], float | None]] = []


def register_deadline(source: Callable[[], float | None]) -> None:
    """Cap every shared entry's lifetime at ``source()`` (idempotent)."""
    if source not in _deadline_sources:
        _deadline_sources.append(source)


def lifetime(seconds: float) -> float:
    """``seconds``, or less if a registered deadline comes sooner (never below 1 s)."""
    now = time.time()
    for source in _deadline_sources:
        deadline = source()
        if deadline is not None and deadline > now:
            seconds = min(seconds, max(deadline - now, 1.0))
    return seconds


def enabled() -> bool:
    return bool(getattr(settings, "MASTHEAD_PAGE_CACHE", True))


def page_key(address: str) -> str:
    digest = hashlib.sha1(address.encode(), usedforsecurity=False).hexdigest()
    return f"{KEY_PREFIX}{digest}"


def address(scheme: str, host: str, forwarded_proto: str, path: str, query: str) -> str:
    """What identifies one shared copy. Host and scheme are part of it because a page
    names its own canonical URL; both sides (Django and the ASGI fast path) build it
    from the same raw request values, so they always agree."""
    return f"{scheme}|{forwarded_proto}|{host.lower()}|{path}?{query}"


def request_address(request: HttpRequest) -> str:
    meta = request.META
    return address(
        str(meta.get("wsgi.url_scheme", "http")),
        str(meta.get("HTTP_HOST", "")),
        str(meta.get("HTTP_X_FORWARDED_PROTO", "")),
        request.path,
        str(meta.get("QUERY_STRING", "")),
    )


def versions(keys: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Current values of ``keys``, creating any that do not exist yet."""
    keys = list(keys)
    return _versions_from(keys, cache.get_many([VERSION_PREFIX + k for k in keys]))


def _versions_from(keys: list[str], found: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """``versions`` of ``keys`` from what one ``get_many`` found."""
    result = []
    for key in keys:
        value = found.get(VERSION_PREFIX + key)
        if value is None:
            cache.add(VERSION_PREFIX + key, secrets.token_hex(8), timeout=None)
            value = cache.get(VERSION_PREFIX + key) or ""
        result.append((key, value))
    return tuple(result)


# Values of ``cached_value`` that cannot change (strings, numbers, frozen sets, tuples of
# these), as this process last read them: while the version keys still match, they are
# answered without reading and unpickling the shared entry again. The version keys are
# still read from the shared cache every time, so a bump in any process ends them.
_KEPT_LIMIT = 1024
_kept: dict[str, tuple[tuple[tuple[str, str], ...], Any, float]] = {}
_IMMUTABLE = (str, bytes, int, float, bool, type(None), frozenset)


def _immutable(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_immutable(item) for item in value)
    return isinstance(value, _IMMUTABLE)


def cached_value(
    name: str, keys: Iterable[str], build: Callable[[], T], *, timeout: int | None = None
) -> T:
    """A value (a list of headlines, an HTML fragment) kept until any of ``keys`` is
    bumped or ``timeout`` seconds pass (default ``MASTHEAD_PAGE_CACHE_SECONDS``);
    ``build`` makes it on a miss.

    Used for the parts of a page that many pages share, so that even an uncached page
    renders only what is its own. A value that goes stale with the clock rather than
    with an event (a "last 24 hours" list) passes a shorter ``timeout``. The versions
    and the value are read in one round trip; a value that cannot change is also kept
    in the process (``_kept``), and a mutable one is a fresh copy for every caller.
    """
    keys = list(keys)
    value_key = VALUE_PREFIX + name
    wanted = [VERSION_PREFIX + k for k in keys]
    kept = _kept.get(name)
    found = cache.get_many(wanted if kept is not None else [*wanted, value_key])
    current = _versions_from(keys, found)
    now = time.time()
    if kept is not None:
        if kept[0] == current and kept[2] > now:
            return cast(T, kept[1])
        found[value_key] = cache.get(value_key)
    entry = found.get(value_key)
    if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == current and entry[2] > now:
        _keep(name, entry)
        return cast(T, entry[1])
    value = build()
    if timeout is None:
        timeout = settings.MASTHEAD_PAGE_CACHE_SECONDS
    seconds = lifetime(timeout)
    entry = (current, value, time.time() + seconds)
    cache.set(value_key, entry, timeout=max(int(seconds), 1))
    _keep(name, entry)
    return value


def _keep(name: str, entry: tuple[tuple[tuple[str, str], ...], Any, float]) -> None:
    if not _immutable(entry[1]):
        return
    if len(_kept) >= _KEPT_LIMIT:
        _kept.clear()
    _kept[name] = entry


def bump(*keys: str) -> None:
    """Make every cached page that depends on any of ``keys`` stale."""
    cache.set_many({VERSION_PREFIX + k: secrets.token_hex(8) for k in keys}, timeout=None)


def is_shared_request(method: str, cookie_names: Iterable[str]) -> bool:
    """Whether a request may be answered with (and stored as) a page shared by all
    anonymous readers: a GET or HEAD without a session, flash-message or guest cookie
    (a guest who posted sees controls for their own comments, and their name in the
    form)."""
    personal = {
        settings.SESSION_COOKIE_NAME,
        "messages",
        settings.MASTHEAD_GUEST_COOKIE_NAME,
        settings.MASTHEAD_GUEST_NAME_COOKIE_NAME,
    }
    return method in SAFE_METHODS and personal.isdisjoint(cookie_names)


def lookup(address: str) -> Entry | None:
    """A still-valid entry for this address (see ``address``), or ``None``."""
    if not enabled():
        return None
    entry = cache.get(page_key(address))
    if not isinstance(entry, Entry) or getattr(entry, "expires", 0.0) <= time.time():
        return None
    current = cache.get_many([VERSION_PREFIX + k for k, _ in entry.versions])
    if any(current.get(VERSION_PREFIX + k) != v for k, v in entry.versions):
        return None
    return entry


def shared_headers(response: HttpResponseBase) -> None:
    """Mark a response as the same for every anonymous reader."""
    # Browsers revalidate every time (max-age=0; the ETag makes that a 304), so a reader
    # who has just posted, logged in or got a guest cookie never sees an older shared
    # copy from their own cache; shared caches (a reverse proxy) keep it a few seconds.
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.MASTHEAD_PAGE_CACHE_PROXY_SECONDS,
    )


def store(
    request: HttpRequest,
    response: HttpResponse,
    *,
    depends_on: tuple[tuple[str, str], ...],
) -> HttpResponse:
    """Keep a rendered anonymous page, with the version values read *before* it was
    rendered (so a change during rendering leaves the entry already stale)."""
    shared_headers(response)
    etag = '"' + hashlib.sha1(response.content, usedforsecurity=False).hexdigest()[:20] + '"'
    response["ETag"] = etag
    response["Last-Modified"] = formatdate(usegmt=True)
    if not enabled() or response.status_code != 200 or response.cookies:
        return response
    if "Cookie" in response.get("Vary", ""):
        return response  # something personal got in; never share it
    headers = tuple(
        (name, value)
        for name, value in response.items()
        if name.lower()
        in {
            "content-type",
            "cache-control",
            "etag",
            "last-modified",
            "content-language",
        }
    )
    seconds = lifetime(settings.MASTHEAD_PAGE_CACHE_SECONDS)
    entry = Entry(
        response.status_code, headers, response.content, etag, depends_on, time.time() + seconds
    )
    cache.set(page_key(request_address(request)), entry, timeout=max(int(seconds), 1))
    return response


def response_from(entry: Entry, if_none_match: str | None) -> HttpResponse:
    """A Django response for a cache hit (used when the ASGI fast path is not in front)."""
    if if_none_match and entry.etag in {t.strip() for t in if_none_match.split(",")}:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = entry.etag
        return not_modified
    response = HttpResponse(entry.body, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheApp:
    """ASGI wrapper: answers anonymous GET/HEAD cache hits without entering Django.

    Everything else (misses, members, posts, streams) goes to the wrapped application.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in SAFE_METHODS or not enabled():
            await self.app(scope, receive, send)  # a post never has a shared copy
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookie_names(headers.get("cookie", ""))
        streaming = "text/event-stream" in headers.get("accept", "")
        if streaming or not is_shared_request(scope["method"], cookies):
            await self.app(scope, receive, send)
            return
        entry = lookup(
            address(
                scope.get("scheme", "http"),
                headers.get("host", ""),
                headers.get("x-forwarded-proto", ""),
                scope["path"],
                scope.get("query_string", b"").decode("latin-1"),
            )
        )
        if entry is None:
            await self.app(scope, receive, send)
            return
        inm = headers.get("if-none-match")
        if inm and entry.etag in {t.strip() for t in inm.split(",")}:
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", entry.etag.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in entry.headers]
        raw_headers.extend(security_headers())
        raw_headers.append((b"content-length", str(len(entry.body)).encode()))
        raw_headers.append((b"x-page-cache", b"hit"))
        await send({"type": "http.response.start", "status": entry.status, "headers": raw_headers})
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})


def security_headers() -> list[tuple[bytes, bytes]]:
    """What Django's security and clickjacking middleware add to every response; the
    fast path answers without them, so it adds the same headers itself."""
    headers = [(b"x-frame-options", settings.X_FRAME_OPTIONS.encode())]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append((b"referrer-policy", str(settings.SECURE_REFERRER_POLICY).encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        coop = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        headers.append((b"cross-origin-opener-policy", coop.encode()))
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        headers.append((b"strict-transport-security", hsts.encode()))
    return headers


def _cookie_names(header: str) -> list[str]:
    return [part.split("=", 1)[0].strip() for part in header.split(";") if "=" in part]
