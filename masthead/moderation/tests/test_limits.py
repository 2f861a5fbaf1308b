"""Rate limits on posting, voting, flagging and signing up, end to end: a 429 page (or
JSON) whose message says when to retry, the same number in ``Retry-After``, nothing
written.

The clock is stopped 20 s into an hour, so a one-minute window has 40 s left and an
hour's 59 min 40 s.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments import hooks
from masthead.comments.actions import edit_comment, post_comment
from masthead.comments.models import Comment, Vote
from masthead.core.refusals import Refused
from masthead.moderation.limits import check_rate, describe_wait

pytestmark = pytest.mark.django_db

GUEST_IP = "198.51.100.7"


@pytest.fixture(autouse=True)
def limits_on(settings: Any) -> None:
    settings.MASTHEAD_RATE_LIMITS_ENABLED = True


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Stopped 20 s into the next hour (stories made an hour before stay published)."""
    now = datetime.now(UTC).replace(minute=0, second=20, microsecond=0) + timedelta(hours=1)
    with time_machine.travel(now, tick=False) as traveller:
        yield traveller


def _post(client: Client, article: Article, body: str, **extra: Any) -> Any:
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": body, "name": "Quick Guest"},
        **extra,
    )


def _established(member: User) -> User:
    member.post_count = 50
    member.date_joined = timezone.now() - timedelta(days=30)
    member.save(update_fields=["post_count", "date_joined"])
    return member


# Posting --------------------------------------------------------------------------


def test_a_guests_fourth_comment_in_a_minute_is_refused_with_when_to_retry(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """Three guest posts a minute from one address; the fourth gets a 429 page that
    says to wait 40 seconds, its text still in the form, and nothing is stored."""
    answers = [_post(client, article, f"Thought {n}", REMOTE_ADDR=GUEST_IP) for n in range(4)]
    refused = answers[-1]
    page = refused.content.decode()
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert refused["Retry-After"] == "40"
    assert "You&#x27;re posting too fast. Please wait 40 seconds." in page
    assert "Thought 3</textarea>" in page
    assert Comment.objects.filter(article=article).count() == 3


def test_the_script_gets_the_refusal_as_json_with_retry_after(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """The page's script is told the same, as JSON, with the same header."""
    for n in range(3):
        _post(client, article, f"Thought {n}", REMOTE_ADDR=GUEST_IP)
    refused = _post(
        client, article, "One more", REMOTE_ADDR=GUEST_IP, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert json.loads(refused.content) == {
        "errors": {"__all__": ["You're posting too fast. Please wait 40 seconds."]}
    }


def test_the_limit_lifts_when_the_minute_ends(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """Refused at :20; posting again at :00 of the next minute works."""
    for n in range(4):
        _post(client, article, f"Thought {n}", REMOTE_ADDR=GUEST_IP)
    clock.shift(timedelta(seconds=40))
    assert _post(client, article, "Later", REMOTE_ADDR=GUEST_IP).status_code == 302


def test_guests_at_other_addresses_are_counted_apart(
    client: Client, article: Article, clock: time_machine.Traveller
) -> None:
    """One address at its limit does not stop another."""
    for n in range(3):
        _post(client, article, f"Thought {n}", REMOTE_ADDR=GUEST_IP)
    assert _post(client, article, "Elsewhere", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_guest_is_also_held_to_twenty_an_hour(
    article: Article, clock: time_machine.Traveller
) -> None:
    """Three a minute for seven minutes: the 21st post of the hour waits for the hour's
    end, told in minutes."""
    outcomes: list[str] = []
    for minute in range(7):
        for n in range(3):
            try:
                post_comment(
                    article=article, body=f"{minute}.{n}", guest_name="Patient", ip=GUEST_IP
                )
                outcomes.append("posted")
            except Refused as refusal:
                outcomes.append(refusal.message)
        clock.shift(timedelta(minutes=1))
    assert outcomes[:20] == ["posted"] * 20
    # 20 s into the hour's seventh minute: 53 min 40 s to go.
    assert outcomes[20] == "You're posting too fast. Please wait 54 minutes."


def test_a_new_member_posts_under_the_guests_limit_and_an_established_one_more(
    article: Article,
    make_user: Callable[..., User],
    clock: time_machine.Traveller,
) -> None:
    """A member who joined today gets 3 a minute; one with 50 posts over a month, 10."""
    newcomer, regular = make_user(), _established(make_user())

    def posts_allowed(member: User) -> int:
        allowed = 0
        for n in range(12):
            try:
                post_comment(article=article, body=f"{member.pk}: {n}", author=member, ip=GUEST_IP)
                allowed += 1
            except Refused:
                pass
        return allowed

    assert (posts_allowed(newcomer), posts_allowed(regular)) == (3, 10)


def test_one_address_is_limited_loosely_for_everyone_behind_it(
    article: Article,
    make_user: Callable[..., User],
    settings: Any,
    clock: time_machine.Traveller,
) -> None:
    """Members each within their own limit still share the address's (here 4 a minute)."""
    settings.MASTHEAD_RATE_LIMITS = {**settings.MASTHEAD_RATE_LIMITS, "post:address": ((4, 60),)}
    office = [_established(make_user()) for _ in range(3)]
    outcomes = []
    for n in range(6):
        try:
            post_comment(article=article, body=f"n{n}", author=office[n % 3], ip=GUEST_IP)
            outcomes.append(True)
        except Refused:
            outcomes.append(False)
    assert outcomes == [True, True, True, True, False, False]


def test_edits_moderators_and_posts_without_an_address_are_not_counted(
    article: Article,
    make_user: Callable[..., User],
    member: User,
    clock: time_machine.Traveller,
) -> None:
    """Edits are not new posts; moderators are trusted; the demo loader and importers
    post without an address."""
    moderator = make_user(is_moderator=True)
    mine = [
        post_comment(article=article, body=f"m{n}", author=member, ip=GUEST_IP) for n in range(3)
    ]
    edit_comment(comment=mine[0], body="m0, edited", member=member, guest_token=None, ip=GUEST_IP)
    for n in range(12):
        post_comment(article=article, body=f"mod {n}", author=moderator, ip=GUEST_IP)
        post_comment(article=article, body=f"loader {n}", author=member)
    assert Comment.objects.filter(article=article).count() == 3 + 12 + 12


def test_limits_can_be_switched_off(
    article: Article, settings: Any, clock: time_machine.Traveller
) -> None:
    """MASTHEAD_RATE_LIMITS=off (load tests): nothing is counted."""
    settings.MASTHEAD_RATE_LIMITS_ENABLED = False
    for n in range(10):
        post_comment(article=article, body=f"n{n}", guest_name="Load", ip=GUEST_IP)
    assert Comment.objects.filter(article=article).count() == 10


# Voting ---------------------------------------------------------------------------


@pytest.fixture
def thread(article: Article, make_user: Callable[..., User]) -> list[Comment]:
    author = make_user()
    return [post_comment(article=article, body=f"c{n}", author=author) for n in range(4)]


def _vote(client: Client, comment: Comment, **extra: Any) -> Any:
    url = reverse("comments:vote", kwargs={"slug": comment.article.slug, "number": comment.number})
    return client.post(url, {"value": "up"}, REMOTE_ADDR=GUEST_IP, **extra)


def test_voting_too_fast_is_refused_with_when_to_retry(
    client: Client,
    member: User,
    thread: list[Comment],
    settings: Any,
    clock: time_machine.Traveller,
) -> None:
    """Over the votes' limit (here 2 a minute): a 429 page saying when to retry, and
    the vote is not counted."""
    settings.MASTHEAD_RATE_LIMITS = {**settings.MASTHEAD_RATE_LIMITS, "vote:member": ((2, 60),)}
    client.force_login(member)
    answers = [_vote(client, comment) for comment in thread[:3]]
    refused = answers[-1]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert refused["Retry-After"] == "40"
    assert "You&#x27;re voting too fast. Please wait 40 seconds." in refused.content.decode()
    assert Vote.objects.filter(voter=member).count() == 2


def test_the_script_gets_a_vote_refusal_as_json(
    client: Client,
    member: User,
    thread: list[Comment],
    settings: Any,
    clock: time_machine.Traveller,
) -> None:
    """``{"error": ...}`` with status 429 and ``Retry-After``."""
    settings.MASTHEAD_RATE_LIMITS = {**settings.MASTHEAD_RATE_LIMITS, "vote:member": ((1, 60),)}
    client.force_login(member)
    _vote(client, thread[0], HTTP_ACCEPT="application/json")
    refused = _vote(client, thread[1], HTTP_ACCEPT="application/json")
    assert (refused.status_code, refused["Retry-After"]) == (429, "40")
    assert json.loads(refused.content)["error"] == "You're voting too fast. Please wait 40 seconds."


def test_the_default_vote_limit_leaves_room_for_a_keen_reader(
    member: User, clock: time_machine.Traveller
) -> None:
    """30 votes a minute: a reader going down a long thread is not stopped."""
    for _ in range(30):
        check_rate("vote", ip=GUEST_IP, member=member)
    with pytest.raises(Refused):
        check_rate("vote", ip=GUEST_IP, member=member)


def test_vote_guards_run_before_anything_is_written(
    member: User, thread: list[Comment], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vote action hands its guards the comment, the voter, the value and the
    address, and writes nothing when one refuses."""
    seen: list[hooks.VoteAttempt] = []

    def refuse(attempt: hooks.VoteAttempt) -> None:
        seen.append(attempt)
        raise Refused("No.", status=429, retry_after=5)

    monkeypatch.setattr(hooks, "_vote_guards", [refuse])
    from masthead.comments.actions import vote_on_comment

    with pytest.raises(Refused):
        vote_on_comment(comment=thread[0], voter=member, value=1, ip=GUEST_IP)
    assert [(a.comment, a.voter, a.value, a.ip) for a in seen] == [(thread[0], member, 1, GUEST_IP)]
    assert not Vote.objects.exists()


# Flagging -------------------------------------------------------------------------


def test_flagging_is_limited_per_member(member: User, clock: time_machine.Traveller) -> None:
    """Five flags a minute; the sixth is refused with when to retry (for the flag view)."""
    for _ in range(5):
        check_rate("flag", ip=GUEST_IP, member=member)
    with pytest.raises(Refused) as refused:
        check_rate("flag", ip=GUEST_IP, member=member)
    assert refused.value.message == "You're reporting comments too fast. Please wait 40 seconds."
    assert (refused.value.status, refused.value.retry_after) == (429, 40)


# Signing up -----------------------------------------------------------------------


def _sign_up(client: Client, n: int, *, email: str = "") -> Any:
    return client.post(
        reverse("account_signup"),
        {
            "email": email or f"newcomer{n}@example.org",
            "display_name": f"Newcomer {n}",
            "password1": "a long enough secret 9",
        },
        REMOTE_ADDR=GUEST_IP,
    )


def test_a_sixth_sign_up_in_an_hour_from_one_address_is_refused(
    client: Client, clock: time_machine.Traveller
) -> None:
    """Five sign-ups an hour per address; the sixth is a 429 page saying when to retry
    (59 min 40 s: in minutes), and no account is made."""
    answers = [_sign_up(Client(), n) for n in range(6)]
    refused = answers[-1]
    assert [a.status_code for a in answers] == [302] * 5 + [429]
    assert refused["Retry-After"] == str(3600 - 20)
    assert (
        "Too many sign-ups from your address. Please wait 60 minutes and try again."
        in refused.content.decode()
    )
    assert not User.objects.filter(email="newcomer5@example.org").exists()


def test_a_refused_sign_up_does_not_tell_whether_the_address_has_an_account(
    client: Client, verified_member: User, clock: time_machine.Traveller
) -> None:
    """Over the limit, a taken e-mail and a new one get the very same answer."""
    for n in range(5):
        _sign_up(Client(), n)
    taken = _sign_up(Client(), 10, email=verified_member.email)
    new = _sign_up(Client(), 11)
    assert (taken.status_code, taken["Retry-After"]) == (new.status_code, new["Retry-After"])
    assert taken.content == new.content


# Messages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 second"),
        (40, "40 seconds"),
        (90, "90 seconds"),
        (91, "2 minutes"),
        (3520, "59 minutes"),
        (5400, "90 minutes"),
        (5401, "2 hours"),
    ],
)
def test_waits_are_told_rounded_up(seconds: int, text: str) -> None:
    """Waiting as long as told is always enough."""
    assert describe_wait(seconds) == text
