"""Two app server processes on different ports, sharing the test database (and Redis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from django.conf import settings
from django.db import connection

from tests.servers import app_server, database_url_for

NO_REDIS = (
    "two processes share cache and sessions only through Redis: "
    "set REDIS_URL (CI's second run does)"
)


class Servers(NamedTuple):
    a: str
    b: str


@pytest.fixture
def two_servers(transactional_db: Any) -> Iterator[Servers]:
    """Processes A and B, started after the test's data is committable and stopped
    before the test database is flushed. They inherit ``REDIS_URL`` from this run."""
    url = database_url_for(connection.settings_dict)
    with app_server(url) as a, app_server(url) as b:
        yield Servers(a, b)


@pytest.fixture
def shared_redis() -> None:
    """Skip, saying why, when this run has no Redis for the processes to share."""
    if not settings.REDIS_URL:
        pytest.skip(NO_REDIS)
