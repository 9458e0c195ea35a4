"""Evaluation metrics on tiny hand-made cases, and the report's handling of missing files."""

import json

import pytest

from nlp.evaluate import (
    GoldFact,
    evaluation_report,
    f1,
    f_at_k,
    load_b2b,
    macro_f_at_k,
    match_facts,
    stem_phrase,
    top_k_stemmed,
)
from nlp.model import Fact


def test_stemming_lowercases_tokenises_and_stems_every_token():
    assert stem_phrase("Wavelength Services") == "wavelength servic"
    assert stem_phrase("closed-loop systems!") == "closed-loop system"
    assert stem_phrase("H/sub 2/") == "h sub 2"


def test_duplicates_after_stemming_are_removed_before_the_cut():
    preds = ["neural network", "Neural Networks", "fuzzy logic", "graph"]
    assert top_k_stemmed(preds, 2) == ["neural network", "fuzzi logic"]


def test_f_at_k_counts_gold_phrases_absent_from_predictions():
    # 1 of 2 predictions right, 1 of 4 gold found: P=0.5, R=0.25
    score = f_at_k(["neural networks", "graph"], ["neural network", "a", "b", "c"], 5)
    assert score == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_f_at_k_is_zero_without_gold_or_predictions():
    assert f_at_k([], ["x"], 5) == 0.0
    assert f_at_k(["x"], [], 5) == 0.0
    assert f1(0, 3, 3) == 0.0


def test_macro_average_is_in_percent():
    runs = [(["a"], ["a"]), (["b"], ["c"])]
    assert macro_f_at_k(runs, 5) == pytest.approx(50.0)


def test_fact_matches_need_kind_and_overlap_and_use_gold_once():
    gold = [GoldFact("budget", 10, 20)]
    assert match_facts([Fact("budget", "x", 15, 25)], gold) == 1
    assert match_facts([Fact("need", "x", 15, 25)], gold) == 0
    assert match_facts([Fact("budget", "x", 20, 25)], gold) == 0  # touching is not overlap
    two = [Fact("budget", "x", 10, 12), Fact("budget", "y", 12, 14)]
    assert match_facts(two, gold) == 1


def test_b2b_loader_uses_first_occurrence_and_rejects_missing_span(tmp_path):
    path = tmp_path / "set.jsonl"
    row = {
        "id": "1",
        "kind": "comment",
        "text": "ASAP, really ASAP",
        "topics": [],
        "facts": [{"kind": "urgency", "value": "ASAP", "span": "ASAP"}],
    }
    path.write_text(json.dumps(row) + "\n")
    [example] = load_b2b(path)
    assert (example.facts[0].start, example.facts[0].end) == (0, 4)
    row["facts"][0]["span"] = "tomorrow"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match="set.jsonl:1"):
        load_b2b(path)


def test_report_says_when_inspec_and_held_out_set_are_missing(tmp_path):
    dev = tmp_path / "dev.jsonl"
    dev.write_text(
        json.dumps(
            {
                "id": "1",
                "kind": "title",
                "text": "Widget ROI",
                "topics": ["widget ROI"],
                "facts": [],
            }
        )
        + "\n"
    )
    lines = evaluation_report(
        inspec=str(tmp_path / "absent.jsonl"),
        b2b=[str(dev), str(tmp_path / "b2b_test.jsonl")],
        topics_fn=lambda texts, kind: [["widget ROI"] for _ in texts],
        facts_fn=lambda texts: [[] for _ in texts],
    )
    text = "\n".join(lines)
    assert "Inspec: test file not found" in text
    assert "topic F@5 1.000" in text
    assert "b2b_test.jsonl: not found" in text
