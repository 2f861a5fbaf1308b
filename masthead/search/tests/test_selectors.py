"""What readers find, on SQLite (FTS5) and PostgreSQL alike: stories by their words,
best first; comments that are visible, linked to their permalinks; text written through
any action found by its new words; nothing held, removed, deleted, drafted or scheduled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.actions import save_article
from masthead.articles.models import Article
from masthead.comments.actions import (
    delete_own_comment,
    edit_comment,
    hold_comment,
    publish_held_comment,
    remove_comment,
)
from masthead.comments.models import Comment
from masthead.search.selectors import (
    PER_PAGE,
    CommentHit,
    StoryHit,
    search,
    search_comments,
    search_counts,
    search_stories,
)

pytestmark = pytest.mark.django_db

MakeArticle = Callable[..., Article]
Post = Callable[..., Comment]


def _headlines(query: str) -> list[str]:
    return [_text(hit.headline_html) for hit in search_stories(query).hits]


def _text(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def _comment_numbers(query: str) -> list[int]:
    return [hit.number for hit in search_comments(query).hits]


def test_finds_a_story_by_a_word_in_its_body(make_article: MakeArticle) -> None:
    """A word of the body finds the story, with a snippet of the body marking it."""
    make_article(headline="Quiet week", body="The committee met on a *gloomy* Tuesday.")
    make_article(headline="Other news", body="Nothing to see.")
    [hit] = search_stories("gloomy").hits
    assert isinstance(hit, StoryHit)
    assert _text(hit.headline_html) == "Quiet week"
    assert "<mark>gloomy</mark>" in hit.snippet_html
    assert "*" not in hit.snippet_html  # Markdown emphasis reads as text


def test_headline_match_ranks_first(make_article: MakeArticle) -> None:
    """A story whose headline holds the word comes before one that only mentions it,
    however often, and a summary match sits between them."""
    make_article(
        headline="Markets wobble",
        body="Quasar, quasar, quasar: the quasar fund dropped. " + "Filler words. " * 40,
        published_at=timezone.now() - timedelta(minutes=1),
    )
    make_article(headline="A quasar lights up the sky", body="Astronomers saw it first.")
    make_article(headline="Telescope news", summary="Something about a quasar.", body="Plain body.")
    assert _headlines("quasar") == [
        "A quasar lights up the sky",
        "Telescope news",
        "Markets wobble",
    ]


def test_words_match_in_other_forms_but_not_as_prefixes(make_article: MakeArticle) -> None:
    """Both databases stem English: "elections" finds "election"; a word's beginning
    alone ("xylo") finds nothing, on either."""
    make_article(headline="Election night", body="Counting the xylophones.")
    assert _headlines("elections") == ["Election night"]
    assert _headlines("xylophone") == ["Election night"]
    assert _headlines("xylo") == []


def test_phrases_alternatives_and_exclusions(make_article: MakeArticle) -> None:
    """Quoted phrases match words in order; ``or`` and ``-word`` work on both databases."""
    make_article(headline="Record phone sales", slug="a")
    make_article(headline="Sales of the phone record", slug="b")
    make_article(headline="Tablet record", slug="c")
    assert _headlines('"record phone"') == ["Record phone sales"]
    assert sorted(_headlines("phone -sales or tablet")) == ["Tablet record"]
    assert sorted(_headlines("sales or tablet")) == [
        "Record phone sales",
        "Sales of the phone record",
        "Tablet record",
    ]


def test_operators_typed_loosely_never_match_everything(article: Article, post: Post) -> None:
    """A dash and a stray quote before a word do not turn it into "everything but":
    both databases read ``* - " NEAR(`` as a search for "near"."""
    post(article, "Nothing to see")
    post(article, "Near the river")
    assert search_counts('* - " NEAR(').comments == 1


def test_stop_words_and_exclusions(article: Article, post: Post) -> None:
    """PostgreSQL drops English stop words: "the -zebra" leaves exclusions alone there,
    which find nothing rather than everything; SQLite indexes every word."""
    post(article, "The kettle is on")
    post(article, "Two zebras")
    expected = 0 if connection.vendor == "postgresql" else 1
    assert search_counts("the -zebra").comments == expected


def test_drafts_and_scheduled_stories_are_not_found(make_article: MakeArticle, post: Post) -> None:
    """Neither a draft nor a story scheduled for later is found, nor are the comments
    of a story that is no longer published; a scheduled story is found from its time
    on, without any write."""
    make_article(headline="Draft about zeppelins", status=Article.Status.DRAFT, published_at=None)
    later = timezone.now() + timedelta(hours=2)
    make_article(headline="Scheduled zeppelin story", published_at=later)
    visible = make_article(headline="Visible story")
    post(visible, "A zeppelin comment")
    visible.status = Article.Status.DRAFT
    save_article(article=visible)

    counts = search_counts("zeppelin")
    assert (counts.stories, counts.comments) == (0, 0)
    with time_machine.travel(later + timedelta(minutes=1)):
        assert _headlines("zeppelin") == ["Scheduled zeppelin story"]


def test_comment_hit_links_to_its_permalink(article: Article, member: User, post: Post) -> None:
    """A comment found links to its permalink and shows the story's headline, its
    number and its author's public name, linked to their profile."""
    post(article, "First!")
    post(article, "The battery lasts all week", author=member)
    [hit] = search_comments("battery").hits
    assert isinstance(hit, CommentHit)
    assert hit.url == f"/story/{article.slug}/comments/2/"
    assert (hit.number, hit.story_headline) == (2, article.headline)
    assert (hit.author_name, hit.author_url, hit.is_guest) == (
        "Keen Reader",
        f"/members/{member.username}/",
        False,
    )
    assert hit.snippet_html == "The <mark>battery</mark> lasts all week"


def test_guest_hit_shows_the_typed_name_never_the_address(article: Article, post: Post) -> None:
    """A guest is their typed name (shown "unregistered"); the address they gave is
    neither shown nor searchable."""
    post(article, "Guest thoughts on modems", guest_name="Pat", guest_email="pat@example.org")
    [hit] = search_comments("modems").hits
    assert (hit.author_name, hit.author_url, hit.is_guest) == ("Pat", "", True)
    assert "example.org" not in repr(hit)
    assert search_counts("pat@example.org").comments == 0


def test_a_departed_members_comment_has_no_name(
    article: Article, make_user: Callable[..., User], post: Post
) -> None:
    """A member who deleted their account leaves comments without a name."""
    leaver = make_user()
    post(article, "Leaving words about routers", author=leaver)
    leaver.delete()
    [hit] = search_comments("routers").hits
    assert (hit.author_name, hit.author_url, hit.is_guest) == ("", "", False)


def test_held_removed_and_deleted_comments_are_not_found(
    article: Article, member: User, post: Post
) -> None:
    """Held (for review or for its author only), removed and author-deleted comments
    are not found; approving a held one makes it findable."""
    held = hold_comment(comment=post(article, "pelican one"), reasons=["links"])
    hold_comment(comment=post(article, "pelican two"), reasons=["ban"], author_only=True)
    remove_comment(comment=post(article, "pelican three"))
    mine = post(article, "pelican four", author=member)
    delete_own_comment(comment=mine, member=member, guest_token=None)
    post(article, "a visible pelican five")
    assert _comment_numbers("pelican") == [5]

    publish_held_comment(comment=held)
    assert sorted(_comment_numbers("pelican")) == [1, 5]


def test_edited_comment_is_found_by_its_new_words(
    article: Article, member: User, post: Post
) -> None:
    """An edit through the edit action re-indexes the comment: the new words find it,
    the old ones no longer do."""
    comment = post(article, "I love my walrus", author=member)
    edit_comment(comment=comment, body="I love my narwhal", member=member, guest_token=None)
    assert _comment_numbers("narwhal") == [1]
    assert _comment_numbers("walrus") == []


def test_edited_story_is_found_by_its_new_words(make_article: MakeArticle) -> None:
    """Saving a story with a new headline and body re-indexes it."""
    story = make_article(headline="Old headline", body="Original body about otters.")
    story.headline, story.body = "Fresh headline", "Rewritten about beavers."
    save_article(article=story)
    assert _headlines("beavers") == ["Fresh headline"]
    assert _headlines("otters") == []
    assert _headlines("old") == []


def test_bulk_inserted_comments_are_found(article: Article) -> None:
    """Rows written around the actions (the demo's bulk load) are indexed too."""
    Comment.objects.bulk_create(
        Comment(
            article=article,
            number=n,
            path=f"{n:06d}",
            thread_number=n,
            guest_name="Bulk",
            body=f"Bulk comment {n} on gannets",
            body_html="",
        )
        for n in range(1, 4)
    )
    assert search_counts("gannets").comments == 3


def test_snippet_escapes_html_in_comments(article: Article, post: Post) -> None:
    """A comment holding HTML comes back as text: stored text is never markup."""
    post(article, "Try <script>alert('pwned')</script> on the xylophone <b>now</b>")
    [hit] = search_comments("xylophone").hits
    assert "<script" not in hit.snippet_html
    assert "<b>" not in hit.snippet_html
    assert "<mark>xylophone</mark>" in hit.snippet_html
    if connection.vendor == "sqlite":  # PostgreSQL's ts_headline leaves tags out instead
        assert "&lt;script&gt;" in hit.snippet_html


def test_pages_of_twenty(article: Article, post: Post) -> None:
    """Hits come 20 a page, the newest first among equals; a page past the end is
    the last page."""
    for n in range(1, 46):
        post(article, f"Comment {n} about ospreys")
    first = search_comments("ospreys")
    assert (first.total, first.num_pages, len(first.hits)) == (45, 3, PER_PAGE)
    assert (first.has_previous, first.has_next) == (False, True)
    last = search_comments("ospreys", page=3)
    assert (len(last.hits), last.first_index, last.last_index) == (5, 41, 45)
    assert search_comments("ospreys", page=99).number == 3
    numbers = [h.number for p in (1, 2, 3) for h in search_comments("ospreys", page=p).hits]
    assert sorted(numbers) == list(range(1, 46))


def test_search_counts_both_tabs_and_picks_one(
    make_article: MakeArticle, article: Article, post: Post
) -> None:
    """Both tabs are counted; with no tab asked for, stories show, or comments when
    only comments match."""
    make_article(headline="Heron story")
    post(article, "heron comment one")
    post(article, "heron comment two")
    post(article, "only a kestrel here")
    results = search(query="heron")
    assert (results.counts.stories, results.counts.comments, results.tab) == (1, 2, "stories")
    assert search(query="kestrel").tab == "comments"
    assert search(query="heron", tab="comments").page.total == 2


def test_empty_query_asks_nothing(django_assert_num_queries: Any) -> None:
    """A query with nothing to search for costs no query and finds nothing."""
    with django_assert_num_queries(0):
        results = search(query=' * - "" ')
    assert results.page.total == 0
    assert results.query.is_empty
