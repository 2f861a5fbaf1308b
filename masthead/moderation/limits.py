"""Rate limits on what people do: posting, voting, flagging and signing up.

Each action is counted per person (a member's account; a guest by their address, since
their cookie is theirs to drop) and per address (everyone behind it), in the windows
``MASTHEAD_RATE_LIMITS`` lists; every window must have room. The counters are
``ratelimit``'s, shared by all processes. Over a limit, ``Refused`` (429) says how long
to wait, and ``retry_after`` carries the same number for the ``Retry-After`` header.

Limits apply to requests: an action without an address (the demo loader, an importer,
a shell) is not counted. Moderators and staff are not limited.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Literal

from django.conf import settings
from django.utils import timezone

from masthead.accounts import hooks as account_hooks
from masthead.accounts.models import User
from masthead.comments import hooks
from masthead.core.refusals import Refused

from . import duplicates, ratelimit

Action = Literal["post", "vote", "flag", "signup"]

MESSAGES: dict[Action, str] = {
    "post": "You're posting too fast. Please wait {wait}.",
    "vote": "You're voting too fast. Please wait {wait}.",
    "flag": "You're reporting comments too fast. Please wait {wait}.",
    "signup": "Too many sign-ups from your address. Please wait {wait} and try again.",
}


def check_rate(action: Action, *, ip: str, member: User | None = None) -> None:
    """Count one ``action`` by ``member`` (``None``: a guest) from address ``ip``, and
    raise ``Refused`` (429, with ``retry_after``) if that goes over any of its limits.
    Counts even when refused. For views and actions outside ``comments.hooks`` (flags)."""
    decision = ratelimit.hit_all(rules_for(action, ip=ip, member=member))
    if not decision.allowed:
        raise Refused(
            MESSAGES[action].format(wait=describe_wait(decision.retry_after)),
            status=429,
            retry_after=decision.retry_after,
        )


def rules_for(action: Action, *, ip: str, member: User | None) -> list[ratelimit.Rule]:
    """The counters one ``action`` is checked against: the person's and the address's."""
    if not ip or not settings.MASTHEAD_RATE_LIMITS_ENABLED:
        return []
    if member is not None and (member.is_moderator or member.is_staff):
        return []
    address = address_key(ip)
    if member is None:
        person, key = "guest", f"{action}:guest:{address}"
    else:
        person = "new_member" if is_new_member(member) else "member"
        key = f"{action}:member:{member.pk}"
    limits: dict[str, tuple[tuple[int, int], ...]] = settings.MASTHEAD_RATE_LIMITS
    own = limits.get(f"{action}:{person}")
    if own is None and person == "new_member":
        own = limits.get(f"{action}:member")
    rules = [ratelimit.Rule(key, limit, seconds) for limit, seconds in own or ()]
    rules += [
        ratelimit.Rule(f"{action}:address:{address}", limit, seconds)
        for limit, seconds in limits.get(f"{action}:address", ())
    ]
    return rules


def is_new_member(member: User) -> bool:
    """A member who joined lately or has posted little gets the guests' posting limits."""
    joined_lately = member.date_joined > timezone.now() - settings.MASTHEAD_NEW_MEMBER_AGE
    return joined_lately or member.post_count < settings.MASTHEAD_NEW_MEMBER_POSTS


def address_key(ip: str) -> str:
    """What an address is counted as: itself for IPv4, its /64 for IPv6 (one household
    or phone gets a whole /64 and may hop inside it)."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def describe_wait(seconds: int) -> str:
    """``40 seconds``, ``12 minutes``, ``2 hours``: rounded up, so waiting that long is
    always enough."""
    if seconds <= 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    if seconds <= 90 * 60:
        return f"{math.ceil(seconds / 60)} minutes"
    return f"{math.ceil(seconds / 3600)} hours"


def refuse_posting_too_fast(submission: hooks.Submission) -> None:
    """Guard on new comments (edits are not counted). A double-click or a retried post
    that meets the limit is sent to the comment already posted (``Duplicate``) rather
    than refused."""
    if submission.edit_of is not None:
        return
    try:
        check_rate("post", ip=submission.ip, member=submission.author)
    except Refused:
        duplicates.refuse_duplicate(submission)
        raise


def refuse_voting_too_fast(vote: hooks.VoteAttempt) -> None:
    """Vote guard: members' votes (clearing one included) per member and address."""
    check_rate("vote", ip=vote.ip, member=vote.voter)


def refuse_signing_up_too_fast(attempt: account_hooks.SignupAttempt) -> None:
    """Sign-up guard: per address only, before allauth looks at the e-mail, so the
    answer never depends on whether an account exists."""
    check_rate("signup", ip=attempt.ip)
