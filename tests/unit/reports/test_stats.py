"""The report statistics against published values."""

import pytest

from callprep.reports.stats import two_proportion_test, wilson_interval


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombes_published_values(successes, trials, low, high):
    got_low, got_high = wilson_interval(successes, trials)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_wilson_interval_stays_inside_zero_and_one_and_is_total_ignorance_without_trials():
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_two_proportion_test_matches_the_hand_computed_z_and_p_value():
    # 30/100 vs 45/100: pooled p = 0.375, se = sqrt(0.375 * 0.625 * 0.02) = 0.068465
    result = two_proportion_test(30, 100, 45, 100)
    assert result.difference == pytest.approx(0.15)
    assert result.z == pytest.approx(2.19089, abs=1e-4)
    assert result.p_value == pytest.approx(0.02846, abs=1e-4)
    assert result.enough_data and result.significant


def test_two_proportion_test_does_not_call_a_small_or_equal_difference_significant():
    assert not two_proportion_test(30, 100, 33, 100).significant
    assert two_proportion_test(20, 50, 20, 50).p_value == pytest.approx(1.0)
    tiny = two_proportion_test(0, 3, 3, 3)  # p is small but 3 calls per arm prove nothing
    assert not tiny.enough_data and not tiny.significant
