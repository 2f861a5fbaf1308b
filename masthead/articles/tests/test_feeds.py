"""Story feeds (RSS 2.0 and Atom) as a feed reader fetches them."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import feedparser  # type: ignore[import-untyped]  # ships no types
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date
from PIL import Image

from masthead.accounts.models import User
from masthead.articles.actions import save_article, set_byline, set_tags
from masthead.articles.models import Article, Section

pytestmark = pytest.mark.django_db

FEEDS = {
    "site": ("/feeds/rss/", "/feeds/atom/"),
    "section": ("/section/mobile/rss/", "/section/mobile/atom/"),
}


def parse(client: Client, url: str) -> Any:
    """Fetch ``url`` and parse it as a feed reader would; it must be well-formed."""
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_site_feed_lists_visible_stories_newest_first(
    client: Client, make_article: Callable[..., Article], url: str
) -> None:
    """The site feed holds the published stories, newest first; no draft or scheduled one."""
    now = timezone.now()
    make_article(headline="Older story", published_at=now - timedelta(days=2))
    make_article(headline="Newer story", published_at=now - timedelta(hours=1))
    make_article(headline="Secret draft", status=Article.Status.DRAFT, published_at=None)
    make_article(headline="Tomorrow's story", published_at=now + timedelta(days=1))
    feed = parse(client, url)
    assert [e.title for e in feed.entries] == ["Newer story", "Older story"]
    assert feed.feed.title == "Masthead"
    expected_type = "rss20" if "rss" in url else "atom10"
    assert feed.version == expected_type


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_feed_items_carry_story_fields_and_no_address(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    url: str,
) -> None:
    """Title, link, summary, full text, dates, every author's name (never an e-mail),
    section and tags."""
    ada = make_user(display_name="Ada Writer", email="ada@newsroom.example")
    bob = make_user(display_name="Bob Reporter", email="bob@newsroom.example")
    story = make_article(
        headline="Phones & tablets sold",
        summary="Sales <rose> sharply.",
        body="Sales **rose**.",
        authors=[ada, bob],
        tags=["Earnings", "Sony"],
    )
    assert story.published_at is not None
    story.revised_at = revised_at = story.published_at + timedelta(hours=2)
    save_article(article=story)
    response = client.get(url)
    raw = response.content.decode()
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    (entry,) = feed.entries
    assert entry.title == "Phones & tablets sold"
    assert entry.link == f"http://testserver/story/{story.slug}/"
    assert "Sales &lt;rose&gt; sharply." in entry.summary or "Sales <rose>" in entry.summary
    assert "<strong>rose</strong>" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Ada Writer", "Bob Reporter"]
    assert {t.term for t in entry.tags} == {"Mobile", "Earnings", "Sony"}
    assert entry.published_parsed[:5] == story.published_at.utctimetuple()[:5]
    assert entry.updated_parsed[:5] == revised_at.utctimetuple()[:5]
    assert "@newsroom.example" not in raw
    if "rss" in url:
        assert entry.comments == f"http://testserver/story/{story.slug}/#comments"
    assert response["Content-Type"].startswith(
        "application/rss+xml" if "rss" in url else "application/atom+xml"
    )


def test_section_feed_holds_only_its_section(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A section's feeds carry its stories alone, and 404 for an unknown section."""
    science = Section.objects.create(name="Science", slug="science", description="Space.")
    make_article(headline="Comet flyby", section=science)
    make_article(headline="Phone launch")
    for url in ("/section/science/rss/", "/section/science/atom/"):
        feed = parse(client, url)
        assert [e.title for e in feed.entries] == ["Comet flyby"]
        assert feed.feed.title == "Science — Masthead"
        assert feed.feed.link == "http://testserver/section/science/"
    assert client.get("/section/nope/rss/").status_code == 404


def test_author_feed_holds_co_written_stories(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """An author's feed carries every story with them in the byline, co-written ones too."""
    ada = make_user(username="ada", display_name="Ada Writer")
    bob = make_user(username="bob", display_name="Bob Reporter")
    make_article(headline="Ada alone", authors=[ada])
    make_article(headline="Written together", authors=[bob, ada])
    make_article(headline="Bob alone", authors=[bob])
    for url in ("/authors/ada/rss/", "/authors/ada/atom/"):
        feed = parse(client, url)
        assert sorted(e.title for e in feed.entries) == ["Ada alone", "Written together"]
    together = next(e for e in parse(client, "/authors/ada/rss/").entries if "together" in e.title)
    assert [a.name for a in together.authors] == ["Bob Reporter", "Ada Writer"]
    assert client.get("/authors/nobody/rss/").status_code == 404


def test_tag_feed_holds_tagged_stories(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A tag's feeds carry the stories with that tag."""
    make_article(headline="Sony results", tags=["Sony"])
    make_article(headline="Other news", tags=["Nokia"])
    for url in ("/tags/sony/rss/", "/tags/sony/atom/"):
        assert [e.title for e in parse(client, url).entries] == ["Sony results"]
    assert client.get("/tags/none/atom/").status_code == 404


def test_scheduled_story_enters_the_feeds_at_its_time(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A scheduled story is absent until its publication time, then present."""
    start = timezone.now()
    make_article(headline="Scheduled story", published_at=start + timedelta(hours=3))
    for url in (*FEEDS["site"], *FEEDS["section"]):
        assert parse(client, url).entries == []
    with time_machine.travel(start + timedelta(hours=4)):
        for url in (*FEEDS["site"], *FEEDS["section"]):
            assert [e.title for e in parse(client, url).entries] == ["Scheduled story"]


def test_draft_never_enters_a_feed(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """A draft stays out of every feed, even an author's or a tag's, and for staff."""
    writer = make_user(username="writer")
    make_article(headline="Public one", authors=[writer], tags=["Sony"])
    draft = make_article(headline="Secret draft", status=Article.Status.DRAFT, published_at=None)
    set_byline(article=draft, people=[writer])
    set_tags(article=draft, names=["Sony"])
    client.force_login(make_user(is_staff=True))
    for url in (*FEEDS["site"], *FEEDS["section"], "/authors/writer/rss/", "/tags/sony/rss/"):
        assert [e.title for e in parse(client, url).entries] == ["Public one"]


def _jpeg(width: int = 1200, height: int = 800) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("lead.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_lead_image_is_an_enclosure_with_its_size(
    client: Client, make_article: Callable[..., Article], settings: Any, tmp_path: Any
) -> None:
    """A story's lead picture goes out as an enclosure: URL, byte size and type."""
    settings.MEDIA_ROOT = tmp_path
    story = make_article(headline="With a picture")
    story.lead_image = _jpeg()
    story.lead_image_alt = "A red square"
    save_article(article=story)
    middle = story.lead_image_renditions[1]
    size = (tmp_path / middle["name"]).stat().st_size
    rss = parse(client, "/feeds/rss/").entries[0]
    (enclosure,) = rss.enclosures
    assert enclosure.href == f"http://testserver/media/{middle['name']}"
    assert (enclosure.length, enclosure.type) == (str(size), "image/jpeg")
    atom = parse(client, "/feeds/atom/").entries[0]
    assert [e.href for e in atom.enclosures] == [enclosure.href]


def test_feeds_use_the_configured_public_address(
    client: Client, make_article: Callable[..., Article], settings: Any
) -> None:
    """With MASTHEAD_SITE_URL set, every link in a feed starts with it."""
    settings.MASTHEAD_SITE_URL = "https://news.example.com"
    story = make_article(headline="Behind a proxy")
    for url in FEEDS["site"]:
        response = client.get(url)
        feed = feedparser.parse(response.content)
        assert feed.entries[0].link == f"https://news.example.com/story/{story.slug}/"
        assert feed.feed.link == "https://news.example.com/"
        assert "testserver" not in response.content.decode()


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/section/mobile/rss/"])
def test_unchanged_feed_answers_304_to_etag_and_date(
    client: Client, make_article: Callable[..., Article], url: str
) -> None:
    """A reader revalidating with If-None-Match or If-Modified-Since gets 304, no body."""
    make_article(headline="Only story")
    first = client.get(url)
    assert first["ETag"].startswith('"')
    assert "public" in first["Cache-Control"]
    assert "max-age=300" in first["Cache-Control"]
    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]


def test_feed_changes_when_a_story_is_published_or_withdrawn(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A new story, an edit or a withdrawal makes the old ETag and date stale (200)."""
    story = make_article(headline="First", published_at=timezone.now() - timedelta(days=1))
    first = client.get("/feeds/rss/")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        make_article(headline="Second", published_at=timezone.now())
        second = client.get("/feeds/rss/", headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        story.status = Article.Status.DRAFT
        save_article(article=story)
        third = client.get("/feeds/rss/", headers={"If-Modified-Since": second["Last-Modified"]})
        assert third.status_code == 200
        assert "First" not in third.content.decode()


def test_last_modified_names_the_newest_change(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Last-Modified is the time of the newest change among the feed's stories."""
    story = make_article(headline="Story")
    response = client.get("/feeds/atom/")
    assert response["Last-Modified"] == http_date(story.updated_at.timestamp())


@pytest.mark.parametrize(
    "url", ["/feeds/rss/", "/section/mobile/atom/", "/authors/ada/rss/", "/tags/sony/atom/"]
)
def test_feed_query_count_is_fixed(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    django_assert_num_queries: Any,
    url: str,
) -> None:
    """A feed costs the same few queries for 3 stories or 12 (bylines and tags
    prefetched); a 304 costs the freshness check alone."""
    ada = make_user(username="ada", display_name="Ada")
    for count in (3, 12):
        while Article.objects.count() < count:
            make_article(authors=[ada, make_user()], tags=["Sony", "Phones"])
        lookup = 0 if url == "/feeds/rss/" else 1  # the section, author or tag
        with django_assert_num_queries(lookup + 4):  # freshness, stories, bylines, tags
            etag = client.get(url)["ETag"]
        with django_assert_num_queries(lookup + 1):  # freshness only
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def _head(html: str) -> str:
    return html[: html.index("</head>")]


def test_every_page_announces_the_site_feeds(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Every page's <head> links the site's RSS and Atom feeds; the footer shows them."""
    make_article(headline="A story")
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Masthead (RSS)" '
        'href="/feeds/rss/">' in _head(html)
    )
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Masthead (Atom)" '
        'href="/feeds/atom/">' in _head(html)
    )
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/feeds/rss/"' in footer
    assert 'href="/feeds/atom/"' in footer


def test_section_author_and_tag_pages_announce_their_feeds(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """Section, author and tag pages link their own feeds first, in <head> and on the page."""
    ada = make_user(username="ada", display_name="Ada Writer")
    make_article(authors=[ada], tags=["Sony"])
    for page, rss, atom in (
        ("/section/mobile/", "/section/mobile/rss/", "/section/mobile/atom/"),
        ("/authors/ada/", "/authors/ada/rss/", "/authors/ada/atom/"),
        ("/tags/sony/", "/tags/sony/rss/", "/tags/sony/atom/"),
    ):
        html = client.get(page).content.decode()
        head = _head(html)
        assert head.index(f'href="{rss}"') < head.index('href="/feeds/rss/"'), page
        assert f'href="{atom}"' in head
        body = html[html.index("<main") :]
        assert f'<a href="{rss}" type="application/rss+xml">RSS feed' in body, page
        parse(client, rss)
        parse(client, atom)
