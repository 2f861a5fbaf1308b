"""Shared fixtures: small factories that go through the same actions as the site."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from masthead.accounts.models import User
from masthead.accounts.names import name_keys
from masthead.articles.actions import create_article
from masthead.articles.models import Article, Section

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (pages, versions), as a fresh site would.

    On Redis only this run's keys go (its own key prefix): other test runs on the same
    machine keep theirs.
    """
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache() -> None:
    from masthead.articles import caching

    caching.next_publication_memo = None  # the process's one-second copy goes too
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is not None:
        delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture
def section(db: Any) -> Section:
    return Section.objects.create(name="Mobile", slug="mobile")


@pytest.fixture
def make_article(section: Section) -> Callable[..., Article]:
    def make(**kwargs: Any) -> Article:
        n = next(_seq)
        defaults: dict[str, Any] = {
            "headline": f"Story number {n}",
            "slug": f"story-{n}",
            "summary": f"Summary of story {n}.",
            "body": f"Paragraph one of story {n}.\n\nParagraph two.",
            "section": section,
            "published_at": timezone.now() - timedelta(hours=n),
        }
        defaults.update(kwargs)
        return create_article(**defaults)

    return make


@pytest.fixture
def article(make_article: Callable[..., Article]) -> Article:
    return make_article(headline="Phones sold in record numbers", slug="record-phones")


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(**kwargs: Any) -> User:
        n = next(_seq)
        defaults: dict[str, Any] = {"username": f"member{n}", "display_name": f"Member {n}"}
        defaults.update(kwargs)
        password = defaults.pop("password", "correct horse battery")
        user = User(**defaults)
        user.name_key, user.name_shape_key = name_keys(user.public_name)
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def member(make_user: Callable[..., User]) -> User:
    return make_user(username="reader", display_name="Keen Reader")


@pytest.fixture
def verified_member(member: User) -> User:
    """``member`` with a verified e-mail address, so that they can log in."""
    from allauth.account.models import EmailAddress

    member.email = "reader@example.org"
    member.save(update_fields=["email"])
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    return member
