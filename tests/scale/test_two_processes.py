"""Two app processes behind one database and one Redis behave as one site.

Each test starts processes A and B (real uvicorn servers on different ports) and talks to
them over HTTP, as two visitors routed to different backends by a load balancer would.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import caches
from django.utils.html import escape

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.models import Comment

from .conftest import Servers
from .web import Browser, csrf_token

PROCESSES = 2
THREADS_PER_PROCESS = 8
POSTS_PER_THREAD = 10

_COMMENT_NUMBER = re.compile(r"#c-(\d+)$")

pytestmark = pytest.mark.django_db(transaction=True)


def _story(make_article: Callable[..., Article]) -> Article:
    # A slug no earlier run used, so no page cached in the shared Redis can answer for it.
    return make_article(slug=f"scale-{uuid.uuid4().hex[:12]}")


def _comment_item(html: str, number: int) -> str:
    """The ``<li>`` of comment #number on a story page ('' if absent)."""
    match = re.search(
        rf'<li class="comment[^"]*" id="c-{number}".*?(?:<ol class="replies">|</details></li>)',
        html,
        re.S,
    )
    return match.group(0) if match else ""


def _verified(member: User) -> User:
    """Give ``member`` a verified e-mail address: members log in with it."""
    member.email = f"{member.username}@example.org"
    member.save(update_fields=["email"])
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    return member


def _log_in(browser: Browser, base_url: str, *, member: User, password: str) -> None:
    token = csrf_token(browser, base_url)
    response = browser.post(
        f"{base_url}/accounts/login/",
        {"login": member.email, "password": password, "csrfmiddlewaretoken": token},
        follow=False,
    )
    assert response.status == 302, f"login on {base_url} answered {response.status}"
    assert browser.cookie(settings.SESSION_COOKIE_NAME), "login set no session cookie"


def test_comment_posted_on_one_process_appears_on_the_other_at_once(
    shared_redis: None, make_article: Callable[..., Article], two_servers: Servers
) -> None:
    """A reader on B whose page B has cached sees a comment posted on A on the next GET."""
    story = _story(make_article)
    page = story.get_absolute_url()
    reader, poster = Browser(), Browser()
    for _ in range(2):  # the first GET fills the (shared) page cache, the second hits it
        before = reader.get(two_servers.b + page)
        assert before.status == 200
        assert 'id="c-1"' not in before.text
    assert before.headers.get("X-Page-Cache") == "hit", (
        "B did not answer the repeated anonymous GET from its page cache, "
        "so this test would not show cross-process invalidation"
    )

    token = csrf_token(poster, two_servers.a, story_slug=story.slug)
    marker = f"Posted through A {uuid.uuid4().hex}"
    posted = poster.post(
        f"{two_servers.a}{page}comments/",
        {"body": marker, "name": "Guest on A", "csrfmiddlewaretoken": token},
        follow=False,
    )
    assert posted.status == 302
    assert posted.location.endswith("#c-1")

    after = reader.get(two_servers.b + page)
    assert after.status == 200
    assert marker in _comment_item(after.text, 1), (
        "B still served the story page without the comment posted on A "
        f"(Cache-Control: {after.headers.get('Cache-Control')!r}, "
        f"ETag: {after.headers.get('ETag')!r}, Age: {after.headers.get('Age')!r})"
    )


def _post_many(base_url: str, slug: str, label: str, start: threading.Barrier) -> list[str]:
    """One poster: POSTS_PER_THREAD comments through ``base_url``; returns one line per
    post: '#N' for the number it received, anything else describes an error."""
    browser = Browser()
    token = csrf_token(browser, base_url, story_slug=slug)
    start.wait()
    outcomes: list[str] = []
    for i in range(POSTS_PER_THREAD):
        try:
            response = browser.post(
                f"{base_url}/story/{slug}/comments/",
                {
                    "body": f"{label} post {i}",
                    "name": f"Poster {label}",
                    "csrfmiddlewaretoken": token,
                },
                follow=False,
            )
        except OSError as exc:
            outcomes.append(f"{label} post {i}: {type(exc).__name__}: {exc}")
            continue
        number = _COMMENT_NUMBER.search(response.location)
        if response.status == 302 and number:
            outcomes.append(f"#{number.group(1)}")
        else:
            locked = " (database is locked)" if "database is locked" in response.text else ""
            outcomes.append(f"{label} post {i}: HTTP {response.status}{locked}")
    return outcomes


def test_numbering_stays_gapless_across_processes(
    make_article: Callable[..., Article], two_servers: Servers
) -> None:
    """2 processes x 8 concurrent posters x 10 posts: numbers exactly 1..160, no errors."""
    story = _story(make_article)
    threads = PROCESSES * THREADS_PER_PROCESS
    start = threading.Barrier(threads)
    jobs = [
        (server, f"{name}{t}")
        for name, server in zip("AB", two_servers, strict=True)
        for t in range(THREADS_PER_PROCESS)
    ]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda job: _post_many(job[0], story.slug, job[1], start), jobs))
    outcomes = [outcome for result in results for outcome in result]
    total = threads * POSTS_PER_THREAD

    assert [o for o in outcomes if not o.startswith("#")] == []
    received = sorted(int(o[1:]) for o in outcomes)
    assert received == list(range(1, total + 1))
    stored = sorted(Comment.objects.filter(article=story).values_list("number", flat=True))
    assert stored == list(range(1, total + 1))
    story.refresh_from_db()
    assert (story.last_comment_number, story.comment_count) == (total, total)


def test_session_made_on_one_process_works_on_the_other(
    shared_redis: None,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    two_servers: Servers,
) -> None:
    """Logged in on A, the member is recognised on B and posts there under their name."""
    story = _story(make_article)
    page = story.get_absolute_url()
    member = _verified(make_user(display_name="Scale Tester", password="long enough secret"))
    browser = Browser()
    _log_in(browser, two_servers.a, member=member, password="long enough secret")

    on_b = browser.get(two_servers.b + page)
    assert on_b.status == 200
    assert f'title="Your account">{escape(member.public_name)}</a>' in on_b.text

    token = csrf_token(browser, two_servers.b, story_slug=story.slug)
    posted = browser.post(
        f"{two_servers.b}{page}comments/",
        {"body": "Posted through B as a member", "csrfmiddlewaretoken": token},
    )
    assert posted.status == 200
    assert posted.url.endswith("#c-1")
    item = _comment_item(posted.text, 1)
    assert f"{escape(member.public_name)}</a>" in item
    assert "unregistered" not in item
    assert Comment.objects.get(article=story, number=1).author_id == member.pk


def test_session_survives_losing_its_cache_entry(
    shared_redis: None,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    two_servers: Servers,
) -> None:
    """Sessions are cached in Redis and stored in the database: with the Redis copy gone
    (flush, restart, eviction), the member is still logged in on the other process."""
    story = _story(make_article)
    member = _verified(make_user(display_name="Durable Member", password="long enough secret"))
    browser = Browser()
    _log_in(browser, two_servers.a, member=member, password="long enough secret")
    session_key = browser.cookie(settings.SESSION_COOKIE_NAME)
    cache = caches[settings.SESSION_CACHE_ALIAS]
    cache_key = SessionStore(session_key=session_key).cache_key
    assert cache.get(cache_key) is not None, "the session is not in the shared cache"

    cache.delete(cache_key)
    on_b = browser.get(two_servers.b + story.get_absolute_url())
    assert f'title="Your account">{escape(member.public_name)}</a>' in on_b.text
