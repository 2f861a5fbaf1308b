"""The guest cookie: how a browser that posted as a guest is known again.

The cookie holds a random id (256 bits), signed so that it cannot be made up; the
database keeps only its SHA-256 (``Comment.guest_token_hash``), so neither a database
dump nor an admin screen gives anyone a working cookie. A valid cookie lets its browser
delete its own comments within the edit window.

A second cookie remembers the name the guest last posted under, to fill the form in
next time. It lives in the browser, not in a server session: a guest who posts needs
no session row, and no session is read on their every request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

from masthead.core.http import has_session

SALT = "masthead.guest"
NAME_SALT = "masthead.guest.name"
# Sessions of guests who posted before the name moved to its own cookie keep it here.
LEGACY_SESSION_KEY = "guest_name"
# A guest cookie younger than this is not sent again with the next post: its expiry
# moves (to ``MASTHEAD_GUEST_COOKIE_MAX_AGE`` after the post) at most once a day, and
# posting does not sign and send the same id every time.
RENEW_AFTER_SECONDS = 24 * 60 * 60
# secrets.token_urlsafe(32): 43 URL-safe characters; allow longer ids from later versions.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43,128}")


def new_guest_token() -> str:
    """A fresh random id for a guest's browser (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_guest_token(token: str) -> str:
    """What the database keeps of a guest id: its SHA-256, as 64 hex digits."""
    return hashlib.sha256(token.encode()).hexdigest()


def read_guest_token(request: HttpRequest) -> str | None:
    """The guest id of this browser, or ``None`` if it has no cookie or one that is
    unsigned, forged, expired or malformed."""
    return _read_guest_cookie(request)[0]


def _read_guest_cookie(request: HttpRequest) -> tuple[str | None, float]:
    """The guest id (as ``read_guest_token``) and when its cookie was signed (a Unix
    time; 0 without a valid id). Read once per request."""
    cached: tuple[str | None, float] | None = getattr(request, "_masthead_guest_cookie", None)
    if cached is not None:
        return cached
    name = settings.MASTHEAD_GUEST_COOKIE_NAME
    found: tuple[str | None, float] = (None, 0.0)
    raw = request.COOKIES.get(name)
    if raw:
        token, signed_at = _verified(
            raw,
            f"{name}|{SALT}",
            lambda: request.get_signed_cookie(
                name, default=None, salt=SALT, max_age=settings.MASTHEAD_GUEST_COOKIE_MAX_AGE
            ),
        )
        if isinstance(token, str) and _TOKEN_SHAPE.fullmatch(token):
            found = (token, signed_at)
    request._masthead_guest_cookie = found  # type: ignore[attr-defined]
    return found


# Signed cookies already verified in this process, by their whole value (signature and
# time included), cookie name and salt: a guest's browser sends the same two cookies
# with every post, and checking a signature again (key derivation and HMAC, through
# Django's layers) cost about 6% of a post. An entry answers only the same value signed
# with the same key, and its age is checked again at every use.
_VERIFIED_LIMIT = 4096
_verified_cookies: dict[tuple[str, str, str], tuple[object, float]] = {}


def _verified(raw: str, purpose: str, unsign: Callable[[], object]) -> tuple[object, float]:
    """What ``unsign()`` (Django's check of ``raw`` for ``purpose``, the cookie's name
    and salt, with its maximum age) gives, with the time ``raw`` was signed;
    ``(None, 0.0)`` if it is unsigned, forged, expired or malformed."""
    key = (raw, purpose, settings.SECRET_KEY)
    known = _verified_cookies.get(key)
    if known is not None:
        if time.time() - known[1] <= settings.MASTHEAD_GUEST_COOKIE_MAX_AGE:
            return known
        return (None, 0.0)
    try:
        value = unsign()
        # A verified value reads "payload:timestamp:signature" (``TimestampSigner``).
        signed_at = float(signing.b62_decode(raw.rsplit(":", 2)[-2]))
    except (signing.BadSignature, ValueError, IndexError):
        return (None, 0.0)
    if value is None:
        return (None, 0.0)
    if len(_verified_cookies) >= _VERIFIED_LIMIT:
        _verified_cookies.clear()
    _verified_cookies[key] = (value, signed_at)
    return (value, signed_at)


def set_guest_cookie(response: HttpResponseBase, request: HttpRequest, token: str) -> None:
    """Give the browser its (signed) guest id: HttpOnly, SameSite=Lax, Secure over
    HTTPS, kept ``MASTHEAD_GUEST_COOKIE_MAX_AGE`` seconds from this post. Not sent
    again while the browser's cookie holds this id and is under a day old."""
    held, signed_at = _read_guest_cookie(request)
    if held == token and time.time() - signed_at < RENEW_AFTER_SECONDS:
        return
    response.set_signed_cookie(
        settings.MASTHEAD_GUEST_COOKIE_NAME,
        token,
        salt=SALT,
        max_age=settings.MASTHEAD_GUEST_COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def read_guest_name(request: HttpRequest) -> str:
    """The name this browser last posted under as a guest, or ``""``."""
    raw = request.COOKIES.get(settings.MASTHEAD_GUEST_NAME_COOKIE_NAME)
    if raw:
        name, _signed_at = _verified(
            raw,
            f"{settings.MASTHEAD_GUEST_NAME_COOKIE_NAME}|{NAME_SALT}",
            lambda: signing.loads(
                raw, salt=NAME_SALT, max_age=settings.MASTHEAD_GUEST_COOKIE_MAX_AGE
            ),
        )
        if isinstance(name, str):
            return name
    if has_session(request):
        return str(request.session.get(LEGACY_SESSION_KEY, ""))
    return ""


def remember_guest_name(response: HttpResponseBase, request: HttpRequest, name: str) -> None:
    """Keep ``name`` for this browser's next comment (a cookie like the guest id's,
    written only when the name changed)."""
    if read_guest_name(request) == name:
        return
    response.set_cookie(
        settings.MASTHEAD_GUEST_NAME_COOKIE_NAME,
        signing.dumps(name, salt=NAME_SALT),
        max_age=settings.MASTHEAD_GUEST_COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
