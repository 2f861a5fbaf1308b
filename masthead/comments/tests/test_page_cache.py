"""Anonymous story pages are served from one shared copy, made stale by any change."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from masthead.accounts.models import User
from masthead.articles.actions import save_article
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment
from masthead.comments.models import Comment
from tests.servers import app_server, database_url_for

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def test_second_anonymous_view_is_a_cache_hit_fit_for_proxies(
    client: Client, article: Article
) -> None:
    """The shared copy carries public caching headers, an ETag, and nothing personal."""
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for response in (first, second):
        assert "public" in response["Cache-Control"]
        assert "s-maxage=5" in response["Cache-Control"]  # kept by proxies
        assert "max-age=0" in response["Cache-Control"]  # revalidated by browsers
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies
        assert response["ETag"].startswith('"')


def test_unchanged_page_answers_304(client: Client, article: Article) -> None:
    """A reader revalidating with the ETag gets 304 Not Modified and no body."""
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_new_comment_makes_the_cached_page_stale(
    client: Client, article: Article, django_capture_on_commit_callbacks: Any
) -> None:
    """After a comment is posted or removed, the next anonymous reader sees the change."""
    client.get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=article, body="Fresh news", guest_name="Pat")
    page = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in page
    assert "Fresh news" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        remove_comment(comment=comment)
    assert "Fresh news" not in client.get(article.get_absolute_url()).content.decode()


def test_republishing_a_story_makes_its_page_stale(
    client: Client, article: Article, django_capture_on_commit_callbacks: Any
) -> None:
    """An editor's change reaches readers at once."""
    client.get(article.get_absolute_url())
    article.headline = "Corrected headline"
    with django_capture_on_commit_callbacks(execute=True):
        save_article(article=article)
    assert "Corrected headline" in client.get(article.get_absolute_url()).content.decode()


def test_members_get_a_private_uncached_page(
    client: Client, article: Article, member: User
) -> None:
    """A signed-in reader's page is personal: never shared, never kept by a proxy."""
    client.get(article.get_absolute_url())  # fills the shared copy
    client.force_login(member)
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "Keen Reader" in response.content.decode()


def test_shared_page_has_no_token_and_the_first_post_asks_to_confirm(
    article: Article,
) -> None:
    """Without JavaScript, a post from the cached page is kept and confirmed, not lost."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(article.get_absolute_url()).content.decode()
    assert TOKEN.findall(page) == [""]
    url = f"{article.get_absolute_url()}comments/"
    response = client.post(url, {"body": "Kept text", "name": "Pat", "csrfmiddlewaretoken": ""})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Please confirm: your comment has not been posted yet." in html
    assert "Kept text" in html
    assert Comment.objects.count() == 0
    token = TOKEN.findall(html)[0]
    assert token
    confirmed = client.post(url, {"body": "Kept text", "name": "Pat", "csrfmiddlewaretoken": token})
    assert confirmed.status_code == 302
    assert Comment.objects.get().body == "Kept text"


def test_csrf_endpoint_gives_a_token_for_cached_forms(article: Article) -> None:
    """/csrf/ hands scripts a working token and cookie, and is never cached."""
    client = Client(enforce_csrf_checks=True)
    response = client.get("/csrf/")
    assert "no-store" in response["Cache-Control"]
    token = response.json()["token"]
    posted = client.post(
        f"{article.get_absolute_url()}comments/",
        {"body": "Via script", "name": "Pat", "csrfmiddlewaretoken": token},
    )
    assert posted.status_code == 302


def test_cache_off_renders_every_time(client: Client, article: Article, settings: Any) -> None:
    """MASTHEAD_PAGE_CACHE=0 turns the shared copy off (the benchmark's cold case)."""
    settings.MASTHEAD_PAGE_CACHE = False
    client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_asgi_fast_path_serves_hits_before_django(
    make_article: Callable[..., Article],
) -> None:
    """In the real server, a repeat anonymous view is answered from the cache, and a new
    comment is visible on the next view."""
    story = make_article(headline="Served fast")
    with app_server(database_url_for(connection.settings_dict)) as base:
        url = base + story.get_absolute_url()
        with urllib.request.urlopen(url) as first:  # noqa: S310 - loopback
            first_body = first.read()
        with urllib.request.urlopen(url) as second:  # noqa: S310
            assert second.headers["X-Page-Cache"] == "hit"
            assert second.read() == first_body
        if connection.vendor == "sqlite" or not _shared_cache():
            return  # the server process has its own in-process cache: nothing to invalidate
        post_comment(article=story, body="After the hit", guest_name="Pat")
        with urllib.request.urlopen(url) as third:  # noqa: S310
            assert b"After the hit" in third.read()


def _shared_cache() -> bool:
    from django.conf import settings

    return bool(settings.REDIS_URL)


def test_each_host_and_scheme_gets_its_own_copy(client: Client, article: Article) -> None:
    """A page names its canonical URL, so a copy made for one host is not served to another."""
    other = client.get(article.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert 'href="http://localhost/story/' in other
    page = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in page
    assert 'href="http://testserver/story/' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_fast_path_hits_keep_the_security_headers(
    make_article: Callable[..., Article],
) -> None:
    """A page answered from the cache before Django runs still forbids framing and
    sniffing, like every page Django answers."""
    story = make_article()
    with app_server(database_url_for(connection.settings_dict)) as base:
        url = base + story.get_absolute_url()
        urllib.request.urlopen(url).close()  # noqa: S310 - loopback
        with urllib.request.urlopen(url) as hit:  # noqa: S310
            assert hit.headers["X-Page-Cache"] == "hit"
            assert hit.headers["X-Frame-Options"] == "DENY"
            assert hit.headers["X-Content-Type-Options"] == "nosniff"
            assert hit.headers["Referrer-Policy"] == "same-origin"
