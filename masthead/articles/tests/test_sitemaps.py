"""Sitemaps and robots.txt as a crawler reads them, validated against the sitemap XSDs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from masthead.articles.actions import save_article
from masthead.articles.models import Article, Section
from masthead.articles.sitemaps import NewsSitemap, StorySitemap

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _schema(name: str) -> etree.XMLSchema:
    # Local files only: an import that tried the network would fail the test.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def fetch(client: Client, url: str, schema: str) -> Any:
    """GET ``url``, check it is XML valid against ``schema``, return its root element."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False))
    validator = _schema(schema)
    assert validator.validate(root), (url, validator.error_log)
    return root


def locations(root: Any) -> list[str]:
    return [str(loc) for loc in root.xpath("//sm:loc/text()", namespaces=NS)]


def lastmods(root: Any) -> dict[str, str]:
    return {
        str(url.findtext("sm:loc", namespaces=NS)): str(url.findtext("sm:lastmod", namespaces=NS))
        for url in root.xpath("//sm:url", namespaces=NS)
    }


def w3c(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def last_change(story: Article) -> datetime:
    story.refresh_from_db()
    assert story.published_at is not None
    return max(story.published_at, story.revised_at or story.published_at, story.updated_at)


def test_index_lists_every_sitemap_with_its_lastmod(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """/sitemap.xml names each sitemap by its absolute address, dated, and validates."""
    story = make_article(tags=["Sony"])
    root = fetch(client, "/sitemap.xml", "siteindex.xsd")
    assert locations(root) == [
        "http://testserver/sitemap-static.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-news.xml",
    ]
    dates = root.xpath("//sm:lastmod/text()", namespaces=NS)
    assert w3c(last_change(story)) in dates
    response = client.get("/sitemap.xml")
    assert "public" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


def test_story_sitemap_lists_exactly_the_visible_stories(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Published stories with their last change as lastmod; no draft, no scheduled story."""
    now = timezone.now()
    old = make_article(slug="old-story", published_at=now - timedelta(days=30))
    revised = make_article(slug="revised-story", published_at=now - timedelta(days=3))
    make_article(slug="a-draft", status=Article.Status.DRAFT, published_at=None)
    make_article(slug="tomorrow", published_at=now + timedelta(days=1))
    with time_machine.travel(now + timedelta(hours=1)):
        revised.revised_at = timezone.now()
        save_article(article=revised)
    root = fetch(client, "/sitemap-stories.xml", "sitemap.xsd")
    assert lastmods(root) == {
        "http://testserver/story/old-story/": w3c(last_change(old)),
        "http://testserver/story/revised-story/": w3c(last_change(revised)),
    }


def test_scheduled_story_enters_the_sitemaps_at_its_time(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A scheduled story is listed (stories and news) from its publication time on."""
    start = timezone.now()
    make_article(slug="scheduled", published_at=start + timedelta(hours=2))
    url = "http://testserver/story/scheduled/"
    assert url not in locations(client_xml(client, "/sitemap-stories.xml"))
    assert url not in locations(client_xml(client, "/sitemap-news.xml"))
    with time_machine.travel(start + timedelta(hours=3)):
        assert url in locations(fetch(client, "/sitemap-stories.xml", "sitemap.xsd"))
        assert url in locations(fetch(client, "/sitemap-news.xml", "news-sitemap.xsd"))


def client_xml(client: Client, url: str) -> Any:
    """The root of ``url`` without schema validation (an empty urlset is not valid)."""
    return etree.fromstring(client.get(url).content, etree.XMLParser(resolve_entities=False))


def test_section_tag_and_static_sitemaps(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Every section, the tags of visible stories and the front page, each valid."""
    science = Section.objects.create(name="Science", slug="science", position=1)
    story = make_article(section=science, tags=["Space"])
    draft = make_article(status=Article.Status.DRAFT, published_at=None, tags=["Leak"])
    assert draft.tags.exists()
    sections = fetch(client, "/sitemap-sections.xml", "sitemap.xsd")
    assert lastmods(sections)["http://testserver/section/science/"] == w3c(last_change(story))
    assert "http://testserver/section/mobile/" in locations(sections)
    tags = fetch(client, "/sitemap-tags.xml", "sitemap.xsd")
    assert locations(tags) == ["http://testserver/tags/space/"]
    static = fetch(client, "/sitemap-static.xml", "sitemap.xsd")
    assert lastmods(static) == {"http://testserver/": w3c(last_change(story))}
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_story_sitemap_is_paged(
    client: Client, make_article: Callable[..., Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the per-file limit the index lists ?p=2, which holds the newer stories."""
    monkeypatch.setattr(StorySitemap, "limit", 2)
    now = timezone.now()
    for n in range(3):
        make_article(slug=f"story-paged-{n}", published_at=now - timedelta(days=3 - n))
    index = locations(fetch(client, "/sitemap.xml", "siteindex.xsd"))
    assert "http://testserver/sitemap-stories.xml?p=2" in index
    second = fetch(client, "/sitemap-stories.xml?p=2", "sitemap.xsd")
    assert locations(second) == ["http://testserver/story/story-paged-2/"]
    assert client.get("/sitemap-stories.xml?p=3").status_code == 404


def test_news_sitemap_holds_the_last_two_days(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Stories of the last 48 hours, newest first, with publication, date and title."""
    now = timezone.now()
    fresh = make_article(
        slug="fresh", headline="Fresh & new", published_at=now - timedelta(hours=1)
    )
    make_article(slug="yesterday", published_at=now - timedelta(hours=30))
    make_article(slug="stale", published_at=now - timedelta(hours=49))
    make_article(slug="draft", status=Article.Status.DRAFT, published_at=None)
    root = fetch(client, "/sitemap-news.xml", "news-sitemap.xsd")
    assert locations(root) == [
        "http://testserver/story/fresh/",
        "http://testserver/story/yesterday/",
    ]
    (first, _) = root.xpath("//news:news", namespaces=NS)
    assert first.findtext("news:publication/news:name", namespaces=NS) == "Masthead"
    assert first.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert first.findtext("news:title", namespaces=NS) == "Fresh & new"
    assert fresh.published_at is not None
    published = first.findtext("news:publication_date", namespaces=NS)
    assert published == w3c(fresh.published_at)
    assert published.endswith("+00:00")


def test_news_sitemap_caps_its_entries(
    client: Client, make_article: Callable[..., Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No more than ``max_items`` (1,000 for Google) entries: the newest ones."""
    assert NewsSitemap.max_items == 1000
    monkeypatch.setattr(NewsSitemap, "max_items", 3)
    now = timezone.now()
    for n in range(5):
        make_article(slug=f"news-{n}", published_at=now - timedelta(minutes=10 * n))
    root = fetch(client, "/sitemap-news.xml", "news-sitemap.xsd")
    assert locations(root) == [f"http://testserver/story/news-{n}/" for n in range(3)]


def test_sitemaps_use_the_configured_public_address(
    client: Client, make_article: Callable[..., Article], settings: Any
) -> None:
    """With MASTHEAD_SITE_URL set, the index and every sitemap name locations under it."""
    settings.MASTHEAD_SITE_URL = "https://news.example.com"
    make_article(slug="public", published_at=timezone.now() - timedelta(hours=1))
    index = locations(fetch(client, "/sitemap.xml", "siteindex.xsd"))
    assert index[0] == "https://news.example.com/sitemap-static.xml"
    assert all(url.startswith("https://news.example.com/") for url in index)
    for url, schema in (
        ("/sitemap-stories.xml", "sitemap.xsd"),
        ("/sitemap-news.xml", "news-sitemap.xsd"),
    ):
        assert locations(fetch(client, url, schema)) == ["https://news.example.com/story/public/"]


def test_robots_txt_allows_stories_and_names_the_sitemaps(client: Client, settings: Any) -> None:
    """robots.txt keeps crawlers out of private pages and points to both sitemaps."""
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/account/", "/accounts/", "/moderation/", "/search/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert not any(line.startswith("Disallow: /story/") and "print" not in line for line in lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    settings.MASTHEAD_SITE_URL = "https://news.example.com"
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: https://news.example.com/sitemap.xml" in lines
    assert "Sitemap: https://news.example.com/sitemap-news.xml" in lines


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/sitemap.xml", 9),  # per sitemap: its lastmod, and its size (not "static")
        ("/sitemap-stories.xml", 2),  # count, page
        ("/sitemap-sections.xml", 1),
        ("/sitemap-tags.xml", 1),
        ("/sitemap-static.xml", 1),
        ("/sitemap-news.xml", 1),
    ],
)
def test_sitemap_query_count_is_fixed(
    client: Client,
    make_article: Callable[..., Article],
    django_assert_num_queries: Any,
    url: str,
    queries: int,
) -> None:
    """A sitemap costs the same queries for 3 stories or 15."""
    for count in (3, 15):
        while Article.objects.count() < count:
            make_article(tags=[f"Tag {Article.objects.count()}"])
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_schemas_refuse_a_broken_news_entry() -> None:
    """The local schema set is strict: a news entry without its date, or with a language
    Google does not know, does not validate (so a pass above means something)."""
    schema = _schema("news-sitemap.xsd")
    template = (
        '<urlset xmlns="{sm}" xmlns:news="{news}"><url><loc>https://example.com/a/</loc>'
        "<news:news><news:publication><news:name>M</news:name>"
        "<news:language>{lang}</news:language></news:publication>{date}"
        "<news:title>T</news:title></news:news></url></urlset>"
    )
    date = "<news:publication_date>2026-01-02T03:04:05+00:00</news:publication_date>"

    def doc(lang: str, with_date: bool) -> Any:
        text = template.format(**NS, lang=lang, date=date if with_date else "")
        return etree.fromstring(text.encode())

    assert schema.validate(doc("en", with_date=True))
    assert not schema.validate(doc("en", with_date=False))
    assert not schema.validate(doc("English", with_date=True))
