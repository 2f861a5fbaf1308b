"""A story whose comments are closed keeps its thread readable and takes no new comments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.actions import save_article
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2031, 3, 1, 12, 0, tzinfo=UTC)
CLOSES = PUBLISHED + timedelta(days=14)
CLOSED_NOTICE = "Comments are closed on this story."
AUTO_NOTICE = "Comments closed on Mar 15, 2031, 14 days after publication."


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Time stands still a day after publication until a test moves it."""
    with time_machine.travel(PUBLISHED + timedelta(days=1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def story(make_article: Callable[..., Article], clock: time_machine.Traveller) -> Article:
    """An auto-closing story (14 days) with one comment, still open."""
    article = make_article(
        published_at=PUBLISHED,
        comments_mode=Article.CommentsMode.AUTO_CLOSE,
        comments_close_after_days=14,
    )
    post_comment(article=article, body="Said while it was open", guest_name="Pat")
    return article


def close(story: Article) -> None:
    story.comments_mode = Article.CommentsMode.CLOSED
    save_article(article=story)


def post_url(story: Article) -> str:
    return reverse("comments:post", kwargs={"slug": story.slug})


def reply_url(story: Article, number: int) -> str:
    return reverse("comments:reply", kwargs={"slug": story.slug, "number": number})


def discussion(client: Client, story: Article) -> str:
    html = client.get(story.get_absolute_url()).content.decode()
    return html[html.index('id="comments"') :]


def test_open_story_has_the_form_and_reply_links(client: Client, story: Article) -> None:
    """While open: the form, Reply and Quote, and no notice."""
    html = discussion(client, story)
    assert 'name="body"' in html
    assert "/comments/1/reply/" in html
    assert "discussion-closed" not in html


def test_closed_story_shows_the_thread_read_only_with_a_notice(
    client: Client, story: Article, django_capture_on_commit_callbacks: Any
) -> None:
    """Closed by an editor: the comments stay, the form, Reply and Quote go, and a
    notice says so."""
    with django_capture_on_commit_callbacks(execute=True):
        close(story)
    html = discussion(client, story)
    assert "Said while it was open" in html
    assert CLOSED_NOTICE in html
    assert 'name="body"' not in html
    assert "/reply/" not in html
    assert ">Quote<" not in html
    assert "Start the discussion" not in html


def test_closed_story_page_for_members_has_no_form_either(
    client: Client, story: Article, member: User
) -> None:
    """A member's private page follows the same rule."""
    close(story)
    client.force_login(member)
    html = discussion(client, story)
    assert CLOSED_NOTICE in html
    assert 'name="body"' not in html
    assert "/reply/" not in html


def test_auto_closing_story_says_when_it_closed(
    client: Client, story: Article, clock: time_machine.Traveller
) -> None:
    """Past its period the story says on which day and after how many days it closed."""
    clock.move_to(CLOSES + timedelta(hours=1))
    html = discussion(client, story)
    assert AUTO_NOTICE in html
    assert 'name="body"' not in html
    assert "Said while it was open" in html


@pytest.mark.parametrize("when", ["closed", "auto-closed"])
def test_the_action_refuses_and_writes_nothing(
    story: Article, clock: time_machine.Traveller, when: str
) -> None:
    """``post_comment`` itself refuses a closed story: no comment, no number, no count."""
    if when == "closed":
        close(story)
    else:
        clock.move_to(CLOSES)
    with pytest.raises(ValidationError) as refused:
        post_comment(article=story, body="Too late", guest_name="Sam")
    assert refused.value.messages == [CLOSED_NOTICE]
    story.refresh_from_db()
    assert (story.last_comment_number, story.comment_count) == (1, 1)
    assert list(Comment.objects.values_list("number", flat=True)) == [1]


def test_a_loader_may_post_a_comment_dated_while_the_story_was_open(
    story: Article, clock: time_machine.Traveller
) -> None:
    """The action asks about the moment of posting: an import dated inside the period
    is accepted even after the story has closed; one dated after it is not."""
    clock.move_to(CLOSES + timedelta(days=30))
    kept = post_comment(
        article=story, body="Imported", guest_name="Sam", posted_at=CLOSES - timedelta(hours=1)
    )
    assert kept.number == 2
    with pytest.raises(ValidationError):
        post_comment(article=story, body="Imported late", guest_name="Sam", posted_at=CLOSES)


@pytest.mark.parametrize("as_member", [False, True])
def test_posting_to_a_closed_story_is_refused_with_the_text_kept(
    client: Client, story: Article, member: User, as_member: bool
) -> None:
    """A post from an old page gets a 403 page with the notice and the reader's text, no
    form to try again; nothing is written."""
    close(story)
    data = {"body": "My late remark", "name": "Sam"}
    if as_member:
        client.force_login(member)
        del data["name"]
    response = client.post(post_url(story), data)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your comment was not posted" in html
    assert CLOSED_NOTICE in html
    assert "My late remark" in html
    assert "readonly" in html
    assert 'name="body"' not in html
    assert Comment.objects.count() == 1


def test_a_reply_to_a_closed_story_is_refused(client: Client, story: Article) -> None:
    """The no-JavaScript reply page shows the comment and the notice, not a form; a
    reply posted anyway is refused."""
    close(story)
    response = client.get(reply_url(story, 1))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Comments are closed" in html
    assert CLOSED_NOTICE in html
    assert "Said while it was open" in html
    assert 'name="body"' not in html
    response = client.post(post_url(story), {"body": "Reply", "name": "Sam", "reply_to": "1"})
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_reopening_a_story_brings_the_form_back(
    client: Client, story: Article, django_capture_on_commit_callbacks: Any
) -> None:
    """An editor's change reaches the shared page at once, both ways."""
    with django_capture_on_commit_callbacks(execute=True):
        close(story)
    assert CLOSED_NOTICE in discussion(client, story)
    story.comments_mode = Article.CommentsMode.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        save_article(article=story)
    html = discussion(client, story)
    assert CLOSED_NOTICE not in html
    assert 'name="body"' in html
    assert client.post(post_url(story), {"body": "Back", "name": "Sam"}).status_code == 302


def test_a_cached_page_may_outlive_the_closing_time_but_posts_are_refused(
    client: Client, story: Article, clock: time_machine.Traveller, settings: Any
) -> None:
    """Auto-closing happens at a time, not on an event: the shared copy cached just
    before may show the form until it expires (``MASTHEAD_PAGE_CACHE_SECONDS``), and a
    post from it is refused; the next copy shows the notice."""
    clock.move_to(CLOSES - timedelta(minutes=1))
    assert 'name="body"' in discussion(client, story)
    clock.move_to(CLOSES + timedelta(minutes=1))
    stale = client.get(story.get_absolute_url())
    assert stale["X-Page-Cache"] == "hit"
    assert 'name="body"' in stale.content.decode()
    assert client.post(post_url(story), {"body": "Late", "name": "Sam"}).status_code == 403
    assert Comment.objects.count() == 1
    clock.move_to(CLOSES + timedelta(seconds=settings.MASTHEAD_PAGE_CACHE_SECONDS))
    fresh = client.get(story.get_absolute_url())
    assert "X-Page-Cache" not in fresh
    assert AUTO_NOTICE in fresh.content.decode()


def test_branch_pages_of_a_closed_story_have_no_reply_links(client: Client, story: Article) -> None:
    """The "Continue this thread" pages follow the story's rule too."""
    close(story)
    url = reverse("comments:branch", kwargs={"slug": story.slug, "number": 1})
    html = client.get(url).content.decode()
    assert "Said while it was open" in html
    assert "/reply/" not in html


def test_the_page_script_is_told_why_a_post_was_refused(client: Client, story: Article) -> None:
    """Posting in place (JSON) gets the notice as the form's error; nothing is written."""
    close(story)
    response = client.post(
        post_url(story),
        {"body": "In place", "name": "Sam"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [CLOSED_NOTICE]
    assert Comment.objects.count() == 1
