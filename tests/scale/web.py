"""A tiny standard-library browser for talking to real app server processes.

One ``Browser`` is one visitor: a cookie jar shared by every server it talks to (cookies
are per host, not per port, so a session made on 127.0.0.1:A is sent to 127.0.0.1:B, as a
browser behind a load balancer would send it to whichever process answers).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any

TIMEOUT = 30.0
_FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Response:
    status: int
    #: Where the request ended up (after redirects), fragment included.
    url: str
    headers: Message
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError carrying the 3xx response


class Browser:
    """A visitor with its own cookie jar; ``get``/``post`` take absolute URLs."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        cookie_handler = urllib.request.HTTPCookieProcessor(self.cookies)
        self._following = urllib.request.build_opener(cookie_handler)
        self._staying = urllib.request.build_opener(cookie_handler, _NoRedirect())

    def get(self, url: str) -> Response:
        return self._open(urllib.request.Request(url), follow=True)  # noqa: S310 - loopback

    def post(self, url: str, fields: dict[str, str], *, follow: bool = True) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - loopback
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        return self._open(request, follow=follow)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def _open(self, request: urllib.request.Request, *, follow: bool) -> Response:
        opener = self._following if follow else self._staying
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                return Response(
                    response.status, response.geturl(), response.headers, _text(response)
                )
        except urllib.error.HTTPError as error:  # 3xx when not following, 4xx, 5xx
            with error:
                return Response(error.code, error.geturl(), error.headers, _text(error))


def _text(response: Any) -> str:
    return bytes(response.read()).decode("utf-8", errors="replace")


def form_token(html: str) -> str | None:
    """The ``csrfmiddlewaretoken`` of the first form on a page, if it has one."""
    match = _FORM_TOKEN.search(html)
    return match.group(1) if match else None


def csrf_token(browser: Browser, base_url: str, *, story_slug: str | None = None) -> str:
    """A CSRF token valid with ``browser``'s ``csrftoken`` cookie for posting to ``base_url``.

    Cached anonymous story pages carry no token, so ask ``/csrf/`` (JSON ``{"token": ...}``,
    which also sets the cookie); where that endpoint does not exist, read the token from a
    page that always renders a form: a reply form on the story, else the login page.
    """
    response = browser.get(f"{base_url}/csrf/")
    if response.status == 200:
        token = json.loads(response.text).get("token")
        if isinstance(token, str) and token:
            return token
    fallbacks = ["/accounts/login/"]
    if story_slug:
        fallbacks.insert(0, f"/story/{story_slug}/comments/1/reply/")
    for path in fallbacks:
        response = browser.get(base_url + path)
        token = form_token(response.text) if response.status == 200 else None
        if token:
            return token
    raise AssertionError(f"{base_url} gave no CSRF token at /csrf/ or {', '.join(fallbacks)}")
