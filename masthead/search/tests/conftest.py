"""Stories and comments made through the site's own actions, so that what search finds
is what the index kept from real write paths (SQLite triggers, PostgreSQL indexes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment


@pytest.fixture(autouse=True)
def _no_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """No guard or screen: tests hold and remove comments themselves."""
    monkeypatch.setattr(hooks, "_guards", [])
    monkeypatch.setattr(hooks, "_screens", [])


@pytest.fixture
def post() -> Callable[..., Comment]:
    def make(article: Article, body: str, **kwargs: Any) -> Comment:
        if "author" not in kwargs and "guest_name" not in kwargs:
            kwargs["guest_name"] = "Pat"
        return post_comment(article=article, body=body, **kwargs)

    return make
