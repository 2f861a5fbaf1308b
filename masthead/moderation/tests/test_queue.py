"""The moderators' queue and audit log: tabs, counts, filters, decisions, permissions.

Comments are posted through the site's actions with the moderation hooks emptied, then
flagged (``flag_comment``) and held (``hold_comment``) as each test needs, so what is
tested here is the queue, whatever the pre-moderation policies and rate limits decide
elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from masthead.accounts.models import User
from masthead.articles.models import Article, Section
from masthead.comments import hooks
from masthead.comments.actions import hold_comment, post_comment, remove_comment
from masthead.comments.models import Comment
from masthead.moderation import actions
from masthead.moderation.actions import flag_comment
from masthead.moderation.models import AuditEntry, Ban, Flag
from masthead.moderation.selectors import (
    QueueFilters,
    _tab_q,
    moderation_queue,
    queue_counts,
)
from masthead.moderation.templatetags import moderation_tags

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"
LOG = "/moderation/log/"
DECIDE = "/moderation/decide/"


@pytest.fixture(autouse=True)
def _no_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """No guard or screen: each test holds and flags comments itself."""
    monkeypatch.setattr(hooks, "_guards", [])
    monkeypatch.setattr(hooks, "_screens", [])


@pytest.fixture
def moderator(make_user: Callable[..., User]) -> User:
    return make_user(username="mod", display_name="Mod Erator", is_moderator=True)


def _post(article: Article, body: str, **kwargs: Any) -> Comment:
    return post_comment(article=article, body=body, **kwargs)


def _held(
    article: Article,
    body: str,
    reasons: tuple[str, ...] = ("links",),
    *,
    flagged_by: User | None = None,
    note: str = "",
    **kw: Any,
) -> Comment:
    """A comment held for ``reasons``; reported first by ``flagged_by`` while it was
    still published, if given (members flag only what they can see)."""
    comment = _post(article, body, **kw)
    if flagged_by is not None:
        _flag(comment, flagged_by, "abuse", note=note)
    return hold_comment(comment=comment, reasons=reasons)


def _flag(comment: Comment, flagger: User, reason: str = "abuse", note: str = "") -> Flag:
    """A member's report, through the flag action."""
    return flag_comment(comment=comment, flagger=flagger, reason=reason, note=note).flag


def _numbers(tab: str, **filters: str) -> list[int]:
    return [
        r.comment.number for r in moderation_queue(tab=tab, filters=QueueFilters(**filters)).rows
    ]


@pytest.fixture
def queue(article: Article, make_user: Callable[..., User], moderator: User) -> dict[str, Comment]:
    """One comment in every state: #1 pending, #2 author-only, #3 reported, #4 approved,
    #5 rejected, #6 published and never reported, #7 removed from the story page."""
    writer, reader = make_user(username="writer"), make_user(username="reader2")
    c = {
        "pending": _held(article, "Buy now http://a.example", guest_name="Spammy"),
        "author_only": hold_comment(
            comment=_post(article, "Again", author=writer),
            reasons=["author_only"],
            author_only=True,
        ),
        "reported": _post(article, "You are all fools", author=writer),
        "approved": _held(article, "Fine words", author=writer),
        "rejected": _held(article, "Rude words", reasons=("banned_word",), author=writer),
        "quiet": _post(article, "A calm remark", author=reader),
        "removed": _post(article, "Taken down", author=reader),
    }
    _flag(c["reported"], reader, "abuse", note="Name-calling")
    actions.approve_comment(comment=c["approved"], moderator=moderator)
    actions.reject_comment(comment=c["rejected"], moderator=moderator)
    remove_comment(comment=c["removed"])
    return c


# Tabs and counts ----------------------------------------------------------------------


def test_each_tab_holds_its_comments(queue: dict[str, Comment]) -> None:
    """Pending: pending and author-only; Reported: published with an open flag;
    Approved and Rejected: the moderators' decisions. Nothing else shows anywhere."""
    assert _numbers("pending") == [2, 1]
    assert _numbers("reported") == [3]
    assert _numbers("approved") == [4]
    assert _numbers("rejected") == [5]


def test_counts_per_tab_in_one_query(
    queue: dict[str, Comment], django_assert_num_queries: Callable[..., Any]
) -> None:
    """The four counts come from one aggregate query."""
    with django_assert_num_queries(1):
        counts = queue_counts()
    assert counts == {"pending": 2, "reported": 1, "approved": 1, "rejected": 1}


def test_a_reported_comment_leaves_when_approved_and_returns_on_a_new_flag(
    queue: dict[str, Comment], moderator: User, make_user: Callable[..., User]
) -> None:
    """Approval answers the flags it saw; a flag raised after it reports the comment
    again."""
    actions.approve_comment(comment=queue["reported"], moderator=moderator)
    assert _numbers("reported") == []
    assert _numbers("approved") == [3, 4]
    _flag(queue["reported"], make_user(), "spam")
    assert _numbers("reported") == [3]


def test_a_held_comment_with_flags_is_pending_not_reported(
    article: Article, make_user: Callable[..., User]
) -> None:
    """Flags past the threshold hide a comment: it waits under Pending, flags shown."""
    comment = _post(article, "Flag me", author=make_user())
    _flag(comment, make_user(), "off_topic", note="Not about phones")
    hold_comment(comment=comment, reasons=("flags",))
    queue = moderation_queue(tab="pending")
    assert [r.comment.number for r in queue.rows] == [1]
    assert [(f.reason, f.note) for f in queue.rows[0].flags] == [("off_topic", "Not about phones")]
    assert queue.rows[0].reasons == [("flags", "Flagged by readers")]
    assert queue.counts["reported"] == 0


def test_decided_tabs_show_the_latest_decision_first(
    article: Article, make_user: Callable[..., User], moderator: User
) -> None:
    """Approved and Rejected are in the order of the decisions, newest first."""
    first, second = _held(article, "One", guest_name="A"), _held(article, "Two", guest_name="B")
    actions.approve_comment(comment=second, moderator=moderator)
    actions.approve_comment(comment=first, moderator=moderator)
    assert _numbers("approved") == [1, 2]


# Filters ------------------------------------------------------------------------------


@pytest.fixture
def spread(
    make_article: Callable[..., Article], make_user: Callable[..., User]
) -> dict[str, Article]:
    """Held comments on two stories in two sections, by members and guests."""
    games = Section.objects.create(name="Games", slug="games")
    phones, consoles = make_article(slug="phones"), make_article(slug="consoles", section=games)
    ann = make_user(username="Ann", display_name="Ann")
    _held(phones, "Links", reasons=("links",), author=ann)  # phones #1
    _held(phones, "Words", reasons=("banned_word", "abuse_score"), guest_name="Bob")  # phones #2
    _held(consoles, "Score", reasons=("abuse_score",), guest_name="bob")  # consoles #1
    reported = _post(consoles, "Off topic", author=ann)  # consoles #2
    _flag(reported, make_user(), "off_topic")
    return {"phones": phones, "consoles": consoles}


@pytest.mark.parametrize(
    ("filters", "pending", "reported"),
    [
        ({}, [("consoles", 1), ("phones", 2), ("phones", 1)], [("consoles", 2)]),
        ({"story": "phones"}, [("phones", 2), ("phones", 1)], []),
        ({"section": "games"}, [("consoles", 1)], [("consoles", 2)]),
        ({"author": "ann"}, [("phones", 1)], [("consoles", 2)]),
        ({"author": "BOB"}, [("consoles", 1), ("phones", 2)], []),
        ({"reason": "abuse_score"}, [("consoles", 1), ("phones", 2)], []),
        ({"reason": "banned_word"}, [("phones", 2)], []),
        ({"reason": "off_topic"}, [], [("consoles", 2)]),
        ({"reason": "links", "author": "ann"}, [("phones", 1)], []),
        ({"story": "nothing-here"}, [], []),
    ],
)
def test_filters(
    spread: dict[str, Article],
    filters: dict[str, str],
    pending: list[tuple[str, int]],
    reported: list[tuple[str, int]],
) -> None:
    """Story, section, author (username or guest name, any case) and reason (a held
    reason or a flag reason) narrow every tab, and its count."""
    for tab, expected in (("pending", pending), ("reported", reported)):
        queue = moderation_queue(tab=tab, filters=QueueFilters(**filters))
        assert [(r.comment.article.slug, r.comment.number) for r in queue.rows] == expected
        assert queue.counts[tab] == len(expected)


def test_a_reason_code_is_matched_whole(article: Article) -> None:
    """The code "links" does not match a comment held for "many_links"."""
    _held(article, "One", reasons=("many_links",), guest_name="A")
    assert _numbers("pending", reason="links") == []


# Pages and queries --------------------------------------------------------------------


def test_pages_of_the_queue(article: Article) -> None:
    """Newest first, a page at a time; past the end is the last page."""
    for n in range(7):
        _held(article, f"Held {n}", guest_name=f"Guest {n}")
    first = moderation_queue(tab="pending", per_page=3)
    last = moderation_queue(tab="pending", page=9, per_page=3)
    assert [r.comment.number for r in first.rows] == [7, 6, 5]
    assert (first.pages, first.has_next, first.has_previous) == (3, True, False)
    assert [r.comment.number for r in last.rows] == [1]
    assert (last.page, last.has_next, last.has_previous) == (3, False, True)


@pytest.mark.parametrize("size", [2, 20])
def test_a_page_costs_three_queries_whatever_its_size(
    article: Article,
    make_user: Callable[..., User],
    django_assert_num_queries: Callable[..., Any],
    size: int,
) -> None:
    """Counts, the comments (with story, section, parent and authors joined) and their
    flags: three queries for 2 rows as for 20, and nothing more when the page is read."""
    root = _post(article, "Root", author=make_user())
    flagger = make_user()
    for n in range(size):
        _held(
            article,
            f"Reply {n}",
            author=make_user(),
            reply_to_number=root.number,
            flagged_by=flagger,
            note=f"note {n}",
        )
    with django_assert_num_queries(3):
        queue = moderation_queue(tab="pending", per_page=size)
        for row in queue.rows:
            c = row.comment
            assert (c.article.headline, c.article.section.name) == (article.headline, "Mobile")
            assert c.parent is not None
            assert c.parent.author is not None
            assert c.parent.author.public_name
            assert c.author is not None
            assert c.author.public_name
            assert [f.flagger.public_name for f in row.flags]
    assert len(queue.rows) == size


def test_the_queue_page_has_a_fixed_number_of_queries(
    client: Client,
    article: Article,
    moderator: User,
    make_user: Callable[..., User],
    django_assert_num_queries: Callable[..., Any],
    settings: Any,
) -> None:
    """The whole page: session and user (2), sections for the filter (1), the queue (3)
    and the header's pending count (1): 7 queries, for 3 rows as for 12. (The section
    menu is read once per process, on the first page.)"""
    # The session from the database on both profiles (Redis may serve it from the cache).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(moderator)
    flagger = make_user()
    for n in range(3):
        _held(article, f"Held {n}", guest_name=f"G{n}", flagged_by=flagger)
    client.get(QUEUE)
    with django_assert_num_queries(7):
        assert client.get(QUEUE).status_code == 200
    for n in range(9):
        _held(article, f"More {n}", author=make_user(), flagged_by=flagger)
    with django_assert_num_queries(7):
        page = client.get(QUEUE).content.decode()
    assert page.count('class="queue-item ') == 12


# Decisions ----------------------------------------------------------------------------


def test_approving_a_held_comment_publishes_it_under_its_number(
    article: Article, make_user: Callable[..., User], moderator: User
) -> None:
    """#2 was held while #3 was posted; approved, it shows as #2 between them and
    counts for the story and its author."""
    writer = make_user()
    _post(article, "First", author=writer)
    held = _held(article, "Second", author=writer)
    _post(article, "Third", author=writer)
    actions.approve_comment(comment=held, moderator=moderator)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert [n for n in ("c-1", "c-2", "c-3") if f'id="{n}"' in page] == ["c-1", "c-2", "c-3"]
    held.refresh_from_db()
    writer.refresh_from_db()
    article.refresh_from_db()
    assert (held.number, held.status, held.review) == (2, "published", "approved")
    assert (article.comment_count, writer.post_count) == (3, 3)


def test_rejecting_keeps_the_number_and_the_replies(
    article: Article, make_user: Callable[..., User], moderator: User
) -> None:
    """A reported comment rejected shows as a placeholder; its reply stays under it."""
    troll = _post(article, "Nokia will eat them alive", author=make_user())
    _post(article, "Nice trolling", author=make_user(), reply_to_number=troll.number)
    _flag(troll, make_user())
    actions.reject_comment(comment=troll, moderator=moderator, reason="Trolling")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "This comment was removed by a moderator." in page
    assert "Nice trolling" in page
    assert "Nokia will eat them alive" not in page
    troll.refresh_from_db()
    assert (troll.number, troll.status, troll.review) == (1, "removed", "rejected")
    assert troll.body == "Nokia will eat them alive"
    assert Comment.objects.filter(article=article).count() == 2


def test_every_decision_is_logged_with_before_and_after(
    queue: dict[str, Comment], moderator: User
) -> None:
    """Who, what, on which comment and member, why, and the status before and after."""
    entry = actions.reject_comment(comment=queue["reported"], moderator=moderator, reason="Abuse")
    assert entry is not None
    assert (entry.moderator, entry.action, entry.comment, entry.member) == (
        moderator,
        "reject",
        queue["reported"],
        queue["reported"].author,
    )
    assert (entry.reason, entry.before, entry.after) == ("Abuse", "published", "removed")
    entry = actions.approve_comment(comment=queue["pending"], moderator=moderator)
    assert entry is not None
    assert (entry.action, entry.member, entry.before, entry.after) == (
        "approve",
        None,
        "pending",
        "published",
    )


def test_approving_a_reported_comment_keeps_it_published_and_closes_its_flags(
    queue: dict[str, Comment], moderator: User
) -> None:
    """Flags are resolved, the open-flag count is zero, the comment is unchanged."""
    entry = actions.approve_comment(comment=queue["reported"], moderator=moderator)
    assert entry is not None
    assert (entry.before, entry.after) == ("published", "published")
    queue["reported"].refresh_from_db()
    assert (queue["reported"].status, queue["reported"].flag_count) == ("published", 0)
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_rejecting_closes_flags_too(queue: dict[str, Comment], moderator: User) -> None:
    """A rejected reported comment has no open flag left."""
    actions.reject_comment(comment=queue["reported"], moderator=moderator)
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_an_author_only_comment_is_published_on_approval(
    queue: dict[str, Comment], moderator: User
) -> None:
    """Holding a spammer's comment as author-only is reversible."""
    entry = actions.approve_comment(comment=queue["author_only"], moderator=moderator)
    assert entry is not None
    assert (entry.before, entry.after) == ("author_only", "published")


def test_a_rejection_can_be_undone(
    queue: dict[str, Comment], moderator: User, article: Article
) -> None:
    """Approve on a rejected comment restores it in its place, counted again."""
    before = Article.objects.get(pk=article.pk).comment_count
    entry = actions.approve_comment(comment=queue["rejected"], moderator=moderator)
    assert entry is not None
    assert (entry.before, entry.after) == ("removed", "published")
    assert Article.objects.get(pk=article.pk).comment_count == before + 1
    assert _numbers("rejected") == []


def test_nothing_to_decide_changes_nothing_and_logs_nothing(
    queue: dict[str, Comment], moderator: User
) -> None:
    """Approving what is already approved and unflagged, rejecting what is removed, or
    approving a removal made on the story page: no change, no entry."""
    logged = AuditEntry.objects.count()
    assert actions.approve_comment(comment=queue["approved"], moderator=moderator) is None
    assert actions.reject_comment(comment=queue["rejected"], moderator=moderator) is None
    assert actions.approve_comment(comment=queue["removed"], moderator=moderator) is None
    assert AuditEntry.objects.count() == logged


def test_bulk_decisions_write_one_entry_each(
    article: Article, moderator: User, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    """Three approved at once: three published, three entries."""
    held = [_held(article, f"Held {n}", guest_name=f"G{n}") for n in range(3)]
    entries = actions.approve_comments(comments=held, moderator=moderator, reason="Fine")
    assert [e.comment for e in entries] == held
    assert {e.reason for e in entries} == {"Fine"}
    statuses = Comment.objects.filter(pk__in=[c.pk for c in held]).values_list("status", flat=True)
    assert set(statuses) == {"published"}
    rejected = actions.reject_comments(comments=held, moderator=moderator)
    assert len(rejected) == 3
    assert AuditEntry.objects.filter(action="reject").count() == 3


def test_nothing_is_deleted(queue: dict[str, Comment], moderator: User) -> None:
    """After every kind of decision, every comment is still stored."""
    total = Comment.objects.count()
    actions.reject_comments(comments=list(queue.values()), moderator=moderator)
    actions.approve_comments(comments=list(queue.values()), moderator=moderator)
    assert Comment.objects.count() == total


# The page -----------------------------------------------------------------------------


def test_only_moderators_and_staff_see_the_queue(
    client: Client, make_user: Callable[..., User], moderator: User
) -> None:
    """Visitors are sent to log in; members get 403; moderators and staff the queue."""
    for url in (QUEUE, LOG):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    client.force_login(make_user())
    assert client.get(QUEUE).status_code == 403
    assert client.get(LOG).status_code == 403
    assert client.post(DECIDE, {"decide": "approve:1"}).status_code == 403
    client.force_login(make_user(is_staff=True))
    assert client.get(QUEUE).status_code == 200
    client.force_login(moderator)
    assert client.get(LOG).status_code == 200


def test_members_cannot_decide(
    client: Client, queue: dict[str, Comment], make_user: Callable[..., User]
) -> None:
    """A member's forged decision is refused and changes nothing."""
    client.force_login(make_user())
    response = client.post(DECIDE, {"decide": f"approve:{queue['pending'].pk}"})
    assert response.status_code == 403
    queue["pending"].refresh_from_db()
    assert queue["pending"].status == "pending"


def test_the_queue_is_never_cached(client: Client, moderator: User) -> None:
    """Private, never stored by a proxy or the page cache."""
    client.force_login(moderator)
    response = client.get(QUEUE)
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_page_shows_each_comment_in_context(
    client: Client, article: Article, make_user: Callable[..., User], moderator: User
) -> None:
    """Story link, the parent's text, number, author facts, abuse score, reasons and
    flag notes."""
    parent = _post(article, "The quarter was strong.", author=make_user(display_name="Kes"))
    reply = _held(
        article,
        "Only fools buy these",
        reasons=("abuse_score",),
        guest_name="Angry",
        reply_to_number=parent.number,
        flagged_by=make_user(display_name="Watcher"),
        note="Insults readers",
    )
    Comment.objects.filter(pk=reply.pk).update(abuse_score=0.93)
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert f'href="{article.get_absolute_url()}">{article.headline}</a>' in page
    assert "In reply to #1 by Kes" in page
    assert "The quarter was strong." in page
    assert ">#2</span>" in page
    assert "Angry</span>" in page
    assert "unregistered" in page
    assert "Abuse score 0.93" in page
    assert "High abuse score" in page
    assert "Insults readers" in page
    assert "Pending <span" in page


def test_approve_button_returns_to_the_same_tab_and_filters(
    client: Client, queue: dict[str, Comment], moderator: User
) -> None:
    """The row's button approves; the answer is the same tab and filters, with a
    message naming the comment."""
    client.force_login(moderator)
    back = "tab=pending&author=Spammy&page=1"
    response = client.post(
        DECIDE,
        {"decide": f"approve:{queue['pending'].pk}", "return": back, "reason": "Not spam"},
        follow=True,
    )
    assert response.redirect_chain == [(f"{QUEUE}?{back}", 302)]
    assert "Approved #1 on “" in response.content.decode()
    entry = AuditEntry.objects.get(comment=queue["pending"], action="approve")
    assert (entry.moderator, entry.reason) == (moderator, "Not spam")


def test_the_return_address_stays_on_the_queue(
    client: Client, queue: dict[str, Comment], moderator: User
) -> None:
    """Only the queue's own parameters survive: no open redirect."""
    client.force_login(moderator)
    response = client.post(
        DECIDE,
        {"decide": f"reject:{queue['pending'].pk}", "return": "next=https://evil.example&tab=x"},
    )
    assert response["Location"] == f"{QUEUE}?tab=x"


def test_bulk_buttons_act_on_the_ticked_rows(
    client: Client, queue: dict[str, Comment], moderator: User
) -> None:
    """Reject ticked: both go, two entries, one message."""
    client.force_login(moderator)
    ticked = [queue["pending"].pk, queue["author_only"].pk]
    response = client.post(
        DECIDE, {"bulk": "reject", "comment": ticked, "return": "tab=pending"}, follow=True
    )
    assert "Rejected 2 comments." in response.content.decode()
    assert AuditEntry.objects.filter(action="reject", comment_id__in=ticked).count() == 2
    assert _numbers("pending") == []


def test_bulk_without_ticks_says_so(
    client: Client, queue: dict[str, Comment], moderator: User
) -> None:
    client.force_login(moderator)
    response = client.post(DECIDE, {"bulk": "approve", "return": "tab=pending"}, follow=True)
    assert "Tick the comments to act on first." in response.content.decode()


def test_decisions_need_the_csrf_token(queue: dict[str, Comment], moderator: User) -> None:
    """A plain form post without the token is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(DECIDE, {"decide": f"approve:{queue['pending'].pk}"})
    assert response.status_code == 403
    queue["pending"].refresh_from_db()
    assert queue["pending"].status == "pending"


def test_the_page_works_without_javascript(
    client: Client, queue: dict[str, Comment], moderator: User
) -> None:
    """Every action is a button in a POST form with the CSRF token; the keys are
    documented on the page."""
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert f'<form method="post" action="{DECIDE}"' in page
    assert "csrfmiddlewaretoken" in page
    assert f'name="decide" value="approve:{queue["pending"].pk}"' in page
    assert f'name="decide" value="reject:{queue["pending"].pk}"' in page
    assert 'name="bulk" value="approve"' in page
    assert "<kbd>a</kbd> approve" in page


def test_ban_links_to_the_ban_form(
    client: Client, queue: dict[str, Comment], moderator: User
) -> None:
    """Each row's Ban goes to the ban form with the comment named (shown only where the
    ban form exists)."""
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    try:
        ban_form = reverse("moderation:ban")
    except NoReverseMatch:
        assert 'data-key="b"' not in page
    else:
        assert f'href="{ban_form}?comment={queue["pending"].pk}" data-key="b"' in page


# Header link --------------------------------------------------------------------------


def test_the_header_shows_moderators_the_pending_count(
    client: Client, queue: dict[str, Comment], article: Article, moderator: User
) -> None:
    client.force_login(moderator)
    assert "Moderation (2 pending)" in client.get(article.get_absolute_url()).content.decode()


def test_readers_get_no_moderation_link_and_no_count_query(
    client: Client,
    article: Article,
    make_user: Callable[..., User],
    queue: dict[str, Comment],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Visitors and members see no link, and the pending count is never asked for."""
    asked: list[int] = []

    def pending_count() -> int:
        asked.append(1)
        return 0

    monkeypatch.setattr(moderation_tags, "pending_count", pending_count)
    assert "Moderation (" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(make_user())
    assert "Moderation (" not in client.get(article.get_absolute_url()).content.decode()
    assert asked == []


# Audit log ----------------------------------------------------------------------------


def test_the_log_lists_decisions_newest_first(
    client: Client, queue: dict[str, Comment], moderator: User, make_user: Callable[..., User]
) -> None:
    """The fixture's approve and reject, newest first, filterable by moderator and
    action."""
    other = make_user(username="other", display_name="Other Mod", is_moderator=True)
    actions.approve_comment(comment=queue["pending"], moderator=other, reason="Looks fine")
    client.force_login(moderator)
    page = client.get(LOG).content.decode()
    assert re.findall(r'data-action="(\w+)"', page) == ["approve", "reject", "approve"]
    assert page.index("Looks fine") < page.index('data-action="reject"')
    only_other = client.get(LOG, {"moderator": "other"}).content.decode()
    assert only_other.count('class="audit-log__entry"') == 1
    rejects = client.get(LOG, {"action": "reject"}).content.decode()
    assert rejects.count('class="audit-log__entry"') == 1
    assert "pending → removed" in rejects


def test_the_log_is_paged(client: Client, article: Article, moderator: User, settings: Any) -> None:
    settings.MASTHEAD_MODERATION_LOG_PAGE_SIZE = 2
    for n in range(5):
        actions.reject_comment(comment=_held(article, f"H{n}", guest_name="G"), moderator=moderator)
    client.force_login(moderator)
    assert "Page 1 of 3" in client.get(LOG).content.decode()
    last = client.get(LOG, {"page": "3"}).content.decode()
    assert last.count('class="audit-log__entry"') == 1


def test_the_log_is_read_only_in_the_admin(
    client: Client, queue: dict[str, Comment], make_user: Callable[..., User]
) -> None:
    """Staff can list audit entries, flags and bans, and change none of them."""
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model in (AuditEntry, Flag, Ban):
        assert model in admin_site._registry
        url = reverse(f"admin:moderation_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200
        add = reverse(f"admin:moderation_{model._meta.model_name}_add")
        assert client.get(add).status_code == 403
    entry = AuditEntry.objects.first()
    assert entry is not None
    change = reverse("admin:moderation_auditentry_change", args=[entry.pk])
    assert client.post(change, {"reason": "rewritten"}).status_code == 403
    assert client.post(change + "delete/", {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("tab", ["approved", "rejected"])
def test_decided_tabs_read_the_index_of_decisions(queue: dict[str, Comment], tab: str) -> None:
    """The Approved and Rejected tabs are read from the index that holds only decided
    comments (new comments add nothing to it), not from the whole table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a table this small would be scanned anyway
            cursor.execute("SET LOCAL enable_seqscan = off")
    page = Comment.objects.filter(_tab_q(tab)).order_by("-reviewed_at", "-pk")[:50]
    assert "comment_review_recent" in page.explain()
    assert [c.number for c in page] == _numbers(tab)
