"""What a story page tells machines, read back the way they read it (extruct): one
``NewsArticle`` in JSON-LD, OpenGraph and Twitter tags, and nothing of the discussion
beyond its count of visible comments."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import extruct  # type: ignore[import-untyped]  # ships no types
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from masthead.accounts.models import User
from masthead.articles import structured_data
from masthead.articles.models import Article
from masthead.articles.selectors import access_article_for_reading
from masthead.comments.models import Comment

from .conftest import GUEST_EMAIL, HELD_TEXT, REMOVED_TEXT, DiscussedStory

pytestmark = pytest.mark.django_db

OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def _extract(html: str, url: str) -> dict[str, Any]:
    data: dict[str, Any] = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"])
    return data


def _news_articles(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]


def _og(data: dict[str, Any]) -> dict[str, Any]:
    """OpenGraph properties by name: one value, or the list of a repeated one."""
    assert len(data["opengraph"]) == 1
    values: dict[str, list[str]] = {}
    for key, value in data["opengraph"][0]["properties"]:
        values.setdefault(key, []).append(value)
    return {key: found[0] if len(found) == 1 else found for key, found in values.items()}


def _head(html: str) -> str:
    return html[: html.index("</head>")]


def test_story_page_has_one_news_article_with_headline_dates_authors_and_count(
    client: Client, discussed_story: DiscussedStory
) -> None:
    """extruct finds one NewsArticle: the headline, dates with their offset, both authors
    with their author pages, the publisher and its logo, and the visible comments' count."""
    story = discussed_story.article
    url = f"http://testserver{story.get_absolute_url()}"
    data = _extract(client.get(story.get_absolute_url()).content.decode(), url)
    [item] = _news_articles(data)
    assert item["headline"] == story.headline
    assert OFFSET.match(item["datePublished"])
    assert OFFSET.match(item["dateModified"])
    assert item["datePublished"] == timezone.localtime(story.published_at).isoformat("T", "seconds")
    assert item["dateModified"] == timezone.localtime(story.revised_at).isoformat("T", "seconds")
    assert [(a["@type"], a["name"], a["url"]) for a in item["author"]] == [
        ("Person", "Ada Reporter", "http://testserver/authors/ada/"),
        ("Person", "Bo Editor", "http://testserver/authors/bo/"),
    ]
    assert item["publisher"]["@type"] == "Organization"
    assert item["publisher"]["name"] == "Masthead"
    assert item["publisher"]["logo"]["url"] == "http://testserver/static/masthead/logo.png"
    assert item["commentCount"] == discussed_story.visible_comments == story.comment_count
    assert Comment.objects.filter(article=story).count() > discussed_story.visible_comments
    assert item["mainEntityOfPage"]["@id"] == url
    assert item["articleSection"] == "Mobile"
    assert item["keywords"] == ["Earnings", "Sony"]
    assert item["isAccessibleForFree"] is True
    assert [i["width"] for i in item["image"]] == [1200, 960, 480]
    assert all(i["url"].startswith("http://testserver/media/stories/") for i in item["image"])


def test_story_page_has_opengraph_and_a_large_twitter_card(
    client: Client, discussed_story: DiscussedStory
) -> None:
    """OpenGraph names an article with its title, address, picture (size and description),
    times, section, tags and authors; the Twitter card is a large picture."""
    story = discussed_story.article
    html = client.get(story.get_absolute_url()).content.decode()
    og = _og(_extract(html, f"http://testserver{story.get_absolute_url()}"))
    assert og["og:type"] == "article"
    assert og["og:title"] == story.headline
    assert og["og:url"] == f"http://testserver{story.get_absolute_url()}"
    assert og["og:site_name"] == "Masthead"
    assert og["og:description"] == story.summary
    assert og["og:image"].endswith("-1200w.jpg")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "675")
    assert og["og:image:alt"] == story.lead_image_alt
    assert OFFSET.match(og["article:published_time"])
    assert OFFSET.match(og["article:modified_time"])
    assert og["article:section"] == "Mobile"
    assert og["article:tag"] == ["Earnings", "Sony"]
    assert og["article:author"] == [
        "http://testserver/authors/ada/",
        "http://testserver/authors/bo/",
    ]
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image:alt" content="{story.lead_image_alt}">' in html


def test_story_without_a_picture_gets_a_summary_card_and_no_image(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """No lead image: a plain summary card, and no image in JSON-LD or OpenGraph; the
    description falls back to the body's first words."""
    story = make_article(summary="", body="The **first** words of the story. And more.")
    html = client.get(story.get_absolute_url()).content.decode()
    data = _extract(html, f"http://testserver{story.get_absolute_url()}")
    [item] = _news_articles(data)
    assert "image" not in item
    assert item["description"] == "The first words of the story. And more."
    assert "og:image" not in _og(data)
    assert '<meta name="twitter:card" content="summary">' in html
    # No byline: the publisher stands as the author.
    assert item["author"][0]["@type"] == "Organization"


def test_head_holds_no_comment_text_email_or_held_comment(
    client: Client, discussed_story: DiscussedStory
) -> None:
    """Neither a guest's e-mail address nor any comment's words reach the page's head;
    held and removed comments are absent from the whole page."""
    story = discussed_story.article
    html = client.get(story.get_absolute_url()).content.decode()
    head = _head(html)
    for comment in Comment.objects.filter(article=story):
        assert comment.body not in head
    assert GUEST_EMAIL not in html
    assert HELD_TEXT not in html
    assert REMOVED_TEXT not in html
    assert "@example.org" not in html


def test_a_headline_cannot_end_the_script_element(
    client: Client, discussed_story: DiscussedStory
) -> None:
    """``</script>`` in a headline stays inside the JSON-LD (escaped), and parses back whole."""
    story = discussed_story.article
    assert "</script>" in story.headline
    head = _head(client.get(story.get_absolute_url()).content.decode())
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert "<" not in block
    assert json.loads(block)["headline"] == story.headline


def test_addresses_use_the_public_site_url(
    client: Client, discussed_story: DiscussedStory, settings: Any
) -> None:
    """With ``MASTHEAD_SITE_URL`` set, every address in the head is on that site (https),
    whatever host the request came in on."""
    settings.MASTHEAD_SITE_URL = "https://news.example.com"
    story = discussed_story.article
    html = client.get(story.get_absolute_url()).content.decode()
    data = _extract(html, "https://news.example.com/")
    [item] = _news_articles(data)
    canonical = f"https://news.example.com{story.get_absolute_url()}"
    assert item["url"] == item["mainEntityOfPage"]["@id"] == canonical
    assert item["publisher"]["url"] == "https://news.example.com/"
    assert all(a["url"].startswith("https://news.example.com/authors/") for a in item["author"])
    assert item["image"][0]["url"].startswith("https://news.example.com/media/")
    og = _og(data)
    assert og["og:url"] == canonical
    assert og["og:image:secure_url"] == og["og:image"]
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert "testserver" not in _head(html)


@pytest.mark.parametrize("page", ["front", "section", "author", "tag"])
def test_list_pages_have_canonical_and_opengraph_basics(
    client: Client, discussed_story: DiscussedStory, page: str
) -> None:
    """Front, section, author and tag pages name the site, the page and its address."""
    story = discussed_story.article
    path, title = {
        "front": (reverse("articles:front_page"), "Masthead"),
        "section": (story.section.get_absolute_url(), "Mobile"),
        "author": (reverse("articles:author", args=["ada"]), "Ada Reporter"),
        "tag": (reverse("articles:tag", args=["sony"]), "Sony"),
    }[page]
    html = client.get(path).content.decode()
    og = _og(_extract(html, f"http://testserver{path}"))
    assert og["og:site_name"] == "Masthead"
    assert og["og:title"] == title
    assert og["og:url"] == f"http://testserver{path}"
    assert og["og:description"]
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert '<meta name="description" content="' in html
    assert GUEST_EMAIL not in html


def test_draft_preview_has_no_publication_date_and_is_not_indexed(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """A draft previewed by staff claims no publication date and asks not to be indexed."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user(is_staff=True))
    html = client.get(draft.get_absolute_url()).content.decode()
    [item] = _news_articles(_extract(html, "http://testserver/"))
    assert "datePublished" not in item
    assert "article:published_time" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_metadata_costs_no_query_for_a_story_read_for_its_page(
    discussed_story: DiscussedStory, django_assert_num_queries: Callable[..., Any]
) -> None:
    """Byline, tags and section come with the story: building the metadata queries nothing."""
    story = access_article_for_reading(discussed_story.commenter, discussed_story.article.slug)
    with django_assert_num_queries(0):
        meta = structured_data.story_metadata(story, request=None)
    assert meta.json_ld["headline"] == story.headline


def test_dates_keep_their_offset_in_another_time_zone(
    make_article: Callable[..., Article], settings: Any
) -> None:
    """Dates are written in the site's time zone with its offset, to the second."""
    settings.TIME_ZONE = "Europe/Berlin"
    story = make_article(published_at=timezone.now() - timedelta(days=200))
    story.published_at = story.published_at.replace(microsecond=123456)  # type: ignore[union-attr]
    data = structured_data.news_article(story, request=None)
    assert re.match(r".*T\d\d:\d\d:\d\d\+0[12]:00$", data["datePublished"])


def test_publisher_logo_is_the_size_it_claims() -> None:
    """The logo named in JSON-LD exists and has the width and height stated."""
    path = finders.find(structured_data.LOGO_PATH)
    assert path is not None
    with Image.open(Path(str(path))) as logo:
        assert logo.size == structured_data.LOGO_SIZE
        assert logo.format == "PNG"
