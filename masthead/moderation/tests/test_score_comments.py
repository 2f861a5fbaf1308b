"""``manage.py score_comments``: scores for comments posted before scoring (or
bulk-loaded), in batches, and optionally holds the worst for review."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db

FRIENDLY = ["Great quarter.", "Thanks for the numbers.", "Congratulations, Sony."]
INSULT = "What a pathetic loser. Go troll somewhere else."


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    """These tests post quickly on purpose."""
    settings.MASTHEAD_RATE_LIMITS_ENABLED = False


@pytest.fixture
def unscored(article: Article, member: User) -> list[Comment]:
    """Comments posted with scoring off (the test settings' default)."""
    return [post_comment(article=article, body=b, author=member) for b in [*FRIENDLY, INSULT]]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("score_comments", *args, stdout=out)
    return out.getvalue()


def test_scores_unscored_comments_in_batches(unscored: list[Comment]) -> None:
    """Every comment gets a score, batch after batch; nothing changes for readers."""
    output = _run("--batch-size", "3")
    scores = {
        body: -1.0 if score is None else score
        for body, score in Comment.objects.values_list("body", "abuse_score")
    }
    assert "Scored 4 comments" in output
    assert "1 at or above the hold threshold 0.8" in output
    assert all(0 <= scores[b] < 0.5 for b in FRIENDLY)
    assert scores[INSULT] >= 0.8
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PUBLISHED}


def test_second_run_scores_nothing(unscored: list[Comment]) -> None:
    """Only comments without a score are scored, unless asked to rescore."""
    _run()
    assert "Scored 0 comments" in _run()
    assert "Scored 4 comments" in _run("--rescore")


def test_hold_takes_the_worst_back_for_review(unscored: list[Comment], article: Article) -> None:
    """``--hold`` sends published comments at or above the threshold to the queue,
    with the reason ``abuse_score``; they stop counting and keep their number."""
    output = _run("--hold")
    insult = Comment.objects.get(body=INSULT)
    article.refresh_from_db()
    assert "1 taken back for review" in output
    assert (insult.status, insult.held_reasons) == (Comment.Status.PENDING, "abuse_score")
    assert (insult.number, article.comment_count) == (4, 3)
