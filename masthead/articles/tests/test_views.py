"""Front page, sections, story page, print view and reprint requests, as a reader sees them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article, ReprintRequest, Section, Source

pytestmark = pytest.mark.django_db


def test_front_page_lists_newest_published_stories(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Published stories appear newest first with section and comment count; drafts don't."""
    now = timezone.now()
    make_article(headline="Older story", published_at=now - timedelta(days=2))
    make_article(headline="Newer story", published_at=now - timedelta(days=1))
    make_article(headline="Scheduled story", published_at=now + timedelta(days=1))
    make_article(headline="Secret draft", status=Article.Status.DRAFT, published_at=None)
    html = client.get("/").content.decode()
    assert html.index("Newer story") < html.index("Older story")
    assert "Secret draft" not in html
    assert "Scheduled story" not in html
    assert "Mobile" in html
    assert "0 comments" in html


def test_section_page_shows_only_its_stories(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A section page lists that section's stories."""
    science = Section.objects.create(name="Science", slug="science")
    make_article(headline="Comet flyby", section=science)
    make_article(headline="Phone launch")
    response = client.get("/section/science/")
    assert response.status_code == 200
    assert "Comet flyby" in response.content.decode()
    assert "Phone launch" not in response.content.decode()
    assert client.get("/section/nope/").status_code == 404


def test_story_page_has_headline_title_body_source_and_latest(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Headline as <title> and <h1>, rendered body, source line, Latest Stories without itself."""
    source = Source.objects.create(name="Xperia blog", url="https://blogs.example.com/")
    others = [make_article(headline=f"Other headline {i}") for i in range(3)]
    story = make_article(
        headline="Sony sold a record 10 million phones", body="Sales **rose**.", source=source
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<title>Sony sold a record 10 million phones</title>" in html
    assert re.search(r"<h1[^>]*>Sony sold a record 10 million phones</h1>", html)
    assert "<strong>rose</strong>" in html
    assert 'source: <a href="https://blogs.example.com/"' in html
    latest = html[html.index("Latest Stories") :]
    for other in others:
        assert other.headline in latest
    assert story.headline not in latest


def test_drafts_are_hidden_from_readers_but_previewable_by_staff(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """A draft is a 404 for readers and a preview for staff."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user(is_staff=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not published" in response.content.decode()


def test_print_view_has_byline_canonical_url_and_reprint_notice(
    client: Client, article: Article
) -> None:
    """The print copy carries the story, its canonical URL and the reprint notice."""
    html = client.get(article.get_print_url()).content.decode()
    assert article.headline in html
    assert f"http://testserver{article.get_absolute_url()}" in html
    assert "This copy is for your personal, non-commercial use only." in html
    assert reverse("articles:reprints", kwargs={"slug": article.slug}) in html
    assert 'id="comments"' not in html


def test_reprint_request_is_stored_for_staff(client: Client, article: Article) -> None:
    """A valid request is saved and listed in the admin; the reader is thanked."""
    url = reverse("articles:reprints", kwargs={"slug": article.slug})
    response = client.post(
        url,
        {"name": " Ada ", "email": "ada@example.com", "intended_use": "print", "copies": "50"},
        follow=True,
    )
    assert "Thank you" in response.content.decode()
    request = ReprintRequest.objects.get()
    assert (request.name, request.copies, request.article) == ("Ada", 50, article)


def test_reprint_request_errors_say_what_is_wrong(client: Client, article: Article) -> None:
    """A bad request is refused with a message per field and nothing stored."""
    url = reverse("articles:reprints", kwargs={"slug": article.slug})
    response = client.post(url, {"name": "", "email": "not-an-email", "intended_use": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert "Select a valid choice." in html
    assert ReprintRequest.objects.count() == 0


def test_admin_lists_reprint_requests(
    client: Client, article: Article, make_user: Callable[..., User]
) -> None:
    """Staff see stored requests in the admin."""
    ReprintRequest.objects.create(
        article=article, name="Ada", email="ada@example.com", intended_use="print"
    )
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:articles_reprintrequest_changelist"))
    assert response.status_code == 200
    assert "ada@example.com" in response.content.decode()


def test_admin_save_renders_body_once(
    client: Client, section: Section, make_user: Callable[..., User]
) -> None:
    """An editor's Markdown is rendered and sanitised when the story is saved."""
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Admin story",
            "slug": "admin-story",
            "summary": "",
            "body": "Hello *world* <script>bad()</script>",
            "section": section.pk,
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "comments_mode": "open",
            "comments_close_after_days": "14",
            "bylines-TOTAL_FORMS": "0",
            "bylines-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="admin-story")
    assert article.body_html == "<p>Hello <em>world</em> &lt;script&gt;bad()&lt;/script&gt;</p>"
    assert article.published_at is not None


def test_hostile_story_body_never_reaches_the_page(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Script, event handlers and javascript: links in a story body are inert on the page."""
    story = make_article(
        body="Fine text.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[bad](javascript:alert(3))"
    )
    html = client.get(story.get_absolute_url()).content.decode()
    body = html[html.index('class="story__body') : html.index('class="story__tools')]
    assert "<script>alert(1)" not in body
    assert "<img" not in body
    assert 'href="javascript:' not in body
    assert "<p>Fine text.</p>" in body


@pytest.mark.parametrize("url_name", ["front_page", "section"])
def test_list_pages_cost_the_same_queries_for_few_or_many_stories(
    client: Client,
    make_article: Callable[..., Article],
    django_assert_num_queries: Callable[..., Any],
    url_name: str,
    settings: Any,
) -> None:
    """Front and section pages do a fixed number of queries (no query per story)."""
    settings.MASTHEAD_PAGE_CACHE = False  # measure rendering, not cache hits
    url = reverse(
        f"articles:{url_name}", kwargs={"slug": "mobile"} if url_name == "section" else {}
    )
    make_article()
    client.get(url)  # fills the fragments every page shares (menu)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(25):
        make_article()
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count('class="card"') >= 19
