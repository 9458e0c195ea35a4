"""The "what worked" decision rule at its boundaries: minimum calls per opener, the interval's
width, and the best opener clearly ahead of the next."""

from __future__ import annotations

from callprep.whatworked.rule import MAX_HALF_WIDTH, MIN_CALLS, OpenerTally, decide


def opener(variant: str, meetings: int, calls: int, angle: str | None = None) -> OpenerTally:
    return OpenerTally("track", variant, angle, calls, meetings)


def test_a_clear_winner_with_enough_calls_is_named_with_its_interval():
    verdict = decide([opener("A", 4, 40), opener("B", 14, 40, "ROI angle")])
    assert verdict is not None
    assert verdict.best.variant == "B" and verdict.runner_up.variant == "A"
    low, high = verdict.ci95
    assert low < 14 / 40 < high
    assert verdict.half_width <= MAX_HALF_WIDTH
    assert verdict.p_value < 0.05


def test_the_minimum_calls_per_opener_is_a_hard_boundary():
    # The same rates; the runner-up one call short of the minimum: nothing to compare with.
    assert MIN_CALLS == 20
    assert decide([opener("A", 0, MIN_CALLS - 1), opener("B", 12, 25)]) is None
    assert decide([opener("A", 0, MIN_CALLS), opener("B", 12, 25)]) is not None


def test_one_opener_alone_is_never_said_to_have_worked():
    assert decide([opener("B", 30, 60)]) is None
    assert decide([]) is None


def test_an_interval_wider_than_allowed_says_nothing():
    # 10 of 20 (50%): the Wilson half-width is 0.2007, just over 0.20, though the z-test
    # against 12 of 60 alone would call it significant.
    assert decide([opener("A", 12, 60), opener("B", 10, 20)]) is None
    # 11 of 24 (46%): half-width 0.185, and clearly ahead of 12 of 60.
    verdict = decide([opener("A", 12, 60), opener("B", 11, 24)])
    assert verdict is not None and verdict.half_width <= MAX_HALF_WIDTH


def test_the_best_must_be_clearly_ahead_of_the_next():
    # 10% vs 25% of 40 calls: ahead on the rate, not significantly (p ~ 0.07).
    assert decide([opener("A", 4, 40), opener("B", 10, 40)]) is None
    # 10% vs 30%: significant at 5% (p ~ 0.025).
    assert decide([opener("A", 4, 40), opener("B", 12, 40)]) is not None


def test_a_third_opener_close_behind_the_best_silences_the_line():
    # B is far ahead of A, but C is as good as B: which opener worked best is not known.
    assert decide([opener("A", 2, 40), opener("B", 14, 40), opener("C", 13, 40)]) is None


def test_openers_below_the_minimum_do_not_count_as_runner_up():
    verdict = decide([opener("A", 4, 40), opener("B", 14, 40), opener("C", 10, 12)])
    assert verdict is not None and verdict.runner_up.variant == "A"
