"""A guest's browser is known again by a signed cookie; the database keeps only its hash."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.guests import SALT, hash_guest_token
from masthead.comments.models import Comment
from masthead.core import pagecache

pytestmark = pytest.mark.django_db

COOKIE = "masthead_guest"


def post_url(article: Article) -> str:
    return reverse("comments:post", kwargs={"slug": article.slug})


def cookie_token(client: Client) -> str:
    """The guest id inside the browser's signed cookie (fails if the signature is bad)."""
    request = HttpRequest()
    request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    token = request.get_signed_cookie(COOKIE, salt=SALT)  # raises if the signature is bad
    assert isinstance(token, str)
    return token


def test_guest_post_sets_a_signed_httponly_cookie_with_a_long_random_id(
    client: Client, article: Article
) -> None:
    """The cookie is signed, HttpOnly, SameSite=Lax, kept 30 days, and holds 256 random bits."""
    response = client.post(post_url(article), {"body": "First!", "name": "Pat"})
    morsel = response.cookies[COOKIE]
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
    assert morsel["max-age"] == 60 * 60 * 24 * 30
    assert not morsel["secure"]  # plain HTTP in this test; see the HTTPS test
    token = cookie_token(client)  # the signature checks out
    assert morsel.value != token
    assert len(base64.urlsafe_b64decode(token + "=")) * 8 >= 128


def test_guest_cookie_is_secure_over_https(client: Client, article: Article) -> None:
    """Posted over HTTPS, the guest cookie is marked Secure."""
    response = client.post(post_url(article), {"body": "Hi", "name": "Pat"}, secure=True)
    assert response.cookies[COOKIE]["secure"] is True


def test_database_keeps_only_the_hash_of_the_guest_id(client: Client, article: Article) -> None:
    """The comment stores SHA-256 of the id, never the id itself."""
    client.post(post_url(article), {"body": "Hi", "name": "Pat", "email": "pat@example.com"})
    token = cookie_token(client)
    comment = Comment.objects.get()
    assert comment.guest_token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = Comment.objects.values_list().get()
    assert all(token not in str(value) for value in stored)


def test_same_browser_keeps_its_guest_id(client: Client, article: Article) -> None:
    """A second post from the same browser reuses the id it already holds."""
    client.post(post_url(article), {"body": "One", "name": "Pat"})
    first = cookie_token(client)
    client.post(post_url(article), {"body": "Two", "name": "Pat"})
    assert cookie_token(client) == first
    hashes = set(Comment.objects.values_list("guest_token_hash", flat=True))
    assert hashes == {hashlib.sha256(first.encode()).hexdigest()}


def test_a_fresh_guest_cookie_is_not_sent_again_but_a_day_old_one_is_renewed(
    client: Client, article: Article
) -> None:
    """A second post within a day sends no cookie (the browser's still holds the id for
    30 days); a post from a browser whose cookie is over a day old renews it, same id."""
    client.post(post_url(article), {"body": "One", "name": "Pat"})
    first = cookie_token(client)
    again = client.post(post_url(article), {"body": "Two", "name": "Pat"})
    assert again.status_code == 302
    assert COOKIE not in again.cookies
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        later = client.post(post_url(article), {"body": "Three", "name": "Pat"})
    assert later.cookies[COOKIE]["max-age"] == 60 * 60 * 24 * 30
    assert cookie_token(client) == first
    assert Comment.objects.filter(guest_token_hash=hash_guest_token(first)).count() == 3


def test_forged_cookie_is_replaced_by_a_fresh_id(client: Client, article: Article) -> None:
    """An unsigned or tampered cookie is ignored: the post gets a new, signed id."""
    client.cookies[COOKIE] = "A" * 43  # unsigned: anyone could type it
    client.post(post_url(article), {"body": "Hi", "name": "Pat"})
    assert cookie_token(client) != "A" * 43


def test_members_get_no_guest_cookie(client: Client, article: Article, member: User) -> None:
    """A member's post sets no guest cookie and stores no hash."""
    client.force_login(member)
    response = client.post(post_url(article), {"body": "Member here"})
    assert COOKIE not in response.cookies
    assert Comment.objects.get().guest_token_hash == ""


def test_second_visit_prefills_the_guest_name(client: Client, article: Article) -> None:
    """After posting, the guest's next visit finds their name already in the form."""
    client.post(post_url(article), {"body": "Hi", "name": "Pat Q"})
    html = client.get(article.get_absolute_url()).content.decode()
    form = html[html.index('id="comment-form"') :]
    assert re.search(r'<input[^>]*name="name"[^>]*value="Pat Q"', form)
    reply = client.get(reverse("comments:reply", kwargs={"slug": article.slug, "number": 1}))
    assert re.search(r'<input[^>]*name="name"[^>]*value="Pat Q"', reply.content.decode())


def test_a_guest_who_posts_keeps_no_session(client: Client, article: Article) -> None:
    """The remembered name lives in the guest's own cookie: posting (twice, under two
    names) creates no session, and the form offers the latest name."""
    client.post(post_url(article), {"body": "Hi", "name": "Pat Q"})
    client.post(post_url(article), {"body": "Again", "name": "Pat R"})
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies
    assert client.cookies["masthead_guest_name"]["httponly"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<input[^>]*name="name"[^>]*value="Pat R"', html)


def test_a_forged_name_cookie_fills_in_nothing(client: Client, article: Article) -> None:
    """A name cookie that was not signed here is ignored."""
    client.post(post_url(article), {"body": "Hi", "name": "Pat Q"})
    client.cookies["masthead_guest_name"] = "IlBhdCBaIg:forged:signature"
    html = client.get(article.get_absolute_url()).content.decode()
    form = html[html.index('id="comment-form"') :]
    assert not re.search(r'<input[^>]*name="name"[^>]*value="Pat', form)


def test_a_name_remembered_in_an_older_session_still_fills_the_form(
    client: Client, article: Article
) -> None:
    """Guests who posted before the name moved to its cookie find it in the form."""
    session = client.session
    session["guest_name"] = "Old Timer"
    session.save()
    assert session.session_key
    client.cookies["sessionid"] = session.session_key
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<input[^>]*name="name"[^>]*value="Old Timer"', html)


def test_the_name_cookie_alone_makes_the_page_personal(client: Client, article: Article) -> None:
    """A browser holding only the name cookie never gets (or fills) the shared copy, so
    one guest's name never reaches another reader's form."""
    client.post(post_url(article), {"body": "Hi", "name": "Pat Q"})
    name_cookie = client.cookies["masthead_guest_name"].value
    client.cookies.clear()
    client.cookies["masthead_guest_name"] = name_cookie
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert 'value="Pat Q"' in response.content.decode()
    client.cookies.clear()
    shared = client.get(article.get_absolute_url()).content.decode()
    assert "Pat Q" not in shared.split('id="comment-form"', 1)[1]


def test_guest_cookie_alone_makes_the_page_personal(client: Client, article: Article) -> None:
    """A browser holding only the guest cookie gets its own, uncached page."""
    client.get(article.get_absolute_url())  # fills the shared copy
    client.post(post_url(article), {"body": "Hi", "name": "Pat"})
    guest_cookie = client.cookies[COOKIE].value
    client.cookies.clear()
    client.cookies[COOKIE] = guest_cookie
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "/comments/1/delete/" in response.content.decode()


def test_guest_cookie_is_personal_for_every_cache_layer() -> None:
    """The rule the ASGI fast path and Django's page cache share treats it as personal."""
    assert pagecache.is_shared_request("GET", ["csrftoken"])
    assert not pagecache.is_shared_request("GET", ["csrftoken", COOKIE])
    assert not pagecache.is_shared_request("GET", ["csrftoken", "masthead_guest_name"])


def test_a_cookie_accepted_before_is_refused_once_too_old_or_signed_with_another_key(
    client: Client, article: Article, settings: Any
) -> None:
    """Cookies checked once are remembered (``guests._verified``), but a remembered
    cookie still expires after ``MASTHEAD_GUEST_COOKIE_MAX_AGE``, and counts for
    nothing once the site's secret key has changed: the post gets a fresh id."""
    client.post(post_url(article), {"body": "One", "name": "Pat"})
    first = cookie_token(client)
    client.post(post_url(article), {"body": "Two", "name": "Pat"})  # accepted, remembered
    assert Comment.objects.filter(guest_token_hash=hash_guest_token(first)).count() == 2
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        client.post(post_url(article), {"body": "Three", "name": "Pat"})
    expired_replaced = cookie_token(client)
    assert expired_replaced != first
    assert Comment.objects.get(number=3).guest_token_hash == hash_guest_token(expired_replaced)
    settings.SECRET_KEY = "another-key-for-this-test"
    client.post(post_url(article), {"body": "Four", "name": "Pat"})
    assert Comment.objects.get(number=4).guest_token_hash not in {
        hash_guest_token(first),
        hash_guest_token(expired_replaced),
    }
