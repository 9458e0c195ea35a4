"""The few statistics the reports need, in closed form on the standard library (scipy is not
a dependency): Wilson score intervals and the pooled two-proportion z-test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

_NORMAL = NormalDist()


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion: honest at small n and near 0 or 1, where the
    textbook p ± z·se interval leaves [0, 1] or collapses to a point. No trials: (0, 1)."""
    if trials <= 0:
        return (0.0, 1.0)
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and trials")
    z = _NORMAL.inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    z2n = z * z / trials
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n)
    # At 0 or n successes the bound is exactly 0 or 1; the formula leaves rounding dust.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True)
class TwoProportionTest:
    difference: float  # second rate minus first
    z: float
    p_value: float
    # The normal approximation needs about 5 expected successes and failures in each arm;
    # below that the test says nothing either way.
    enough_data: bool
    significant: bool


def two_proportion_test(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int, alpha: float = 0.05
) -> TwoProportionTest:
    """Pooled two-sided z-test of H0: rate A == rate B."""
    if trials_a <= 0 or trials_b <= 0:
        return TwoProportionTest(0.0, 0.0, 1.0, False, False)
    rate_a, rate_b = successes_a / trials_a, successes_b / trials_b
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    variance = pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b)
    enough = all(n * rate >= 5 for n in (trials_a, trials_b) for rate in (pooled, 1 - pooled))
    if variance == 0:
        return TwoProportionTest(rate_b - rate_a, 0.0, 1.0, enough, False)
    z = (rate_b - rate_a) / math.sqrt(variance)
    p_value = 2 * (1 - _NORMAL.cdf(abs(z)))
    return TwoProportionTest(rate_b - rate_a, z, p_value, enough, enough and p_value < alpha)
