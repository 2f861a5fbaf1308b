"""Moderators' reads: who may moderate, the queue's tabs and the audit log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from masthead.accounts.models import User
from masthead.articles.models import Section
from masthead.comments.models import Comment
from masthead.core import pagecache

from . import policies
from .models import AuditEntry, Ban, Flag

# Who moderates ------------------------------------------------------------------------


def can_moderate(user: User | AnonymousUser | None) -> bool:
    """Moderators and staff, signed in and active."""
    return isinstance(user, User) and user.is_active and (user.is_moderator or user.is_staff)


def access_moderation(user: User | AnonymousUser | None) -> User:
    """The signed-in moderator, or ``PermissionDenied`` for anyone else."""
    if not isinstance(user, User) or not can_moderate(user):
        raise PermissionDenied("Only moderators can see the moderation queue.")
    return user


def access_comments_for_moderation(
    user: User | AnonymousUser | None, ids: list[int]
) -> list[Comment]:
    """The comments with ``ids`` (those that exist, in the order given) for a moderator
    to decide on, with their stories: ``PermissionDenied`` unless ``user`` moderates.
    One query."""
    access_moderation(user)
    found = Comment.objects.select_related("article").in_bulk(ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def pending_count() -> int:
    """How many comments wait for review (the site header's "Moderation (N pending)").
    One query on the (status, created_at) index."""
    return Comment.objects.filter(status__in=HELD).count()


# The queue ----------------------------------------------------------------------------

HELD = (Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY)
TABS: dict[str, str] = {
    "pending": "Pending",
    "reported": "Reported",
    "approved": "Approved",
    "rejected": "Rejected",
}
_EPOCH = Value(datetime(1970, 1, 1, tzinfo=UTC), output_field=DateTimeField())


@dataclass(frozen=True)
class QueueFilters:
    """What a moderator narrowed the queue to; empty values filter nothing."""

    story: str = ""  # the story's slug
    section: str = ""  # the section's slug
    author: str = ""  # a member's username or a guest's typed name, any case
    reason: str = ""  # a held-reason code or a flag reason

    def as_query(self) -> dict[str, str]:
        """The filters that are set, as query-string parameters."""
        names = ("story", "section", "author", "reason")
        return {name: getattr(self, name) for name in names if getattr(self, name)}


# Held reasons set outside the pre-moderation policies: by the flags threshold and by
# an author-only ban.
_OTHER_HELD_REASONS = {
    "flags": "Flagged by readers",
    "author_only": "Author-only ban",
}


def reason_labels() -> dict[str, str]:
    """Every reason a comment can be in the queue for, code -> words: the held reasons
    (pre-moderation policies, flags, bans), then the flag reasons members choose from."""
    labels = {**policies.REASON_LABELS}
    for code, label in (*_OTHER_HELD_REASONS.items(), *Flag.Reason.choices):
        labels.setdefault(code, label if code in _OTHER_HELD_REASONS else f"Flagged: {label}")
    return labels


def reason_choices() -> list[tuple[str, str]]:
    """``reason_labels`` as (code, label) choices, by label."""
    return sorted(reason_labels().items(), key=lambda item: item[1].lower())


def _open_flags_since_review() -> Exists:
    """The comment has an open flag raised after its last review (or never reviewed)."""
    return Exists(
        Flag.objects.filter(
            comment=OuterRef("pk"),
            resolved_at__isnull=True,
            created_at__gt=Coalesce(OuterRef("reviewed_at"), _EPOCH),
        )
    )


def _tab_q(tab: str) -> Q:
    if tab == "pending":
        return Q(status__in=HELD)
    if tab == "reported":
        # Found from the open flags' side. "Published" is written as "none of the other
        # statuses" so that SQLite, which keeps no statistics by default, does not start
        # from the status index: nearly every comment is published, so that would read
        # the whole table.
        flagged = Flag.objects.filter(resolved_at__isnull=True).values("comment_id")
        unpublished = [s for s in Comment.Status.values if s != Comment.Status.PUBLISHED]
        return Q(pk__in=flagged) & ~Q(status__in=unpublished) & Q(_open_flags_since_review())
    # Every decision has its time; saying so lets the database use the index of
    # decided comments (``comment_review_recent``, which holds only those).
    if tab == "approved":
        return Q(review=Comment.Review.APPROVED, reviewed_at__isnull=False)
    if tab == "rejected":
        return Q(review=Comment.Review.REJECTED, reviewed_at__isnull=False)
    raise ValueError(f"No such queue tab: {tab!r}")


def _filters_q(filters: QueueFilters) -> Q:
    q = Q()
    if filters.story:
        q &= Q(article__slug=filters.story)
    if filters.section:
        q &= Q(article__section__slug=filters.section)
    if filters.author:
        q &= Q(author__username__iexact=filters.author) | Q(
            author__isnull=True, guest_name__iexact=filters.author
        )
    if filters.reason:
        code = filters.reason
        held_for = (
            Q(held_reasons=code)
            | Q(held_reasons__startswith=f"{code},")
            | Q(held_reasons__endswith=f",{code}")
            | Q(held_reasons__contains=f",{code},")
        )
        q &= held_for | Q(Exists(Flag.objects.filter(comment=OuterRef("pk"), reason=code)))
    return q


def queue_counts(filters: QueueFilters | None = None) -> dict[str, int]:
    """How many comments each tab holds under ``filters``. One aggregate query, which
    reads only the rows that could be in a tab (held, reviewed or with open flags)."""
    candidates = (
        Q(status__in=HELD)
        | Q(
            review__in=[Comment.Review.APPROVED, Comment.Review.REJECTED], reviewed_at__isnull=False
        )
        | Q(pk__in=Flag.objects.filter(resolved_at__isnull=True).values("comment_id"))
    )
    counts = Comment.objects.filter(candidates & _filters_q(filters or QueueFilters())).aggregate(
        **{tab: Count("pk", filter=_tab_q(tab)) for tab in TABS}
    )
    return {tab: int(counts[tab]) for tab in TABS}


@dataclass
class QueueRow:
    """One comment in the queue, with what a moderator needs to decide: its story, its
    parent (the context it answers) and author come joined on ``comment``."""

    comment: Comment
    reasons: list[tuple[str, str]]  # held-reason codes with their labels
    flags: list[Flag] = field(default_factory=list)

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.resolved_at is None]


@dataclass
class Queue:
    tab: str
    filters: QueueFilters
    counts: dict[str, int]
    rows: list[QueueRow]
    page: int
    pages: int

    @property
    def total(self) -> int:
        return self.counts[self.tab]

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


_ROW_FIELDS = (
    "id",
    "number",
    "depth",
    "reply_to_number",
    "status",
    "review",
    "reviewed_at",
    "body_html",
    "created_at",
    "edited_at",
    "guest_name",
    "ip_address",
    "held_reasons",
    "abuse_score",
    "flag_count",
    "article__id",
    "article__slug",
    "article__headline",
    "article__section__name",
    "article__section__slug",
    "author__id",
    "author__username",
    "author__display_name",
    "author__post_count",
    "author__date_joined",
    "author__is_staff",
    "author__is_moderator",
    "parent__id",
    "parent__number",
    "parent__status",
    "parent__body_html",
    "parent__guest_name",
    "parent__author__id",
    "parent__author__username",
    "parent__author__display_name",
)


def moderation_queue(
    *, tab: str, filters: QueueFilters | None = None, page: int = 1, per_page: int | None = None
) -> Queue:
    """A page of ``tab`` under ``filters``, with the counts of every tab.

    Pending and Reported show the newest comments first; Approved and Rejected the
    latest decisions first. Each row carries its story (and section), its parent with
    the parent's author, its own author and its flags, in three queries whatever the
    page size: the counts, the page of comments (one join), and their flags (none when
    the page is empty). An unknown tab raises ``ValueError``; a page past the end is the
    last page.
    """
    if tab not in TABS:
        raise ValueError(f"No such queue tab: {tab!r}")
    filters = filters or QueueFilters()
    per_page = per_page or settings.MASTHEAD_MODERATION_QUEUE_PAGE_SIZE
    counts = queue_counts(filters)
    pages = max(1, -(-counts[tab] // per_page))
    page = min(max(page, 1), pages)
    order = ("-created_at", "-pk") if tab in ("pending", "reported") else ("-reviewed_at", "-pk")
    start = (page - 1) * per_page
    comments = list(
        Comment.objects.filter(_tab_q(tab) & _filters_q(filters))
        .select_related("article__section", "author", "parent__author")
        .only(*_ROW_FIELDS)
        .order_by(*order)[start : start + per_page]
    )
    flags: dict[int, list[Flag]] = defaultdict(list)
    if comments:
        for flag in (
            Flag.objects.filter(comment_id__in=[c.pk for c in comments])
            .select_related("flagger")
            .only(
                "id",
                "comment_id",
                "reason",
                "note",
                "created_at",
                "resolved_at",
                "flagger__id",
                "flagger__username",
                "flagger__display_name",
            )
            .order_by("created_at", "pk")
        ):
            flags[flag.comment_id].append(flag)
    labels = reason_labels()
    rows = [
        QueueRow(
            comment=c,
            reasons=[(r, labels.get(r, r)) for r in c.held_reasons.split(",") if r],
            flags=flags.get(c.pk, []),
        )
        for c in comments
    ]
    return Queue(tab=tab, filters=filters, counts=counts, rows=rows, page=page, pages=pages)


def queue_sections() -> QuerySet[Section]:
    """The sections a moderator may filter by."""
    return Section.objects.only("id", "name", "slug").order_by("position", "name")


# The audit log ------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    moderator: str = ""  # a moderator's username
    action: str = ""

    @classmethod
    def from_query(cls, query: Any) -> LogFilters:
        return cls(
            moderator=str(query.get("moderator", "")).strip()[:150],
            action=str(query.get("action", "")).strip()[:40],
        )

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in (("moderator", self.moderator), ("action", self.action)) if v}


def audit_log(
    *, filters: LogFilters | None = None, page: int | str = 1, per_page: int | None = None
) -> Page[AuditEntry]:
    """A page of the audit log under ``filters``, newest first, each entry with its
    moderator, comment (and story), member and ban joined: two queries (the count and
    the page). Past the end is the last page."""
    entries = (
        AuditEntry.objects.select_related("moderator", "comment__article", "member", "ban")
        .only(
            "id",
            "action",
            "reason",
            "before",
            "after",
            "created_at",
            "ban_id",
            "moderator__id",
            "moderator__username",
            "moderator__display_name",
            "comment__id",
            "comment__number",
            "comment__article__id",
            "comment__article__slug",
            "comment__article__headline",
            "member__id",
            "member__username",
            "member__display_name",
            "ban__id",
            "ban__kind",
            "ban__ends_at",
        )
        .order_by("-created_at", "-pk")
    )
    filters = filters or LogFilters()
    if filters.moderator:
        entries = entries.filter(moderator__username=filters.moderator)
    if filters.action:
        entries = entries.filter(action=filters.action)
    paginator = Paginator(entries, per_page or settings.MASTHEAD_MODERATION_LOG_PAGE_SIZE)
    return paginator.get_page(page)


def audit_log_choices() -> tuple[list[tuple[str, str]], list[str]]:
    """The moderators who have acted (username, public name) and the actions logged,
    for the log's filter form. Two queries."""
    moderators = [
        (username, display_name or username)
        for username, display_name in User.objects.filter(moderation_actions__isnull=False)
        .values_list("username", "display_name")
        .distinct()
        .order_by("username")
    ]
    actions = list(
        AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    )
    return moderators, actions


# Flags and bans -----------------------------------------------------------------------

LOG_IN_TO_FLAG = "Log in to flag a comment: only members can flag."


def check_flag(*, flagger: User | AnonymousUser | None, comment: Comment) -> None:
    """Raise ``PermissionDenied`` (with a message for the reader) unless ``flagger`` may
    flag ``comment``: an active member, not its author, and the comment still published
    (a removed, deleted or held comment is out of readers' sight already). A flag given
    before is not refused here: ``actions.flag_comment`` answers it kindly. No query."""
    if not isinstance(flagger, User) or not flagger.is_active:
        raise PermissionDenied(LOG_IN_TO_FLAG)
    if comment.author_id is not None and comment.author_id == flagger.pk:
        raise PermissionDenied("You cannot flag your own comment.")
    if comment.status != Comment.Status.PUBLISHED:
        raise PermissionDenied(
            f"Comment #{comment.number} is no longer shown to readers: there is nothing to flag."
        )


def has_flagged(*, flagger: User, comment: Comment) -> bool:
    """Whether ``flagger`` has flagged ``comment`` before (resolved or not). One query."""
    return Flag.objects.filter(comment_id=comment.pk, flagger=flagger).exists()


def active_bans_for(
    member: User | None = None,
    guest_token_hash: str = "",
    ip: str | None = None,
    now: datetime | None = None,
    *,
    kind: str | None = None,
) -> list[Ban]:
    """The bans in force at ``now`` on ``member``, on the guest browser whose cookie
    hashes to ``guest_token_hash`` or on the address ``ip`` (any of them), only of
    ``kind`` if given: permanent ones first, then those that last longest. Lifted bans,
    and suspensions whose ``ends_at`` has passed, are left out. One query (on the
    member, guest and address indexes); none without a target."""
    member_id = member.pk if member is not None else None
    keys = set()
    if member_id is not None:
        keys.add(f"m:{member_id}")
    if guest_token_hash:
        keys.add(f"g:{guest_token_hash}")
    if ip:
        keys.add(f"i:{ip}")
    if not keys or keys.isdisjoint(banned_targets()):
        return []  # nobody here has a ban on record: no query (every post asks)
    targets = Q()
    if member_id is not None:
        targets |= Q(member_id=member_id)
    if guest_token_hash:
        targets |= Q(guest_token_hash=guest_token_hash)
    if ip:
        targets |= Q(ip=ip)
    rows = _in_force(Ban.objects.filter(targets), now or timezone.now())
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.order_by(F("ends_at").desc(nulls_first=True), "-pk"))


# Version key of ``banned_targets``, bumped whenever a ban is saved (signal_handlers).
BANS_KEY = "bans"


def banned_targets() -> frozenset[str]:
    """Everyone with a ban not lifted (``m:<member id>``, ``g:<guest hash>``,
    ``i:<address>``), from the shared cache: posting asks about bans on every comment,
    and almost nobody has one, so the question is answered without a query. Expiry is
    not looked at here; ``active_bans_for`` checks it for those listed."""

    def build() -> frozenset[str]:
        targets: set[str] = set()
        rows = Ban.objects.filter(lifted_at__isnull=True).values_list(
            "member_id", "guest_token_hash", "ip"
        )
        for member_id, guest_hash, ip in rows:
            if member_id:
                targets.add(f"m:{member_id}")
            if guest_hash:
                targets.add(f"g:{guest_hash}")
            if ip:
                targets.add(f"i:{ip}")
        return frozenset(targets)

    return pagecache.cached_value("banned-targets", (BANS_KEY,), build)


def active_bans(now: datetime | None = None) -> list[Ban]:
    """Every ban in force at ``now``, newest first, with its member and the moderator
    who made it joined (one query): the list of bans."""
    return list(
        _in_force(Ban.objects.all(), now or timezone.now())
        .select_related("member", "created_by")
        .order_by("-starts_at", "-pk")
    )


def _in_force(bans: QuerySet[Ban], now: datetime) -> QuerySet[Ban]:
    return bans.filter(lifted_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def member_by_username(username: str) -> User | None:
    """The member called ``username`` (any case), or ``None``. One query."""
    return User.objects.filter(username__iexact=username.strip()).first()


def access_comment_for_ban(*, viewer: User | AnonymousUser | None, comment_id: int) -> Comment:
    """The comment a ban starts from (its member, or its guest browser and address),
    with its story and author: ``PermissionDenied`` unless ``viewer`` moderates, 404 if
    there is no such comment. One query."""
    access_moderation(viewer)
    comment = Comment.objects.select_related("article", "author").filter(pk=comment_id).first()
    if comment is None:
        raise Http404("There is no such comment.")
    return comment


def access_ban_for_lifting(*, viewer: User | AnonymousUser | None, ban_id: int) -> Ban:
    """Ban ``ban_id`` for ``viewer`` to lift: ``PermissionDenied`` unless they
    moderate, 404 if there is no such ban. One query."""
    access_moderation(viewer)
    ban = Ban.objects.select_related("member").filter(pk=ban_id).first()
    if ban is None:
        raise Http404("There is no such ban.")
    return ban
