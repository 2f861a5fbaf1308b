"""A story as readers find it after a day: two authors, a lead image, tags, a correction,
and a nested discussion with a guest who left an e-mail, a comment held for review and
one removed by a moderator. Shared by the HTML, structured data and print tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from masthead.accounts.models import User
from masthead.articles.actions import add_correction, save_article, set_byline, set_tags
from masthead.articles.models import Article, Source
from masthead.comments.actions import hold_comment, post_comment, remove_comment

GUEST_EMAIL = "guest.secret@example.org"
HELD_TEXT = "Held back: buy cheap watches now"
REMOVED_TEXT = "Removed for being rude"


@dataclass(frozen=True)
class DiscussedStory:
    article: Article
    authors: list[User]
    commenter: User
    visible_comments: int


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def discussed_story(
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    settings: Any,
    tmp_path: Path,
) -> DiscussedStory:
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    authors = [
        make_user(username="ada", display_name="Ada Reporter"),
        make_user(username="bo", display_name="Bo Editor"),
    ]
    commenter = make_user(username="keen", display_name="Keen Reader")
    source = Source.objects.create(name="Xperia blog", url="https://blogs.example.com/xperia")
    story = make_article(
        headline='Sony sold a record 10 million phones </script><b>"quoted"</b>',
        slug="sony-record",
        summary="Sales rose 40% on the Xperia Z's launch & a price cut.",
        body="Sales **rose**, says [the report](https://example.com/report).\n\n"
        "See also [below](#comments).",
        published_at=now - timedelta(hours=5),
        source=source,
    )
    story.revised_at = now - timedelta(hours=1)
    story.lead_image = SimpleUploadedFile("lead.jpg", _jpeg(1200, 675), "image/jpeg")
    story.lead_image_alt = "A stack of phones in a shop window"
    story.lead_image_credit = "Photo: Masthead"
    save_article(article=story)
    set_byline(article=story, people=authors)
    set_tags(article=story, names=["Sony", "Earnings"])
    add_correction(article=story, text="An earlier version misstated the quarter.")

    first = post_comment(
        article=story, body="First! See [the filing](https://example.org/filing).", author=commenter
    )
    reply = post_comment(
        article=story,
        body="A guest's reply.",
        guest_name="Passing Guest",
        guest_email=GUEST_EMAIL,
        reply_to_number=first.number,
    )
    post_comment(
        article=story, body="Deeper still.", author=authors[0], reply_to_number=reply.number
    )
    held = post_comment(article=story, body=HELD_TEXT, author=commenter)
    hold_comment(comment=held, reasons=["links"])
    removed = post_comment(article=story, body=REMOVED_TEXT, author=commenter)
    remove_comment(comment=removed)
    post_comment(article=story, body=f"Replying to #{first.number}.", author=commenter)
    story.refresh_from_db()
    return DiscussedStory(story, authors, commenter, visible_comments=4)
