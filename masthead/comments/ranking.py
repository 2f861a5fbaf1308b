"""Pure ranking of comments by their votes. No database, no Django.

"Best" orders by the lower bound of the Wilson score interval: the share of up votes we
can be 95% sure of, given how few votes there may be. One up vote (0.21) ranks below
nine of ten (0.60), which ranks below 95 of 100 (0.89); a plain score or ratio would
put a lucky single vote first.
"""

from __future__ import annotations

import math

Z_95 = 1.96  # the normal quantile for a two-sided 95% interval


def wilson_lower_bound(up: int, down: int, z: float = Z_95) -> float:
    """The Wilson score interval's lower bound for ``up`` of ``up + down`` votes, in
    [0, 1]; 0.0 when there are no votes. Raises ``ValueError`` for negative counts."""
    if up < 0 or down < 0:
        raise ValueError(f"vote counts cannot be negative: up={up}, down={down}")
    n = up + down
    if n == 0:
        return 0.0
    p = up / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)
    # All down votes gives 0 up to rounding; never let it dip below zero.
    return max(0.0, (centre - margin) / (1 + z2 / n))
