"""The pre-moderation screen on real posts and edits: what is held, why, and that a
held comment keeps its number without counting until a moderator publishes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from masthead.accounts.models import User
from masthead.articles.models import Article, Section
from masthead.comments import hooks
from masthead.comments.actions import edit_comment, post_comment, publish_held_comment
from masthead.comments.models import Comment
from masthead.moderation.screening import screen_submission

pytestmark = pytest.mark.django_db

PENDING = Comment.Status.PENDING
PUBLISHED = Comment.Status.PUBLISHED
THREE_LINKS = "Deals: https://a.example https://b.example https://c.example"


@pytest.fixture(autouse=True)
def _policies(settings: Any) -> None:
    """The site's defaults (test settings turn pre-moderation off for other tests),
    without rate limits: these tests post quickly on purpose."""
    settings.MASTHEAD_PREMODERATE_GUESTS = False
    settings.MASTHEAD_PREMODERATE_FIRST = 1
    settings.MASTHEAD_MAX_LINKS = 2
    settings.MASTHEAD_BANNED_WORDS = ("moron*", "shill*")
    settings.MASTHEAD_ABUSE_SCORING = False
    settings.MASTHEAD_RATE_LIMITS_ENABLED = False


@pytest.fixture
def regular(make_user: Callable[..., User], article: Article, settings: Any) -> User:
    """A member with five published comments (posted while first-K was off)."""
    settings.MASTHEAD_PREMODERATE_FIRST = 0
    user = make_user()
    for n in range(5):
        post_comment(article=article, body=f"Earlier comment {n}", author=user)
    settings.MASTHEAD_PREMODERATE_FIRST = 1
    user.refresh_from_db()
    return user


def _make_strict(section: Section) -> None:
    # The fixtures' article holds this very section object, as a request's would.
    section.moderation = Section.Moderation.STRICT
    section.save(update_fields=["moderation"])


def _refresh(*objects: Any) -> None:
    for obj in objects:
        obj.refresh_from_db()


def test_guest_comment_held_when_guests_are_premoderated(
    article: Article, regular: User, settings: Any
) -> None:
    """A held guest comment takes its number but is not counted or shown; the next
    comment takes the next number, so the page simply skips the held one."""
    settings.MASTHEAD_PREMODERATE_GUESTS = True
    before = Article.objects.get(pk=article.pk).comment_count
    held = post_comment(article=article, body="First time here!", guest_name="Lurker")
    after = post_comment(article=article, body="Welcome, Lurker.", author=regular)
    _refresh(held, article)
    assert (held.status, held.held_reasons) == (PENDING, "guest")
    assert after.number == held.number + 1
    assert after.status == PUBLISHED
    assert article.comment_count == before + 1
    assert not Comment.objects.published().filter(pk=held.pk).exists()


def test_guest_comment_published_by_default(article: Article) -> None:
    """Guests are not pre-moderated unless the setting says so."""
    comment = post_comment(article=article, body="Nice phone.", guest_name="Pete")
    assert comment.status == PUBLISHED


def test_first_comment_held_until_approved(article: Article, member: User) -> None:
    """A member's first comment waits; once a moderator publishes it, it counts and
    the member's next comments are published at once."""
    first = post_comment(article=article, body="Hello, long-time reader.", author=member)
    assert (first.status, first.held_reasons) == (PENDING, "new_member")
    second = post_comment(article=article, body="Still me.", author=member)
    assert second.status == PENDING  # nothing approved yet
    publish_held_comment(comment=first)
    _refresh(first, member)
    assert (first.status, first.review) == (PUBLISHED, Comment.Review.APPROVED)
    assert member.post_count == 1
    third = post_comment(article=article, body="Thanks, moderators.", author=member)
    assert third.status == PUBLISHED
    assert [first.number, second.number, third.number] == [1, 2, 3]


def test_links_over_the_limit_held(article: Article, regular: User) -> None:
    """Three links to other sites wait for review; two are fine."""
    two = post_comment(
        article=article, body="https://a.example and https://b.example", author=regular
    )
    three = post_comment(article=article, body=THREE_LINKS, author=regular)
    assert two.status == PUBLISHED
    assert (three.status, three.held_reasons) == (PENDING, "links")


def test_banned_word_held(article: Article, regular: User) -> None:
    """A banned word, even disguised, holds the comment."""
    comment = post_comment(article=article, body="Typical paid $h1lls.", author=regular)
    assert (comment.status, comment.held_reasons) == (PENDING, "banned_word")


def test_strict_section(
    article: Article, regular: User, member: User, section: Section, settings: Any
) -> None:
    """A strict section holds every guest and members with fewer than five good
    comments, and says it is the section's doing."""
    settings.MASTHEAD_PREMODERATE_FIRST = 0
    post_comment(article=article, body="My one earlier comment.", author=member)
    _make_strict(section)
    guest = post_comment(article=article, body="Hi all.", guest_name="Pete")
    newcomer = post_comment(article=article, body="Second comment ever.", author=member)
    established = post_comment(article=article, body="As always, fine.", author=regular)
    assert (guest.status, guest.held_reasons) == (PENDING, "guest,strict_section")
    assert (newcomer.status, newcomer.held_reasons) == (PENDING, "new_member,strict_section")
    assert established.status == PUBLISHED


def test_always_premoderated_member(regular: User, article: Article) -> None:
    """A member set to "always pre-moderate" waits every time, however long they posted."""
    User.objects.filter(pk=regular.pk).update(always_premoderate=True)
    regular.refresh_from_db()
    comment = post_comment(article=article, body="Perfectly polite.", author=regular)
    assert (comment.status, comment.held_reasons) == (PENDING, "member_always")


def test_approved_comment_edited_into_banned_words_goes_back_to_review(
    article: Article, member: User
) -> None:
    """An edit is screened like a post: a comment a moderator approved, edited into a
    banned word, waits again, stops counting, and keeps its number."""
    comment = post_comment(article=article, body="Welcome aboard.", author=member)
    publish_held_comment(comment=comment)
    _refresh(comment, member, article)
    assert (comment.status, member.post_count, article.comment_count) == (PUBLISHED, 1, 1)
    edit_comment(comment=comment, body="Welcome aboard, m0r0ns.", member=member, guest_token=None)
    _refresh(comment, member, article)
    assert (comment.status, comment.held_reasons) == (PENDING, "banned_word")
    assert comment.review == Comment.Review.NONE
    assert (comment.number, member.post_count, article.comment_count) == (1, 0, 0)


def test_moderators_are_never_held(article: Article, make_user: Callable[..., User]) -> None:
    """A moderator's first comment, links and all, is published: the queue is theirs."""
    moderator = make_user(is_moderator=True)
    comment = post_comment(
        article=article, body=f"{THREE_LINKS} (moron filter test)", author=moderator
    )
    assert comment.status == PUBLISHED


def test_clean_edit_stays_published(article: Article, regular: User) -> None:
    """An edit that breaks no policy changes nothing but the text."""
    comment = post_comment(article=article, body="Nice.", author=regular)
    edit_comment(comment=comment, body="Nice phone.", member=regular, guest_token=None)
    comment.refresh_from_db()
    assert (comment.status, comment.held_reasons) == (PUBLISHED, "")


def test_abuse_score_stored_and_held(article: Article, regular: User, settings: Any) -> None:
    """Every comment gets a score; an insult at or above the threshold waits."""
    settings.MASTHEAD_ABUSE_SCORING = True
    friendly = post_comment(article=article, body="Congratulations, Sony.", author=regular)
    insult = post_comment(article=article, body="Only an idiot buys this.", author=regular)
    assert friendly.status == PUBLISHED
    assert friendly.abuse_score is not None
    assert friendly.abuse_score < 0.5
    assert (insult.status, insult.held_reasons) == (PENDING, "abuse_score")
    assert insult.abuse_score is not None
    assert insult.abuse_score >= 0.8


def test_strict_section_holds_lower_scores(
    article: Article, regular: User, section: Section, settings: Any
) -> None:
    """A strict section holds from 0.5: casual swearing that passes elsewhere waits."""
    settings.MASTHEAD_ABUSE_SCORING = True
    body = "Damn, that camera is good."  # about 0.6
    assert post_comment(article=article, body=body, author=regular).status == PUBLISHED
    _make_strict(section)
    held = post_comment(article=article, body=body + " Really.", author=regular)
    assert (held.status, held.held_reasons) == (PENDING, "abuse_score,strict_section")


def _submission(article: Article, author: User | None, **kwargs: Any) -> hooks.Submission:
    return hooks.Submission(
        article=article,
        body="Fine.",
        body_html="<p>Fine.</p>",
        author=author,
        guest_name="" if author else "Pete",
        **kwargs,
    )


def test_established_member_costs_no_query(
    article: Article, regular: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    """A member whose post count clears the strict preset is screened without a query."""
    with django_assert_num_queries(0):
        verdict = screen_submission(_submission(article, regular))
    assert not verdict.hold


def test_new_member_costs_at_most_two_queries(
    article: Article,
    member: User,
    settings: Any,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """A member below the strict preset's five costs one bounded count of good
    comments and, when the article came without its section and the preset would
    change the outcome, one look at the section."""
    bare = Article.objects.defer("body", "body_html", "summary").get(pk=article.pk)
    with django_assert_num_queries(1):  # held as new anywhere: the section can't matter
        verdict = screen_submission(_submission(bare, member))
    assert verdict.reasons == ("new_member",)
    settings.MASTHEAD_PREMODERATE_FIRST = 0
    for n in range(2):
        post_comment(article=article, body=f"Comment {n}", author=member)
    with django_assert_num_queries(2):  # published here, held in a strict section
        verdict = screen_submission(_submission(bare, member))
    assert not verdict.hold
    with django_assert_num_queries(1):  # the section came with the article
        screen_submission(_submission(article, member))
