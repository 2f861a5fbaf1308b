"""Best-first ranking: the Wilson lower bound of a comment's up and down votes."""

from __future__ import annotations

import pytest

from masthead.comments.ranking import wilson_lower_bound


@pytest.mark.parametrize(
    ("up", "down", "expected"),
    [
        (0, 0, 0.0),  # no votes: no evidence either way
        (0, 1, 0.0),
        (0, 50, 0.0),
        (1, 0, 0.2065),
        (1, 1, 0.0945),
        (5, 0, 0.5655),
        (9, 1, 0.5958),
        (10, 0, 0.7225),
        (10, 10, 0.2993),
        (60, 40, 0.5020),
        (600, 400, 0.5693),
        (95, 5, 0.8882),
        (100, 0, 0.9630),
    ],
)
def test_wilson_lower_bound_table(up: int, down: int, expected: float) -> None:
    """Known values of the 95% lower bound (z = 1.96), to four places."""
    assert wilson_lower_bound(up, down) == pytest.approx(expected, abs=5e-5)


def test_more_evidence_of_the_same_ratio_ranks_higher() -> None:
    """60% of 1,000 votes beats 60% of 100, which beats 60% of 10."""
    assert wilson_lower_bound(600, 400) > wilson_lower_bound(60, 40) > wilson_lower_bound(6, 4)


def test_a_single_lucky_vote_does_not_rank_first() -> None:
    """One up vote and nothing else ranks below nine up votes and one down."""
    assert wilson_lower_bound(1, 0) < wilson_lower_bound(9, 1)


def test_bound_stays_within_zero_and_one() -> None:
    """Whatever the counts, the bound is a share: 0 <= bound < 1."""
    for up in range(30):
        for down in range(30):
            assert 0.0 <= wilson_lower_bound(up, down) < 1.0


def test_a_wider_interval_gives_a_lower_bound() -> None:
    """A larger z (more confidence) asks for more evidence."""
    assert wilson_lower_bound(9, 1, z=2.58) < wilson_lower_bound(9, 1, z=1.96)


def test_negative_counts_are_refused() -> None:
    """Counts come from the database and are never negative; a bug should be loud."""
    with pytest.raises(ValueError, match="cannot be negative"):
        wilson_lower_bound(-1, 0)
