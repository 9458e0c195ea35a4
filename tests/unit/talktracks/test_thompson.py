"""Thompson-sampling shares on plain numbers: the better variant gets more, floors hold,
shares add up, the same history gives the same split."""

from __future__ import annotations

import pytest

from callprep.talktracks.allocation import Arm, thompson_shares


def test_the_better_variant_gets_most_leads_above_the_floors():
    shares = thompson_shares([Arm("A", 10, 40, 4), Arm("B", 10, 40, 14)], seed=7)
    assert shares["B"] > 0.8
    assert shares["A"] >= 0.10  # the floor
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-3)


def test_a_hopeless_variant_keeps_exactly_its_floor():
    shares = thompson_shares([Arm("A", 25, 200, 0), Arm("B", 15, 200, 80)], seed=1)
    assert shares["A"] == pytest.approx(0.25, abs=1e-3)
    assert shares["B"] == pytest.approx(0.75, abs=1e-3)


def test_without_data_the_split_is_even():
    shares = thompson_shares([Arm("A", 0, 0, 0), Arm("B", 0, 0, 0)], seed=3)
    assert shares["A"] == pytest.approx(0.5, abs=0.03)


def test_the_same_history_and_seed_give_the_same_shares():
    arms = [Arm("A", 10, 30, 5), Arm("B", 10, 30, 8), Arm("C", 0, 5, 1)]
    assert thompson_shares(arms, seed=42) == thompson_shares(list(reversed(arms)), seed=42)


def test_floors_that_take_everything_leave_nothing_to_sample():
    shares = thompson_shares([Arm("A", 50, 10, 0), Arm("B", 50, 10, 9)], seed=5)
    assert shares == {"A": 0.5, "B": 0.5}


def test_variants_with_the_same_evidence_get_the_same_share_whatever_the_seed():
    for seed in range(20):
        new = thompson_shares([Arm("A", 15, 0, 0), Arm("B", 15, 0, 0)], seed=seed)
        assert new == {"A": 0.5, "B": 0.5}
        tied = thompson_shares(
            [Arm("A", 10, 40, 9), Arm("B", 10, 40, 9), Arm("C", 10, 40, 2)], seed=seed
        )
        assert tied["A"] == tied["B"] > tied["C"]
