"""Small request helpers shared by views."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware


def site_root(request: HttpRequest | None) -> str:
    """``scheme://host`` of the public site: ``MASTHEAD_SITE_URL`` when set (behind a
    proxy the request's own host may be an internal one), else the request's."""
    configured: str = settings.MASTHEAD_SITE_URL
    if configured or request is None:
        return configured or "http://localhost"
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """``path`` (``/story/x/``) as the full public address of the page."""
    return site_root(request) + path


def has_session(request: HttpRequest) -> bool:
    """Whether the browser sent a session cookie (without loading the session)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def csrf_passes(request: HttpRequest) -> bool:
    """Run Django's full CSRF check (origin, referer, token) without its 403 page, for
    views that answer a failed check more helpfully."""
    checker = _csrf_checker(tuple(settings.CSRF_TRUSTED_ORIGINS))
    return checker.process_view(request, _no_response, (), {}) is None


def _no_response(_request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@functools.lru_cache(maxsize=8)
def _csrf_checker(trusted_origins: tuple[str, ...]) -> CsrfViewMiddleware:
    # One per list of trusted origins, the only setting the middleware keeps (parsed,
    # in cached properties); made anew for every post it parsed the list every time.
    return CsrfViewMiddleware(_no_response)


def client_ip(request: HttpRequest) -> str:
    """The address of the browser, for throttling and bans.

    ``X-Forwarded-For`` is believed only when the connection itself comes from one of
    ``MASTHEAD_TRUSTED_PROXIES`` (addresses or networks): then the header is read from
    the right, skipping our own proxies, and the first other address is the client's.
    Anything a client writes into the header itself lies to the left of what our proxy
    appended, so it is never reached. (django-ipware was not used: it reads the header
    whoever sent it, and checks trusted proxies against the header, not the connection.)
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - "unknown"
    trusted = _trusted_networks(tuple(settings.MASTHEAD_TRUSTED_PROXIES))
    if not trusted or not _is_in(remote, trusted):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        address = _parse_ip(hop)
        if address is None:
            break  # a malformed hop: what lies left of it cannot be trusted either
        if not _is_in(address, trusted):
            return address
        remote = address
    return remote


def _parse_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@functools.cache
def _trusted_networks(
    entries: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _is_in(
    address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
