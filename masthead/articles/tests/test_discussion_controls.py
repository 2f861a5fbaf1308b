"""Per-story comment controls: open, closed, or closing N days after publication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.actions import save_article
from masthead.articles.models import Article
from masthead.articles.selectors import comments_open, discussion_status

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
OPEN, CLOSED, AUTO = (
    Article.CommentsMode.OPEN,
    Article.CommentsMode.CLOSED,
    Article.CommentsMode.AUTO_CLOSE,
)
CLOSED_NOTICE = "Comments are closed on this story."


@pytest.mark.parametrize(
    ("mode", "days", "age", "is_open", "notice"),
    [
        (OPEN, 14, timedelta(hours=1), True, ""),
        (OPEN, 14, timedelta(days=400), True, ""),
        (CLOSED, 14, timedelta(hours=1), False, CLOSED_NOTICE),
        (CLOSED, 14, timedelta(days=400), False, CLOSED_NOTICE),
        (AUTO, 14, timedelta(hours=1), True, ""),
        (AUTO, 14, timedelta(days=14) - timedelta(seconds=1), True, ""),
        (
            AUTO,
            14,
            timedelta(days=14),
            False,
            "Comments closed on Jun 15, 2026, 14 days after publication.",
        ),
        (
            AUTO,
            14,
            timedelta(days=30),
            False,
            "Comments closed on May 30, 2026, 14 days after publication.",
        ),
        (
            AUTO,
            1,
            timedelta(days=2),
            False,
            "Comments closed on Jun 14, 2026, 1 day after publication.",
        ),
        (AUTO, 90, timedelta(days=89), True, ""),
    ],
)
def test_comments_open_follows_the_editors_choice(
    make_article: Callable[..., Article],
    settings: Any,
    mode: str,
    days: int,
    age: timedelta,
    is_open: bool,
    notice: str,
) -> None:
    """Open stays open, closed stays closed, auto-close closes N days after publication
    (at that very second), and a closed story says why."""
    story = make_article(published_at=NOW - age, comments_mode=mode, comments_close_after_days=days)
    with time_machine.travel(NOW, tick=False):
        status = discussion_status(story)
        assert comments_open(story) is is_open
    assert status.open is is_open
    assert status.notice == notice


def test_explicit_now_decides_without_the_clock(make_article: Callable[..., Article]) -> None:
    """``comments_open(article, now)`` answers for the moment asked about."""
    story = make_article(published_at=NOW, comments_mode=AUTO, comments_close_after_days=7)
    assert comments_open(story, NOW + timedelta(days=6)) is True
    assert comments_open(story, NOW + timedelta(days=7)) is False
    assert discussion_status(story, NOW).closes_at == NOW + timedelta(days=7)


def test_unpublished_stories_take_no_comments(make_article: Callable[..., Article]) -> None:
    """A draft, or a story scheduled for later, is not open for comments yet."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    scheduled = make_article(published_at=NOW + timedelta(hours=1))
    for story in (draft, scheduled):
        status = discussion_status(story, NOW)
        assert status.open is False
        assert status.notice == "Comments open when the story is published."


def test_new_stories_take_the_site_default_period(
    make_article: Callable[..., Article], settings: Any
) -> None:
    """``MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS`` is read when a story is created; open is the
    default mode."""
    settings.MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS = 30
    story = make_article()
    assert (story.comments_mode, story.comments_close_after_days) == (OPEN, 30)


def test_the_period_is_at_least_a_day(make_article: Callable[..., Article]) -> None:
    """The database refuses a comment period of zero days."""
    story = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=story.pk).update(comments_close_after_days=0)


def _admin_data(story: Article, **changes: str) -> dict[str, Any]:
    assert story.published_at is not None
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "summary": story.summary,
        "body": story.body,
        "section": story.section_id,
        "status": story.status,
        "published_at_0": story.published_at.strftime("%Y-%m-%d"),
        "published_at_1": story.published_at.strftime("%H:%M:%S"),
        "comments_mode": story.comments_mode,
        "comments_close_after_days": str(story.comments_close_after_days),
    }
    for inline in ("bylines", "corrections"):  # the admin's inline formsets, left empty
        data |= {f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"}
    data.update(changes)
    return data


def test_editors_set_the_controls_in_the_discussion_fieldset(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The admin's Discussion fieldset holds both controls; closing a story reaches the
    cached page readers get at once."""
    story = make_article()
    assert 'name="body"' in client.get(story.get_absolute_url()).content.decode()  # cached
    editor = make_user(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    form_html = admin.get(url).content.decode()
    discussion = form_html[form_html.index(">Discussion<") :]
    assert 'name="comments_mode"' in discussion
    assert 'name="comments_close_after_days"' in discussion
    assert "Comments now" in discussion
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, _admin_data(story, comments_mode="closed"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.comments_mode == CLOSED
    page = client.get(story.get_absolute_url()).content.decode()
    assert CLOSED_NOTICE in page
    assert 'name="body"' not in page
    assert CLOSED_NOTICE in admin.get(url).content.decode()  # "Comments now"


def test_admin_refuses_a_period_of_zero_days(
    make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """The editor is told the period must be at least one day; nothing changes."""
    story = make_article()
    admin = Client()
    admin.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = admin.post(
        url, _admin_data(story, comments_mode="auto-close", comments_close_after_days="0")
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    story.refresh_from_db()
    assert story.comments_mode == OPEN


def test_saving_a_story_keeps_the_comment_counters(make_article: Callable[..., Article]) -> None:
    """An editor's save (say, closing comments on a busy story) from a copy loaded before
    the latest comments leaves the counters the comment actions keep as they are."""
    story = make_article()
    Article.objects.filter(pk=story.pk).update(last_comment_number=7, comment_count=6)
    story.comments_mode = CLOSED  # ``story`` still holds 0 and 0
    save_article(article=story)
    story.refresh_from_db()
    assert (story.comments_mode, story.last_comment_number, story.comment_count) == (CLOSED, 7, 6)


def test_admin_says_until_when_an_auto_closing_story_is_open(
    make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """The change form shows the closing time the editor's settings give."""
    story = make_article(published_at=NOW, comments_mode=AUTO, comments_close_after_days=10)
    admin = Client()
    admin.force_login(make_user(is_staff=True, is_superuser=True))
    with time_machine.travel(NOW + timedelta(days=1)):
        html = admin.get(reverse("admin:articles_article_change", args=[story.pk])).content
    assert "Open until Jun 25, 2026, 12:00." in html.decode()
