"""The guest cookie: how a browser that posted as a guest is known again.

The cookie holds a random id (256 bits), signed so that it cannot be made up; the
database keeps only its SHA-256 (``Comment.guest_token_hash``), so neither a database
dump nor an admin screen gives anyone a working cookie. A valid cookie lets its browser
delete its own comments within the edit window.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

SALT = "masthead.guest"
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
    token = request.get_signed_cookie(
        settings.MASTHEAD_GUEST_COOKIE_NAME,
        default=None,
        salt=SALT,
        max_age=settings.MASTHEAD_GUEST_COOKIE_MAX_AGE,
    )
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        return None
    return token


def set_guest_cookie(response: HttpResponseBase, request: HttpRequest, token: str) -> None:
    """Give the browser its (signed) guest id: HttpOnly, SameSite=Lax, Secure over
    HTTPS, kept ``MASTHEAD_GUEST_COOKIE_MAX_AGE`` seconds from this post."""
    response.set_signed_cookie(
        settings.MASTHEAD_GUEST_COOKIE_NAME,
        token,
        salt=SALT,
        max_age=settings.MASTHEAD_GUEST_COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
