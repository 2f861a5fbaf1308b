"""Votes: one per member per comment, counts always equal to the votes' sums."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masthead.accounts.actions import delete_account
from masthead.accounts.models import User
from masthead.articles.actions import save_article
from masthead.articles.models import Article
from masthead.comments.actions import (
    VoteTally,
    delete_own_comment,
    post_comment,
    remove_comment,
    vote_on_comment,
)
from masthead.comments.models import Comment, Vote
from masthead.comments.ranking import wilson_lower_bound
from masthead.comments.selectors import LOG_IN_TO_VOTE, votes_of

UP, DOWN, CLEAR = 1, -1, 0


def vote_url(article: Article, number: int) -> str:
    return reverse("comments:vote", kwargs={"slug": article.slug, "number": number})


def assert_counts_are_sums(comment: Comment) -> None:
    """The denormalised counts (and best rank) equal what the vote rows say."""
    comment.refresh_from_db()
    votes = Vote.objects.filter(comment=comment)
    up = votes.filter(value=UP).count()
    down = votes.filter(value=DOWN).count()
    assert (comment.upvotes, comment.downvotes) == (up, down)
    assert comment.score == (votes.aggregate(total=Sum("value"))["total"] or 0)
    assert comment.best_rank == pytest.approx(wilson_lower_bound(up, down))


@pytest.fixture
def comment(article: Article, make_user: Callable[..., User]) -> Comment:
    """A published comment by someone other than ``member``."""
    return post_comment(article=article, body="Vote on me", author=make_user())


# --- The action ---------------------------------------------------------------------


@pytest.mark.django_db
def test_up_vote_is_counted_and_returned(comment: Comment, member: User) -> None:
    """A first vote adds one row and one to the count, and says what the reader chose."""
    tally = vote_on_comment(comment=comment, voter=member, value=UP)
    assert tally == VoteTally(upvotes=1, downvotes=0, mine=UP)
    assert tally.score == 1
    assert list(Vote.objects.values_list("voter", "value")) == [(member.pk, UP)]
    assert_counts_are_sums(comment)


@pytest.mark.django_db
def test_same_vote_twice_changes_nothing(
    comment: Comment, member: User, django_capture_on_commit_callbacks: Any
) -> None:
    """Clicking up again keeps one row and one count, and announces nothing."""
    vote_on_comment(comment=comment, voter=member, value=UP)
    with django_capture_on_commit_callbacks() as callbacks:
        tally = vote_on_comment(comment=comment, voter=member, value=UP)
    assert tally == (1, 0, UP)
    assert callbacks == []
    assert Vote.objects.count() == 1
    assert_counts_are_sums(comment)


@pytest.mark.django_db
def test_changing_a_vote_moves_the_counts(comment: Comment, member: User) -> None:
    """Up then down: the up count goes back to 0 and the down count to 1; one row."""
    vote_on_comment(comment=comment, voter=member, value=UP)
    tally = vote_on_comment(comment=comment, voter=member, value=DOWN)
    assert tally == (0, 1, DOWN)
    assert tally.score == -1
    assert list(Vote.objects.values_list("value", flat=True)) == [DOWN]
    assert_counts_are_sums(comment)


@pytest.mark.django_db
def test_clearing_removes_the_row(comment: Comment, member: User) -> None:
    """Clearing deletes the member's vote; clearing again is harmless."""
    vote_on_comment(comment=comment, voter=member, value=DOWN)
    assert vote_on_comment(comment=comment, voter=member, value=CLEAR) == (0, 0, CLEAR)
    assert not Vote.objects.exists()
    assert vote_on_comment(comment=comment, voter=member, value=CLEAR) == (0, 0, CLEAR)
    assert_counts_are_sums(comment)


@pytest.mark.django_db
def test_many_members_add_up(comment: Comment, make_user: Callable[..., User]) -> None:
    """Seven members up and three down: 7/3, score 4, best rank of 7 of 10."""
    voters = [make_user() for _ in range(10)]
    for i, voter in enumerate(voters):
        tally = vote_on_comment(comment=comment, voter=voter, value=UP if i < 7 else DOWN)
    assert tally == (7, 3, DOWN)
    assert_counts_are_sums(comment)
    assert comment.best_rank == pytest.approx(wilson_lower_bound(7, 3))


@pytest.mark.django_db
def test_only_up_down_or_clear(comment: Comment, member: User) -> None:
    """A vote of 2 (or anything but 1, -1, 0) is a programming error and writes nothing."""
    with pytest.raises(ValueError, match="not 2"):
        vote_on_comment(comment=comment, voter=member, value=2)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_guests_cannot_vote(comment: Comment) -> None:
    """Without a member there is no vote, and the refusal says to log in."""
    with pytest.raises(PermissionDenied, match=LOG_IN_TO_VOTE):
        vote_on_comment(comment=comment, voter=None, value=UP)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_nobody_votes_on_their_own_comment(article: Article, member: User) -> None:
    """An author cannot push their own comment up (or down)."""
    own = post_comment(article=article, body="Mine", author=member)
    for value in (UP, DOWN):
        with pytest.raises(PermissionDenied, match="your own comment"):
            vote_on_comment(comment=own, voter=member, value=value)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_removed_and_deleted_comments_take_no_votes(
    article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """A moderator's removal or an author's deletion closes the comment to votes."""
    author = make_user()
    removed = remove_comment(comment=post_comment(article=article, body="x", author=author))
    deleted = post_comment(article=article, body="y", author=author)
    delete_own_comment(comment=deleted, member=author, guest_token=None)
    for comment in (removed, deleted):
        with pytest.raises(PermissionDenied, match=f"#{comment.number} has been taken down"):
            vote_on_comment(comment=comment, voter=member, value=UP)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_closed_stories_take_no_votes(
    client: Client, article: Article, comment: Comment, member: User
) -> None:
    """Once an editor closes the discussion, its scores stand: votes are refused and
    the page shows the score without arrows."""
    vote_on_comment(comment=comment, voter=member, value=UP)
    article.comments_mode = Article.CommentsMode.CLOSED
    save_article(article=article)
    with pytest.raises(PermissionDenied, match="closed on this story"):
        vote_on_comment(comment=comment, voter=member, value=CLEAR)
    assert_counts_are_sums(comment)
    assert (comment.upvotes, comment.downvotes) == (1, 0)
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "votes--static" in votes_html(html, comment.number)
    assert "<form" not in votes_html(html, comment.number)


@pytest.mark.django_db
def test_removal_seen_under_the_lock(comment: Comment, member: User) -> None:
    """A comment removed after the reader's copy was loaded is refused all the same."""
    stale = Comment.objects.get(pk=comment.pk)
    remove_comment(comment=comment)
    with pytest.raises(PermissionDenied, match="taken down"):
        vote_on_comment(comment=stale, voter=member, value=UP)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_leaving_members_take_their_votes_with_them(
    comment: Comment, member: User, make_user: Callable[..., User]
) -> None:
    """Deleting an account deletes its votes and the counts follow (no stale score)."""
    other = make_user()
    vote_on_comment(comment=comment, voter=member, value=UP)
    vote_on_comment(comment=comment, voter=other, value=DOWN)
    delete_account(user=member)
    assert list(Vote.objects.values_list("voter", flat=True)) == [other.pk]
    assert_counts_are_sums(comment)
    assert (comment.upvotes, comment.downvotes) == (0, 1)


@pytest.mark.django_db
def test_a_vote_costs_five_queries(
    comment: Comment, member: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    """Lock the comment, read the vote, write it, count, store the counts (a no-op
    stops after the read)."""
    # The test's own transaction makes write_transaction a savepoint (2 more statements).
    with django_assert_num_queries(5 + 2):
        vote_on_comment(comment=comment, voter=member, value=UP)
    with django_assert_num_queries(2 + 2):
        vote_on_comment(comment=comment, voter=member, value=UP)


# --- The selector -------------------------------------------------------------------


@pytest.mark.django_db
def test_votes_of_a_page_in_one_query(
    make_article: Callable[..., Article],
    member: User,
    make_user: Callable[..., User],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """The reader's own votes on the asked numbers of this story only, in one query."""
    story, elsewhere = make_article(), make_article()
    author, someone = make_user(), make_user()
    comments = [post_comment(article=story, body=f"c{n}", author=author) for n in range(1, 6)]
    far = post_comment(article=elsewhere, body="far", author=author)
    vote_on_comment(comment=comments[0], voter=member, value=UP)
    vote_on_comment(comment=comments[2], voter=member, value=DOWN)
    vote_on_comment(comment=comments[4], voter=member, value=UP)
    vote_on_comment(comment=comments[1], voter=someone, value=UP)
    vote_on_comment(comment=far, voter=member, value=DOWN)
    with django_assert_num_queries(1):
        mine = votes_of(member=member, article=story, numbers=[1, 2, 3, 4])
    assert mine == {1: UP, 3: DOWN}
    with django_assert_num_queries(0):
        assert votes_of(member=member, article=story, numbers=[]) == {}


# --- The view -----------------------------------------------------------------------

JSON = {"Accept": "application/json"}


@pytest.mark.django_db
def test_vote_with_javascript_answers_json(
    client: Client, article: Article, comment: Comment, member: User
) -> None:
    """Up, down, clear: each answer holds the new counts, the score and the reader's vote."""
    client.force_login(member)
    url = vote_url(article, comment.number)
    answers = [client.post(url, {"value": v}, headers=JSON) for v in ("up", "down", "clear")]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json() for a in answers] == [
        {"upvotes": 1, "downvotes": 0, "score": 1, "mine": 1},
        {"upvotes": 0, "downvotes": 1, "score": -1, "mine": -1},
        {"upvotes": 0, "downvotes": 0, "score": 0, "mine": 0},
    ]
    assert_counts_are_sums(comment)


@pytest.mark.django_db
def test_vote_without_javascript_returns_to_the_comment(
    client: Client, article: Article, comment: Comment, member: User
) -> None:
    """A plain form post counts the vote and redirects to the comment's place."""
    client.force_login(member)
    response = client.post(vote_url(article, comment.number), {"value": "up"})
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#c-{comment.number}"
    assert Vote.objects.get().value == UP


@pytest.mark.django_db
def test_guests_are_asked_to_log_in(client: Client, article: Article, comment: Comment) -> None:
    """A guest's vote is refused with 403 and a log-in link back to the comment."""
    response = client.post(vote_url(article, comment.number), {"value": "up"})
    assert response.status_code == 403
    html = response.content.decode()
    assert LOG_IN_TO_VOTE in html
    assert f"/accounts/login/?next=%2Fstory%2F{article.slug}%2Fcomments%2F1%2F" in html
    answer = client.post(vote_url(article, comment.number), {"value": "up"}, headers=JSON)
    assert answer.status_code == 403
    assert answer.json()["error"] == LOG_IN_TO_VOTE
    assert answer.json()["login_url"].startswith("/accounts/login/?next=")
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_refusals_say_why(client: Client, article: Article, comment: Comment, member: User) -> None:
    """Own comment: 403 with the reason; a value other than up/down/clear: 400."""
    own = post_comment(article=article, body="Mine", author=member)
    client.force_login(member)
    refused = client.post(vote_url(article, own.number), {"value": "up"}, headers=JSON)
    assert (refused.status_code, refused.json()["error"]) == (
        403,
        "You cannot vote on your own comment.",
    )
    page = client.post(vote_url(article, own.number), {"value": "up"})
    assert page.status_code == 403
    assert "You cannot vote on your own comment." in page.content.decode()
    assert client.post(vote_url(article, comment.number), {"value": "sideways"}).status_code == 400
    assert client.post(vote_url(article, 99), {"value": "up"}).status_code == 404
    assert client.get(vote_url(article, comment.number)).status_code == 405
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_voting_requires_a_csrf_token(article: Article, comment: Comment, member: User) -> None:
    """A cross-site form cannot vote for a logged-in member; a page's own token can."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    forged = client.post(vote_url(article, comment.number), {"value": "up"}, headers=JSON)
    assert forged.status_code == 403
    assert "expired" in forged.json()["error"]
    assert not Vote.objects.exists()
    token = client.get("/csrf/").json()["token"]
    answer = client.post(
        vote_url(article, comment.number),
        {"value": "up", "csrfmiddlewaretoken": token},
        headers=JSON,
    )
    assert answer.status_code == 200
    assert Vote.objects.get().value == UP


@pytest.mark.django_db
def test_vote_view_query_count(
    client: Client,
    article: Article,
    comment: Comment,
    member: User,
    settings: Any,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """Session, member, story, comment, then the action's five (plus BEGIN's savepoint
    pair inside the test's transaction)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(member)
    with django_assert_num_queries(4 + 5 + 2):
        client.post(vote_url(article, comment.number), {"value": "up"}, headers=JSON)


# --- Concurrent clicks --------------------------------------------------------------

THREADS = 50


def _run_concurrently(jobs: list[Callable[[], None]]) -> list[str]:
    """Run ``jobs`` on THREADS threads released at once; return every failure."""
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], None]) -> list[str]:
        errors: list[str] = []
        start.wait()
        try:
            job()
        except Exception as exc:  # collect every failure, including "database is locked"
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            close_old_connections()
            connection.close()
        return errors

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(run, jobs))
    return [error for errors in results for error in errors]


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_identical_votes(article: Article, make_user: Callable[..., User]) -> None:
    """25 members each click "up" twice at the same moment (50 clicks): one row per
    member, 25 up votes, counts equal to the rows."""
    comment = post_comment(article=article, body="Popular", author=make_user())
    members = [make_user() for _ in range(THREADS // 2)]

    def up_vote(member: User) -> Callable[[], None]:
        def job() -> None:
            vote_on_comment(comment=comment, voter=member, value=UP)

        return job

    jobs = [up_vote(member) for member in members * 2]
    assert _run_concurrently(jobs) == []
    assert sorted(Vote.objects.values_list("voter", flat=True)) == sorted(m.pk for m in members)
    assert_counts_are_sums(comment)
    assert (comment.upvotes, comment.downvotes) == (THREADS // 2, 0)


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_toggling_votes(article: Article, make_user: Callable[..., User]) -> None:
    """50 threads for 10 members (5 each) click up, down and clear in random order: at
    most one row per member, each member's row is one of their last clicks, and the
    counts equal the rows' sums."""
    comment = post_comment(article=article, body="Divisive", author=make_user())
    members = [make_user() for _ in range(10)]
    rng = random.Random(5)
    last_clicks: dict[int, set[int]] = {m.pk: set() for m in members}
    lock = threading.Lock()

    def clicks(member: User, values: list[int]) -> Callable[[], None]:
        def job() -> None:
            for value in values:
                vote_on_comment(comment=comment, voter=member, value=value)
            with lock:
                last_clicks[member.pk].add(values[-1])

        return job

    jobs = [
        clicks(member, [rng.choice((UP, DOWN, CLEAR)) for _ in range(4)])
        for member in members
        for _ in range(THREADS // len(members))
    ]
    assert _run_concurrently(jobs) == []
    rows = dict(Vote.objects.filter(comment=comment).values_list("voter", "value"))
    assert Vote.objects.filter(comment=comment).count() == len(rows)  # one row per member
    for member in members:
        assert rows.get(member.pk, CLEAR) in last_clicks[member.pk]
    assert_counts_are_sums(comment)


# --- On the page --------------------------------------------------------------------


def votes_html(html: str, number: int) -> str:
    """The vote controls of comment ``number`` on a page."""
    start = html.index(f'id="c-{number}"')
    start = html.index('<div class="votes', start)
    return html[start : html.index("</div>", start) + len("</div>")]


@pytest.mark.django_db
def test_member_sees_their_vote_pressed(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """Two forms per comment; the arrow the member chose is aria-pressed and clears."""
    author = make_user()
    first = post_comment(article=article, body="one", author=author)
    post_comment(article=article, body="two", author=author)
    vote_on_comment(comment=first, voter=member, value=UP)
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    voted, unvoted = votes_html(html, 1), votes_html(html, 2)
    assert voted.count('<form class="votes__form" method="post"') == 2
    assert f'action="/story/{article.slug}/comments/1/vote/"' in voted
    assert 'value="clear" data-vote="up" aria-pressed="true" aria-label="Vote up"' in voted
    assert 'value="down" data-vote="down" aria-pressed="false" aria-label="Vote down"' in voted
    assert 'name="csrfmiddlewaretoken" value="' in voted
    assert 'name="csrfmiddlewaretoken" value=""' not in voted
    assert "<span data-score>1</span>" in voted
    assert "> point</span>" in voted  # read out as "1 point"
    assert 'aria-pressed="true"' not in unvoted
    assert "> points</span>" in unvoted  # "0 points"


@pytest.mark.django_db
def test_own_comments_and_placeholders_offer_no_vote(
    client: Client, article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """The member's own comment shows its score only; a removed one shows nothing."""
    post_comment(article=article, body="mine", author=member)
    removed = post_comment(article=article, body="gone", author=make_user())
    post_comment(article=article, body="answer", author=make_user(), reply_to_number=2)
    remove_comment(comment=removed)
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    own = votes_html(html, 1)
    assert "votes--static" in own
    assert "<form" not in own
    placeholder = html[html.index('id="c-2"') : html.index('id="c-3"')]
    assert "votes" not in placeholder


@pytest.mark.django_db
def test_anonymous_page_has_the_score_and_log_in_links_only(
    article: Article, member: User, make_user: Callable[..., User]
) -> None:
    """The shared page shows scores and log-in arrows, the same for every reader: no
    form, no token, nothing pressed, even after members voted."""
    comment = post_comment(article=article, body="one", author=make_user())
    vote_on_comment(comment=comment, voter=member, value=UP)
    first, second = Client(), Client()
    pages = [c.get(article.get_absolute_url()) for c in (first, second)]
    html = pages[0].content.decode()
    assert pages[0].content == pages[1].content
    controls = votes_html(html, 1)
    assert "votes--guest" in controls
    assert "<form" not in controls
    assert "aria-pressed" not in controls
    assert "csrfmiddlewaretoken" not in controls
    assert f'href="/accounts/login/?next=/story/{article.slug}/comments/1/"' in controls
    assert 'aria-label="Log in to vote up"' in controls
    assert "<span data-score>1</span>" in controls


@pytest.mark.django_db
def test_a_vote_makes_the_cached_page_stale(
    client: Client,
    article: Article,
    comment: Comment,
    member: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Anonymous readers see the new score at once (comment_voted bumps the story)."""
    stranger = Client()
    assert "<span data-score>0</span>" in stranger.get(article.get_absolute_url()).content.decode()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(vote_url(article, comment.number), {"value": "down"})
    html = stranger.get(article.get_absolute_url()).content.decode()
    assert "<span data-score>-1</span>" in html


@pytest.mark.django_db
def test_no_javascript_round_trip_shows_the_vote(
    client: Client, article: Article, comment: Comment, member: User
) -> None:
    """Posting the form and following the redirect lands on a page with the arrow
    pressed and the score moved."""
    client.force_login(member)
    response = client.post(vote_url(article, comment.number), {"value": "up"}, follow=True)
    controls = votes_html(response.content.decode(), comment.number)
    assert 'data-vote="up" aria-pressed="true"' in controls
    assert "<span data-score>1</span>" in controls


@pytest.mark.django_db
def test_votes_keep_the_thread_at_one_query(
    client: Client,
    make_article: Callable[..., Article],
    make_user: Callable[..., User],
    member: User,
    settings: Any,
) -> None:
    """Scores come from the thread's one query; a member's own votes cost one more query,
    whatever the size of the thread or the number of votes."""
    settings.MASTHEAD_PAGE_CACHE = False
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    voters = [make_user() for _ in range(5)]
    counts = []
    for size in (5, 60):
        story = make_article()
        for n in range(1, size + 1):
            comment = post_comment(article=story, body=f"c{n}", author=voters[n % 5])
            for voter in voters[:3]:
                if voter.pk != comment.author_id:
                    vote_on_comment(comment=comment, voter=voter, value=UP if n % 2 else DOWN)
            if n % 3 == 0:
                vote_on_comment(comment=comment, voter=member, value=UP)
        reader = Client()
        reader.get(story.get_absolute_url())  # warm the shared fragments
        with CaptureQueriesContext(connection) as anonymous:
            reader.get(story.get_absolute_url())
        client.force_login(member)
        client.get(story.get_absolute_url())
        with CaptureQueriesContext(connection) as as_member:
            html = client.get(story.get_absolute_url()).content.decode()
        shown = [int(n) for n in re.findall(r'<li class="comment[^"]*" id="c-(\d+)"', html)]
        assert html.count('aria-pressed="true"') == sum(1 for n in shown if n % 3 == 0)
        counts.append((len(anonymous), len(as_member)))
    # Anonymous: the thread. Member: session, member, thread, their votes (bans come
    # from the cached list of banned people).
    assert counts == [(1, 4), (1, 4)]
