"""When a brief may say "this opener worked": the decision rule, on plain numbers.

Among the openers with at least ``MIN_CALLS`` logged calls (an opener is a track's variant),
take the one with the highest meeting rate. It is stated only when

1. at least two openers have ``MIN_CALLS`` calls each (there is something to compare with);
2. its 95% Wilson interval is at most ``± MAX_HALF_WIDTH`` wide (half the interval's width);
3. it is clearly ahead of the runner-up: the pooled two-proportion z-test of the two
   (``callprep.reports.stats``) has enough data and is significant at the 5% level.

Otherwise nothing is said: a wrong line costs more than a missing one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from callprep.reports.stats import two_proportion_test, wilson_interval

MIN_CALLS = 20
MAX_HALF_WIDTH = 0.20


@dataclass(frozen=True)
class OpenerTally:
    track_name: str
    variant: str
    angle: str | None
    calls: int
    meetings: int
    demo_calls: int = 0

    @property
    def rate(self) -> float:
        return self.meetings / self.calls if self.calls else 0.0


@dataclass(frozen=True)
class Verdict:
    best: OpenerTally
    runner_up: OpenerTally
    ci95: tuple[float, float]
    p_value: float

    @property
    def half_width(self) -> float:
        return (self.ci95[1] - self.ci95[0]) / 2


def decide(openers: Sequence[OpenerTally]) -> Verdict | None:
    """The opener that clearly led to meetings most often, or None (see the module)."""
    enough = [o for o in openers if o.calls >= MIN_CALLS]
    if len(enough) < 2:
        return None
    # Ties on the rate go to the opener with more calls, then by name: stable answers.
    ranked = sorted(enough, key=lambda o: (-o.rate, -o.calls, o.track_name, o.variant))
    best, runner_up = ranked[0], ranked[1]
    low, high = wilson_interval(best.meetings, best.calls)
    if (high - low) / 2 > MAX_HALF_WIDTH:
        return None
    test = two_proportion_test(runner_up.meetings, runner_up.calls, best.meetings, best.calls)
    if not test.significant or test.difference <= 0:
        return None
    return Verdict(best, runner_up, (low, high), test.p_value)
