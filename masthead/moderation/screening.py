"""The pre-moderation screen that ``comments.hooks`` runs on every post and every edit,
and the scoring of comments posted before scoring existed.

``screen_submission`` reads the settings into ``policies.Policy``, gathers the facts
(the text's links, banned words and abuse score; who wrote it; the section's preset)
and lets the pure ``policies`` decide. Facts that cost a query are fetched only when
they could change the decision: an established member's friendly comment costs none.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Q

from masthead.articles.models import Article, Section
from masthead.comments.actions import hold_comment
from masthead.comments.hooks import Screening, Submission
from masthead.comments.models import Comment
from masthead.core.db import write_transaction

from . import policies, scoring


def standard_policy() -> policies.Policy:
    """The site's pre-moderation settings, read now (tests and deployments change them)."""
    return policies.Policy(
        premoderate_guests=settings.MASTHEAD_PREMODERATE_GUESTS,
        premoderate_first=settings.MASTHEAD_PREMODERATE_FIRST,
        max_links=settings.MASTHEAD_MAX_LINKS,
        abuse_hold_threshold=settings.MASTHEAD_ABUSE_HOLD_THRESHOLD,
    )


def strict_policy(policy: policies.Policy) -> policies.Policy:
    """``policy`` under a section's "strict" preset."""
    return policy.tightened(
        first=settings.MASTHEAD_STRICT_PREMODERATE_FIRST,
        abuse_hold_threshold=settings.MASTHEAD_STRICT_ABUSE_HOLD_THRESHOLD,
    )


def screen_submission(submission: Submission) -> Screening:
    """Hold a post or an edit for review when a pre-moderation policy applies, with the
    policies' reason codes; always return the abuse score (``None`` with scoring off).

    Queries: none when the article's section is loaded and the author's shown post
    count already clears the strict preset; otherwise at most one for the section's
    preset and one, bounded, count of the member's good comments.
    """
    policy = standard_policy()
    strict = strict_policy(policy)
    author = submission.author
    text = scoring.plain_text(submission.body_html)
    facts = policies.Facts(
        is_guest=author is None,
        is_moderator=author is not None and (author.is_moderator or author.is_staff),
        always_premoderate=author is not None and author.always_premoderate,
        # A member's post count is their published comments: a lower bound of the good
        # ones that settles most members without a query.
        good_comments=author.post_count if author is not None else 0,
        links=policies.count_links(submission.body, submission.body_html),
        # Both the source and what it renders to: "&#115;" in Markdown shows as "s".
        banned_words=policies.find_banned_words(
            f"{submission.body}\n{text}", tuple(settings.MASTHEAD_BANNED_WORDS)
        ),
        abuse_score=scoring.abuse_score(text) if settings.MASTHEAD_ABUSE_SCORING else None,
    )
    if (
        author is not None
        and not facts.is_moderator
        and facts.good_comments < strict.premoderate_first
    ):
        facts = replace(
            facts, good_comments=count_good_comments(author.pk, limit=strict.premoderate_first)
        )
    is_strict = False
    if policies.decide(policy, facts) != policies.decide(strict, facts):
        is_strict = section_is_strict(submission.article)
    decision = policies.decide_in_section(policy, strict, facts, is_strict=is_strict)
    details: dict[str, str] = {}
    if facts.banned_words:
        details["banned_words"] = ", ".join(facts.banned_words)
    if policies.LINKS in decision.reasons:
        details["links"] = str(facts.links)
    return Screening(
        hold=decision.hold,
        reasons=decision.reasons,
        abuse_score=facts.abuse_score,
        details=details,
    )


def count_good_comments(member_id: int, *, limit: int) -> int:
    """How many of the member's comments are published or were approved by a moderator
    (one that was approved and later deleted by its author still shows they were
    trusted), counting no further than ``limit``. One query."""
    good = Comment.objects.filter(author_id=member_id).filter(
        Q(status=Comment.Status.PUBLISHED) | Q(review=Comment.Review.APPROVED)
    )
    return good.values("pk")[:limit].count()


def section_is_strict(article: Article) -> bool:
    """Whether the article's section has the "strict" preset; no query when the caller
    loaded the section with the article."""
    if Article.section.is_cached(article):
        return article.section.moderation == Section.Moderation.STRICT
    return Section.objects.filter(
        pk=article.section_id, moderation=Section.Moderation.STRICT
    ).exists()


@dataclass(frozen=True)
class ScoringRun:
    scored: int
    at_or_above_threshold: int
    held: int
    seconds: float


def score_comments(
    *,
    rescore: bool = False,
    hold: bool = False,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ScoringRun:
    """Store an abuse score on every comment that has none (``rescore``: on every
    comment, after a model upgrade), ``batch_size`` comments to a call of the model and
    a transaction, in id order. Only ``abuse_score`` changes (not ``updated_at``: this
    is no edit). With ``hold``, published comments scoring at or above
    ``MASTHEAD_ABUSE_HOLD_THRESHOLD`` are taken back for review
    (``comments.actions.hold_comment``, reason ``abuse_score``); otherwise nothing
    changes for readers. ``progress`` is told the running count after each batch."""
    started = time.perf_counter()
    threshold = settings.MASTHEAD_ABUSE_HOLD_THRESHOLD
    todo = Comment.objects.all() if rescore else Comment.objects.filter(abuse_score__isnull=True)
    scored = above = held = 0
    last_pk = 0
    while True:
        batch = list(
            todo.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "body_html", "status", "article_id", "author_id")[:batch_size]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        scores = scoring.abuse_scores([scoring.plain_text(c.body_html) for c in batch])
        for comment, score in zip(batch, scores, strict=True):
            comment.abuse_score = score
        with write_transaction():
            Comment.objects.bulk_update(batch, ["abuse_score"])
        scored += len(batch)
        for comment in batch:
            if threshold is None or comment.abuse_score is None:
                continue
            if comment.abuse_score >= threshold:
                above += 1
                if hold and comment.status == Comment.Status.PUBLISHED:
                    hold_comment(comment=comment, reasons=[policies.ABUSE_SCORE])
                    held += 1
        if progress is not None:
            progress(scored)
    return ScoringRun(
        scored=scored,
        at_or_above_threshold=above,
        held=held,
        seconds=time.perf_counter() - started,
    )
