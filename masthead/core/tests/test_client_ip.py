"""Which address a request comes from: X-Forwarded-For only from our own proxies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from masthead.core.http import client_ip


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.9", "", "203.0.113.9"),
        ([], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # nobody trusted: header ignored
        (["10.0.0.1"], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not from our proxy
        (["10.0.0.1"], "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        (["10.0.0.1"], "10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged left part
        (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 198.51.100.7, 10.2.3.4", "198.51.100.7"),
        (["10.0.0.1"], "10.0.0.1", "not-an-ip", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_forwarded_for_is_believed_only_from_trusted_proxies(
    settings: Any, trusted: list[str], remote: str, forwarded: str, expected: str
) -> None:
    """The client's address is the connection's, unless a trusted proxy connected; then
    it is the right-most address in X-Forwarded-For that is not one of our proxies."""
    settings.MASTHEAD_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
