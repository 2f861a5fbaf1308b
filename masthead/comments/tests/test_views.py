"""Reading and posting the discussion on a story page, without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

COMMENT_IDS = re.compile(r'<li class="comment[^"]*" id="(c-\d+)"')


def post_url(article: Article) -> str:
    return reverse("comments:post", kwargs={"slug": article.slug})


def thread_ids(client: Client, article: Article) -> list[str]:
    return COMMENT_IDS.findall(client.get(article.get_absolute_url()).content.decode())


def test_guest_post_redirects_to_its_number(client: Client, article: Article) -> None:
    """A guest's post is published and the browser lands on #c-N."""
    response = client.post(post_url(article), {"body": "First!", "name": "  Pat  Q "})
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#c-1"
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="c-1"' in html
    assert "Pat Q" in html
    assert "unregistered" in html


def test_member_post_shows_posts_and_member_since(
    client: Client, article: Article, member: User
) -> None:
    """A member's header shows their site-wide Posts and the day they joined."""
    member.date_joined = member.date_joined.replace(year=2012, month=11, day=23)
    member.save()
    client.force_login(member)
    client.post(post_url(article), {"body": "Member view"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Keen Reader" in html
    assert "Posts: 1; Member since: Nov 23, 2012" in html
    assert "unregistered" not in html


def test_reply_shows_in_reply_to_link(client: Client, article: Article) -> None:
    """A reply says which comment it answers, linking to it."""
    client.post(post_url(article), {"body": "Root", "name": "Pat"})
    client.post(post_url(article), {"body": "Answer", "name": "Sam", "reply_to": "1"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a class="comment__reply-to" href="#c-1">in reply to #1</a>' in html
    assert thread_ids(client, article) == ["c-1", "c-2"]


def test_reply_form_page_works_without_javascript(client: Client, article: Article) -> None:
    """Each comment's Reply link opens a form that answers that comment."""
    post_comment(article=article, body="Original point", guest_name="Pat")
    response = client.get(reverse("comments:reply", kwargs={"slug": article.slug, "number": 1}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reply to #1" in html
    assert "Original point" in html
    assert 'name="reply_to" value="1"' in html
    assert (
        client.get(
            reverse("comments:reply", kwargs={"slug": article.slug, "number": 9})
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"body": "", "name": "Pat"}, "Write something before posting."),
        ({"body": "   \n  ", "name": "Pat"}, "Write something before posting."),
        (
            {"body": "x" * 10_001, "name": "Pat"},
            "limited to 10,000 characters; this one has 10,001",
        ),
        ({"body": "hello"}, "Give a name to post as a guest."),
        ({"body": "hello", "name": "n" * 41}, "at most 40 characters"),
        ({"body": "hello", "name": "Pat", "reply_to": "abc"}, "Enter a whole number."),
        ({"body": "hello", "name": "Pat", "reply_to": "7"}, "#7 cannot be answered"),
        ({"body": "hello", "name": "Pat", "email": "nope"}, "Enter a valid email address."),
        ({"body": "nul \x00 byte", "name": "Pat"}, "Null characters are not allowed."),
    ],
)
def test_bad_posts_get_a_clear_error_and_write_nothing(
    client: Client, article: Article, data: dict[str, str], error: str
) -> None:
    """Empty, oversized or malformed posts are refused with a message, text kept."""
    response = client.post(post_url(article), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your comment was not posted" in html
    assert error in html
    assert Comment.objects.count() == 0
    article.refresh_from_db()
    assert article.last_comment_number == 0


def test_guest_cannot_take_a_members_name(client: Client, article: Article) -> None:
    """A guest name equal to a member's display name or username (any case) is refused."""
    User.objects.create(username="sonyfan", display_name="Xperia Fan")
    for name in ("Xperia Fan", "xperia fan", " XPERIA FAN ", "SonyFan"):
        response = client.post(post_url(article), {"body": "hi", "name": name})
        assert response.status_code == 400
        assert "That name belongs to a member" in response.content.decode()
    assert Comment.objects.count() == 0


def test_posting_requires_csrf_token(article: Article) -> None:
    """A cross-site form post without the CSRF token is refused."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(post_url(article), {"body": "forged", "name": "Pat"})
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_removed_comment_keeps_its_place_while_it_has_replies(
    client: Client, article: Article
) -> None:
    """A removed comment with replies shows a placeholder; one without replies is a gap."""
    post_comment(article=article, body="Keep", guest_name="A")
    spam = post_comment(article=article, body="Buy pills", guest_name="B")
    post_comment(article=article, body="Don't feed it", guest_name="C", reply_to_number=2)
    lone = post_comment(article=article, body="More spam", guest_name="B")
    remove_comment(comment=spam)
    remove_comment(comment=lone)
    html = client.get(article.get_absolute_url()).content.decode()
    assert thread_ids(client, article) == ["c-1", "c-2", "c-3"]
    assert "This comment was removed by a moderator." in html
    assert "Buy pills" not in html
    assert "More spam" not in html


def test_sanitised_comment_reaches_the_page_inert(client: Client, article: Article) -> None:
    """Script, event handlers and javascript: links in a comment never reach the page."""
    client.post(
        post_url(article),
        {
            "body": "<script>alert(1)</script> <img src=x onerror=alert(2)> "
            "[x](javascript:alert(3))",
            "name": "Pat",
        },
    )
    html = client.get(article.get_absolute_url()).content.decode()
    thread = html[html.index('id="c-1"') :]
    assert "<script>alert(1)" not in thread
    assert "<img" not in thread
    assert 'href="javascript:' not in thread


def test_print_view_includes_comments_on_request(client: Client, article: Article) -> None:
    """?comments=1 adds the numbered thread to the print copy."""
    post_comment(article=article, body="Printed remark", guest_name="Pat")
    html = client.get(article.get_print_url() + "?comments=1").content.decode()
    assert 'id="c-1"' in html
    assert "Printed remark" in html


def _thread_queries(client: Client, article: Article) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def _bulk_thread(article: Article, authors: list[User], size: int) -> None:
    """A deep, mixed thread of ``size`` comments through the real action."""
    for n in range(1, size + 1):
        reply_to = n // 2 if n > 1 and n % 3 else None
        author = authors[n % len(authors)] if n % 4 else None
        post_comment(
            article=article,
            body=f"comment {n}",
            author=author,
            guest_name="" if author else f"Guest {n}",
            reply_to_number=reply_to,
        )


def test_story_page_query_count_does_not_grow_with_the_thread(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    settings: Any,
) -> None:
    """A 25-comment and a 2,000-comment story page cost the same number of queries."""
    settings.MASTHEAD_PAGE_CACHE = False  # measure rendering, not cache hits
    settings.MASTHEAD_THREAD_DEPTH_SHOWN = None  # every fetched comment on the page
    authors = [make_user() for _ in range(30)]
    small, large = make_article(), make_article()
    _bulk_thread(small, authors, 25)
    _bulk_thread(large, authors, 2000)
    for story in (small, large):
        client.get(story.get_absolute_url())  # fills the shared fragments and story copies
    small_queries = _thread_queries(client, small)
    large_queries = _thread_queries(client, large)
    shown = thread_ids(client, large)
    assert shown[0] == "c-1"
    assert len(shown) == settings.MASTHEAD_COMMENTS_PER_PAGE  # one long thread, split
    assert small_queries == large_queries
    assert small_queries == 1  # one page of the thread; the story itself is cached


def _threads(article: Article, count: int, replies_each: int = 1) -> None:
    for _ in range(count):
        root = post_comment(article=article, body="root", guest_name="Pat")
        for _ in range(replies_each):
            post_comment(
                article=article, body="reply", guest_name="Sam", reply_to_number=root.number
            )


def _links(html: str) -> dict[str, str]:
    return {
        rel: query
        for query, rel in re.findall(r'href="\?([^"#]*)#comments" rel="(prev|next)"', html)
    }


def test_big_discussions_are_paged_by_whole_threads(
    client: Client, article: Article, settings: Any
) -> None:
    """A page holds whole threads up to 50 comments; pages link both ways."""
    settings.MASTHEAD_COMMENTS_PER_PAGE = 50
    _threads(article, 120, replies_each=2)  # threads of 3: #1-#3, #4-#6, ...
    url = article.get_absolute_url()
    first = client.get(url).content.decode()
    assert COMMENT_IDS.findall(first) == [f"c-{n}" for n in range(1, 49)]  # 16 whole threads
    assert "prev" not in _links(first)
    second = client.get(f"{url}?{_links(first)['next']}").content.decode()
    assert COMMENT_IDS.findall(second) == [f"c-{n}" for n in range(49, 97)]
    back = client.get(f"{url}?{_links(second)['prev']}").content.decode()
    assert COMMENT_IDS.findall(back) == COMMENT_IDS.findall(first)
    last = client.get(f"{url}?from=337").content.decode()
    assert COMMENT_IDS.findall(last) == [f"c-{n}" for n in range(337, 361)]
    assert "next" not in _links(last)


def test_a_thread_longer_than_a_page_continues_on_the_next(
    client: Client, article: Article, settings: Any
) -> None:
    """One huge thread is split, and its next page says which thread it continues."""
    settings.MASTHEAD_COMMENTS_PER_PAGE = 50
    _threads(article, 1, replies_each=120)
    url = article.get_absolute_url()
    first = client.get(url).content.decode()
    assert len(COMMENT_IDS.findall(first)) == 50
    second = client.get(f"{url}?{_links(first)['next']}").content.decode()
    assert COMMENT_IDS.findall(second)[0] == "c-51"
    assert "Continuing the thread started by" in second


def test_malformed_paging_links_show_the_first_page(client: Client, article: Article) -> None:
    """Malformed paging parameters are a first page, never an error."""
    _threads(article, 3)
    for query in ("?from=abc", "?after=12", "?before=x", "?from=0", "?after=" + "9" * 999):
        response = client.get(article.get_absolute_url() + query)
        assert response.status_code == 200
        assert COMMENT_IDS.findall(response.content.decode())[0] == "c-1"


def test_permalink_opens_a_page_that_holds_the_comment(
    client: Client, article: Article, settings: Any
) -> None:
    """/story/<slug>/comments/<n>/ lands on a page that shows #n, at #n."""
    settings.MASTHEAD_COMMENTS_PER_PAGE = 50
    _threads(article, 120)  # roots #1, #3, ...; each reply follows its root
    url = article.get_absolute_url()
    permalink = reverse("comments:permalink", kwargs={"slug": article.slug, "number": 230})
    response = client.get(permalink)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?from=229#c-230"
    assert 'id="c-230"' in client.get(response["Location"]).content.decode()
    early = reverse("comments:permalink", kwargs={"slug": article.slug, "number": 2})
    assert client.get(early)["Location"] == f"{url}#c-2"


def test_permalink_deep_inside_a_long_thread(
    client: Client, article: Article, settings: Any
) -> None:
    """A comment past the first page of its own thread opens a page starting at it."""
    settings.MASTHEAD_COMMENTS_PER_PAGE = 50
    _threads(article, 1, replies_each=120)
    permalink = reverse("comments:permalink", kwargs={"slug": article.slug, "number": 100})
    location = client.get(permalink)["Location"]
    assert location == f"{article.get_absolute_url()}?after=000001000099#c-100"
    assert COMMENT_IDS.findall(client.get(location).content.decode())[0] == "c-100"


def test_posting_on_a_later_page_lands_there(
    client: Client, article: Article, settings: Any
) -> None:
    """A reply in a thread beyond the first page redirects to a page that shows it."""
    settings.MASTHEAD_COMMENTS_PER_PAGE = 50
    _threads(article, 120)
    response = client.post(post_url(article), {"body": "late", "name": "Kim", "reply_to": "201"})
    assert response["Location"] == f"{article.get_absolute_url()}?from=201#c-241"


def test_the_comment_form_follows_the_settings_and_keeps_its_errors_to_itself(
    client: Client, article: Article, settings: Any
) -> None:
    """Every comment form of a kind shares its fields (``CommentForm``): the length
    limits still follow the settings, and one reader's refused post marks no field of
    the next reader's form."""
    settings.MASTHEAD_PAGE_CACHE = False
    settings.MASTHEAD_COMMENT_MAX_LENGTH = 1234
    settings.MASTHEAD_DISPLAY_NAME_MAX_LENGTH = 42
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<textarea name="body"[^>]* maxlength="1234"', page)
    assert re.search(r'<input type="text" name="name"[^>]* maxlength="42"', page)
    refused = client.post(post_url(article), {"body": "", "name": ""}).content.decode()
    assert "Write something before posting." in refused
    assert "Give a name to post as a guest." in refused
    fresh = Client().get(article.get_absolute_url()).content.decode()
    assert "field--error" not in fresh
    assert "Write something before posting." not in fresh
