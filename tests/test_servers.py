"""The test helper that starts real app server processes works."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from django.db import connection

from masthead.articles.models import Article
from tests.servers import app_server, database_url_for


@pytest.mark.django_db(transaction=True)
def test_app_server_serves_the_test_database(article: Article) -> None:
    """A server process started by the helper sees stories committed by the test."""
    url = database_url_for(connection.settings_dict)
    with (
        app_server(url) as base,
        urllib.request.urlopen(base + article.get_absolute_url()) as response,  # noqa: S310
    ):
        html: Any = response.read().decode()
    assert article.headline in html
