"""The newsroom's side of a story: schedule, preview, bylines, tags, corrections, old
addresses, lead images, and the admin list."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from masthead.accounts.models import User
from masthead.articles import actions
from masthead.articles.forms import ArticleAdminForm
from masthead.articles.models import Article, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user: Callable[..., User]) -> User:
    return make_user(username="desk", display_name="Desk Editor", is_staff=True, is_superuser=True)


def _form_data(story: Article | None, section: Section, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "headline": story.headline if story else "A scheduled story",
        "slug": story.slug if story else "a-scheduled-story",
        "summary": "",
        "body": "Body.",
        "section": section.pk,
        "status": "published",
        "comments_mode": "open",
        "comments_close_after_days": "14",
    }
    for inline in ("bylines", "corrections"):
        data |= {f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"}
    data.update(changes)
    return data


def _when(moment: Any, *, admin: bool = False) -> dict[str, str]:
    """The publication time as the admin's split widget or the plain form posts it."""
    local = timezone.localtime(moment)
    if admin:
        return {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}
    return {"published_at": f"{local:%Y-%m-%d %H:%M:%S}"}


# Scheduling ---------------------------------------------------------------------------


def test_a_scheduled_story_appears_on_its_own_at_its_time(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Before its time a scheduled story is a 404 and missing from the front page; at its
    time readers see it with no one pressing a button."""
    when = timezone.now() + timedelta(hours=2)
    story = make_article(headline="Embargoed results", published_at=when)
    assert story.status == Article.Status.SCHEDULED
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Embargoed results" not in client.get("/").content.decode()
    with time_machine.travel(when + timedelta(seconds=1)):
        assert client.get(story.get_absolute_url()).status_code == 200


def test_cached_pages_do_not_outlive_a_scheduled_publication(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A front page or story page cached minutes before a scheduled story's time shows
    it from that time on, even when nothing refreshes the cache (the publishing task
    runs late, or in a process whose cache this one does not share)."""
    when = timezone.now() + timedelta(minutes=2)
    older = make_article(headline="Older news")
    make_article(headline="Embargoed results", published_at=when)
    assert "Embargoed results" not in client.get("/").content.decode()
    assert "Embargoed results" not in client.get(older.get_absolute_url()).content.decode()
    assert client.get("/").get("X-Page-Cache") == "hit"
    with time_machine.travel(when + timedelta(seconds=1)):
        assert "Embargoed results" in client.get("/").content.decode()
        assert "Embargoed results" in client.get(older.get_absolute_url()).content.decode()


def test_the_publishing_task_marks_due_stories_and_refreshes_cached_lists(
    client: Client, make_article: Callable[..., Article], django_capture_on_commit_callbacks: Any
) -> None:
    """The task queued for a story's time marks it published and makes cached front pages
    show it at once (not after the cache expires)."""
    when = timezone.now() + timedelta(minutes=30)
    story = make_article(headline="Embargoed results", published_at=when)
    later = make_article(headline="Still embargoed", published_at=when + timedelta(days=1))
    with time_machine.travel(when + timedelta(seconds=5)):
        client.get("/")  # cached while the story... is not on it yet? (page cache is shared)
        with django_capture_on_commit_callbacks(execute=True):
            published = actions.publish_due_stories()
        assert published == [story.slug]
        assert "Embargoed results" in client.get("/").content.decode()
        assert "Still embargoed" not in client.get("/").content.decode()
    story.refresh_from_db()
    later.refresh_from_db()
    assert (story.status, later.status) == (Article.Status.PUBLISHED, Article.Status.SCHEDULED)


def test_saving_a_scheduled_story_queues_its_publication_for_its_time(
    make_article: Callable[..., Article], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """With the database task backend (the one ``make run`` and production use), the
    publication waits in the queue until the story's time."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    when = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(published_at=when)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "masthead.articles.tasks.publish_due_stories"
    assert queued.run_after == when


def test_the_cron_command_publishes_what_is_due(
    make_article: Callable[..., Article], capsys: Any
) -> None:
    """``manage.py publish_scheduled`` is the backstop and says what it did."""
    from django.core.management import call_command

    when = timezone.now() + timedelta(minutes=1)
    story = make_article(published_at=when)
    with time_machine.travel(when + timedelta(minutes=1)):
        call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert f"Published 1 scheduled story.\n  {story.slug}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("status", "offset", "error"),
    [
        ("scheduled", None, "A scheduled story needs a publication time."),
        ("scheduled", timedelta(hours=-1), "That time has passed."),
    ],
)
def test_the_form_explains_an_impossible_schedule(
    section: Section, status: str, offset: timedelta | None, error: str
) -> None:
    """Scheduling without a time, or for a time already gone, is refused with a reason."""
    data = _form_data(None, section, status=status)
    if offset is not None:
        data |= _when(timezone.now() + offset)
    form = ArticleAdminForm(data)
    assert not form.is_valid()
    assert error in " ".join(str(e) for e in form.errors["published_at"])


def test_publishing_with_a_future_time_schedules(section: Section) -> None:
    """An editor who picks "Published" with a time still to come gets a schedule."""
    form = ArticleAdminForm(_form_data(None, section) | _when(timezone.now() + timedelta(days=1)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["status"] == Article.Status.SCHEDULED


def test_the_admin_says_when_a_scheduled_story_goes_out(
    client: Client, editor: User, section: Section
) -> None:
    """Saving a schedule in the admin confirms the time."""
    client.force_login(editor)
    when = timezone.now() + timedelta(days=2)
    response = client.post(
        reverse("admin:articles_article_add"),
        _form_data(None, section, status="scheduled") | _when(when, admin=True),
        follow=True,
    )
    assert response.status_code == 200
    assert "will be published on" in response.content.decode()
    assert Article.objects.get().status == Article.Status.SCHEDULED


# Preview ------------------------------------------------------------------------------


def test_staff_preview_drafts_and_readers_cannot(
    client: Client, editor: User, make_article: Callable[..., Article]
) -> None:
    """A draft is a 404 to readers; staff see it with a banner and a noindex tag."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="Not yet")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Preview: this story is a draft. Readers cannot see it yet." in html
    assert '<meta name="robots" content="noindex">' in html


def test_staff_preview_a_scheduled_story_with_its_time(
    client: Client, editor: User, make_article: Callable[..., Article]
) -> None:
    """The preview of a scheduled story says when it goes out."""
    story = make_article(published_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    assert "this story is scheduled for" in client.get(story.get_absolute_url()).content.decode()


# Old addresses ------------------------------------------------------------------------


def test_a_changed_slug_answers_301_from_the_old_address(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """Links to the old slug, its print view and its comment permalinks land on the new
    address, query string kept."""
    story = make_article(slug="old-headline")
    story.slug = "new-headline"
    actions.save_article(article=story)
    for old, new in [
        ("/story/old-headline/", "/story/new-headline/"),
        ("/story/old-headline/print/?comments=1", "/story/new-headline/print/?comments=1"),
        ("/story/old-headline/comments/3/", "/story/new-headline/comments/3/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get("/story/new-headline/").status_code == 200


def test_a_new_story_may_take_a_former_address(
    client: Client, make_article: Callable[..., Article]
) -> None:
    """A retired slug given to a new story serves the new story, not a redirect."""
    first = make_article(slug="launch", headline="First")
    first.slug = "launch-2025"
    actions.save_article(article=first)
    make_article(slug="launch", headline="Second launch")
    response = client.get("/story/launch/")
    assert response.status_code == 200
    assert "Second launch" in response.content.decode()


def test_unknown_addresses_stay_404(client: Client, db: Any) -> None:
    """A slug that never existed is a plain 404."""
    assert client.get("/story/never-was/").status_code == 404


# Bylines, tags, corrections, updates ---------------------------------------------------


def test_a_byline_names_every_author_and_links_their_pages(
    client: Client, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    """Two authors read "By A and B", each linked to an author page listing the story."""
    ann, bo = make_user(display_name="Ann Writer"), make_user(display_name="Bo Reporter")
    story = make_article(headline="Joint report", authors=[ann, bo])
    html = client.get(story.get_absolute_url()).content.decode()
    ann_url = reverse("articles:author", args=[ann.username])
    assert f'By <a class="byline__name" href="{ann_url}" rel="author">Ann Writer</a> and ' in html
    page = client.get(reverse("articles:author", args=[bo.username])).content.decode()
    assert "Joint report" in page
    assert "<h1>Bo Reporter</h1>" in page


def test_members_without_a_byline_have_no_author_page(
    client: Client, member: User, make_article: Callable[..., Article]
) -> None:
    """Author pages exist for people who wrote a published story, nobody else."""
    make_article(status=Article.Status.DRAFT, published_at=None, authors=[member])
    assert client.get(reverse("articles:author", args=[member.username])).status_code == 404


def test_tags_link_to_topic_pages(client: Client, make_article: Callable[..., Article]) -> None:
    """A story's tags link to pages listing every published story with that tag."""
    story = make_article(headline="Quarterly numbers", tags=["Earnings", "Sony"])
    make_article(headline="Unrelated")
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="/tags/earnings/" rel="tag">Earnings</a>' in html
    page = client.get("/tags/earnings/").content.decode()
    assert "Quarterly numbers" in page
    assert "Unrelated" not in page
    assert client.get("/tags/nothing-here/").status_code == 404


def test_corrections_and_updates_show_on_the_story(
    client: Client, make_article: Callable[..., Article], django_capture_on_commit_callbacks: Any
) -> None:
    """A correction is dated under the story; "Updated" shows the time editors set."""
    story = make_article()
    client.get(story.get_absolute_url())  # a cached copy that the correction must replace
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_correction(article=story, text="An earlier version gave the wrong quarter.")
        story.revised_at = timezone.now()
        actions.save_article(article=story)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "An earlier version gave the wrong quarter." in html
    assert '<h2 id="corrections-title">Correction</h2>' in html
    assert 'class="byline__updated">Updated <time datetime=' in html


def test_mark_updated_stamps_the_time(section: Section) -> None:
    """The form's "Mark as updated now" sets the Updated time."""
    form = ArticleAdminForm(_form_data(None, section, mark_updated="on"))
    assert form.is_valid(), form.errors
    revised = form.cleaned_data["revised_at"]
    assert revised is not None
    assert abs((timezone.now() - revised).total_seconds()) < 5


# Lead images --------------------------------------------------------------------------


def _image_upload(width: int = 2000, height: int = 1000, *, fmt: str = "JPEG") -> Any:
    image = Image.new("RGB", (width, height), (200, 40, 40))
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    if fmt == "JPEG":
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    ext = "jpg" if fmt == "JPEG" else fmt.lower()
    return SimpleUploadedFile(f"photo.{ext}", buffer.getvalue(), content_type=f"image/{ext}")


def test_a_lead_image_is_stored_in_several_widths_without_metadata(
    client: Client, editor: User, section: Section, settings: Any, tmp_path: Path
) -> None:
    """An uploaded photo becomes 480, 960 and 1600 px JPEGs without EXIF, offered to
    browsers through ``srcset`` with its description as ``alt``."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    data = _form_data(None, section, lead_image_alt="A red square", lead_image_credit="Desk")
    response = client.post(
        reverse("admin:articles_article_add"), data | {"lead_image": _image_upload()}
    )
    assert response.status_code == 302
    story = Article.objects.get()
    assert [r["width"] for r in story.lead_image_renditions] == [480, 960, 1600]
    assert (story.lead_image_width, story.lead_image_height) == (1600, 800)
    for rendition in story.lead_image_renditions:
        with Image.open(tmp_path / rendition["name"]) as stored:
            assert stored.width == rendition["width"]
            assert not stored.getexif()
    assert not list(tmp_path.rglob("photo.jpg"))  # the upload itself is not kept
    html = Client().get(story.get_absolute_url()).content.decode()
    assert 'alt="A red square"' in html
    assert "480w, " in html
    assert "1600w" in html
    assert "<figcaption>Desk</figcaption>" in html


@pytest.mark.parametrize(
    ("upload", "field", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"not an image", content_type="image/jpeg"),
            "lead_image",
            "Upload a valid image",
        ),
        (None, "lead_image", "needs at least 480"),
        ("no-alt", "lead_image_alt", "Describe the lead image"),
    ],
)
def test_a_lead_image_that_cannot_be_used_is_refused_with_a_reason(
    client: Client,
    editor: User,
    section: Section,
    settings: Any,
    tmp_path: Path,
    upload: Any,
    field: str,
    message: str,
) -> None:
    """A file that is not an image, a too-narrow one, or an image without a description
    gets a message on the right field and saves nothing."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    data = _form_data(None, section, lead_image_alt="Something")
    if upload is None:
        data["lead_image"] = _image_upload(300, 200)
    elif upload == "no-alt":
        data |= {"lead_image": _image_upload(), "lead_image_alt": ""}
    else:
        data["lead_image"] = upload
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Article.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


# The admin list -----------------------------------------------------------------------
