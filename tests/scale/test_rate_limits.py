"""Rate limits hold across app processes: two servers count in one store (Redis when this
run has ``REDIS_URL``, else the shared database), so posts split between them are
admitted exactly up to the limit in total, however they race.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from masthead.articles.models import Article
from masthead.comments.models import Comment
from tests.servers import app_server, database_url_for

from .conftest import Servers
from .web import Browser, csrf_token

POSTERS_PER_PROCESS = 6

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def limited_servers(transactional_db: None) -> Iterator[Servers]:
    """Processes A and B with rate limits on (tests have them off by default)."""
    url = database_url_for(connection.settings_dict)
    env = {"MASTHEAD_RATE_LIMITS": "on"}
    with app_server(url, extra_env=env) as a, app_server(url, extra_env=env) as b:
        yield Servers(a, b)


def _post_once(base_url: str, slug: str, label: str, start: threading.Barrier) -> str:
    """One guest's post through ``base_url``: 'posted', or the status and Retry-After."""
    browser = Browser()
    token = csrf_token(browser, base_url, story_slug=slug)
    start.wait()
    response = browser.post(
        f"{base_url}/story/{slug}/comments/",
        {"body": f"Post by {label}", "name": f"Guest {label}", "csrfmiddlewaretoken": token},
        follow=False,
    )
    if response.status == 302:
        return "posted"
    return f"{response.status} Retry-After {response.headers.get('Retry-After')}"


def _inside_one_minute() -> None:
    """Start early in a minute, so that every post falls in the same window."""
    into_minute = time.time() % 60
    if into_minute > 45:
        time.sleep(60 - into_minute + 0.5)


def test_guest_posts_split_across_two_processes_admit_exactly_the_limit(
    make_article: Callable[..., Article], limited_servers: Servers
) -> None:
    """12 guests at one address post at once, 6 through A and 6 through B: exactly 3 (a
    guest address's limit a minute) are posted; the other 9 get 429 with Retry-After."""
    story = make_article(slug=f"limits-{uuid.uuid4().hex[:12]}")
    per_window = {seconds: hits for hits, seconds in settings.MASTHEAD_RATE_LIMITS["post:guest"]}
    assert per_window[60] == 3
    jobs = [
        (server, f"{name}{n}")
        for name, server in zip("AB", limited_servers, strict=True)
        for n in range(POSTERS_PER_PROCESS)
    ]
    start = threading.Barrier(len(jobs))
    _inside_one_minute()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = list(pool.map(lambda job: _post_once(job[0], story.slug, job[1], start), jobs))

    refused = [o for o in outcomes if o != "posted"]
    assert outcomes.count("posted") == 3
    assert all(o.startswith("429 Retry-After ") and int(o.split()[-1]) > 0 for o in refused)
    assert Comment.objects.filter(article=story).count() == 3
