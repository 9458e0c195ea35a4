"""Requests as prospects write them, measured on labelled messages (tests/data/request_dev.jsonl,
and the judged set written outside the team when it is in tests/data/judged/)."""

from pathlib import Path

import pytest

import nlp
from nlp.judged import read_jsonl, request_scores
from nlp.requests import read_word

DATA = Path(__file__).resolve().parents[2] / "data"


def test_dev_set_is_large_and_balanced():
    rows = read_jsonl(DATA / "request_dev.jsonl")
    positives = [r for r in rows if r["request"]]
    assert len(rows) >= 150
    assert len(positives) >= 60 and len(rows) - len(positives) >= 60


def test_request_targets_on_dev_set():
    scores = request_scores(read_jsonl(DATA / "request_dev.jsonl"))
    assert scores.recall >= 0.9, scores.misses
    assert scores.false_positive_rate <= 0.05, scores.wrong


def test_request_targets_on_judged_set():
    scores = request_scores(read_jsonl(DATA / "judged" / "request_phrasings.jsonl"))
    assert scores.recall >= 0.9, scores.misses
    assert scores.false_positive_rate <= 0.05, scores.wrong


def test_request_targets_on_fresh_set():
    """Messages written fresh after the rules, in prospects' styles (tests/data/request_fresh)."""
    rows = read_jsonl(DATA / "request_fresh.jsonl")
    assert len(rows) >= 180
    scores = request_scores(rows)
    assert scores.recall >= 0.9, scores.misses
    assert scores.false_positive_rate <= 0.05, scores.wrong


@pytest.mark.parametrize(
    ("typed", "read"),
    [("shedule", "schedule"), ("demmo", "demo"), ("tlak", "talk"), ("purchse", "purchase"),
     ("qoute", "quote"), ("thru", "through"), ("prize", "prize"), ("price", "price"),
     ("predictve", "predictve")],
)  # fmt: skip
def test_misspelt_cue_words_are_read_as_the_cue_and_real_words_stay(typed, read):
    assert read_word(typed) == read


def values(text):
    return {f.value for f in nlp.extract_facts(text) if f.kind == "request"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("i want to buy the enterprise edition", "purchase"),
        ("can I have a call?", "call back"),
        ("i want to contact sales", "call back"),
        ("how much for 50 users", "pricing"),
        ("book a sales call", "call back"),
        ("cuold we extend our trial by a week", "trial"),
    ],
)
def test_request_value(text, value):
    assert value in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "we bought a CRM last year",
        "no need to call",
        "pricing page was confusing",
        "if we ever need a quote we will let you know",
        "we are an agency, book a call with us to grow your pipeline",
        "thanks for the demo yesterday",
    ],
)
def test_no_request(text):
    assert values(text) == set()


def test_request_evidence_is_in_the_text():
    text = "hi, pls send pricing for 40 seats"
    facts = [f for f in nlp.extract_facts(text) if f.kind == "request"]
    assert [text[f.start : f.end] for f in facts] == ["send pricing"]
