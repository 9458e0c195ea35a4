"""Checks that the held-out B2B labelled set is well formed, so a scoring run never
silently skips or misreads a record. The labels themselves are a human's judgement."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

DATA_PATH = Path(__file__).resolve().parents[2] / "data" / "b2b_test.jsonl"

FACT_KINDS = {"referrer", "timeline", "budget", "need", "urgency", "competitor", "request"}
REQUEST_VALUES = {"demo", "pricing", "call back", "trial", "quote"}
TEXT_KINDS = {"title", "comment"}
RECORD_KEYS = {"id", "kind", "text", "topics", "facts"}
FACT_KEYS = {"kind", "value", "span"}
MIN_RECORDS = 90
MIN_POSITIVES_PER_KIND = 12
# Words the product drops from topics; a gold topic made of or starting with them is a typo.
GENERIC_WORDS = {
    "tips",
    "tip",
    "guide",
    "white paper",
    "ebook",
    "webinar",
    "checklist",
    "report",
    "overview",
    "infographic",
    "case study",
}
DETERMINERS = {"a", "an", "the", "your", "our", "my", "their", "this", "these", "those"}


def load_lines() -> list[str]:
    return DATA_PATH.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in load_lines()]


def test_every_line_is_a_json_object():
    for number, line in enumerate(load_lines(), start=1):
        assert line.strip(), f"line {number} is blank"
        assert isinstance(json.loads(line), dict), f"line {number} is not an object"


def test_set_has_enough_records(records):
    assert len(records) >= MIN_RECORDS


def test_ids_are_unique(records):
    duplicates = [i for i, n in Counter(r["id"] for r in records).items() if n > 1]
    assert duplicates == []


def test_records_have_exactly_the_documented_fields(records):
    for record in records:
        assert set(record) == RECORD_KEYS, record["id"]
        assert record["kind"] in TEXT_KINDS, record["id"]
        assert isinstance(record["text"], str) and record["text"].strip(), record["id"]
        assert isinstance(record["topics"], list), record["id"]
        assert isinstance(record["facts"], list), record["id"]


def test_facts_use_allowed_kinds_and_non_empty_values(records):
    for record in records:
        for fact in record["facts"]:
            assert set(fact) == FACT_KEYS, record["id"]
            assert fact["kind"] in FACT_KINDS, (record["id"], fact["kind"])
            assert isinstance(fact["value"], str) and fact["value"].strip(), record["id"]


def test_request_values_come_from_the_closed_list(records):
    for record in records:
        for fact in record["facts"]:
            if fact["kind"] == "request":
                assert fact["value"] in REQUEST_VALUES, (record["id"], fact["value"])


def test_every_span_is_an_exact_substring_of_its_text(records):
    for record in records:
        for fact in record["facts"]:
            span = fact["span"]
            assert span and span == span.strip(), (record["id"], span)
            assert span in record["text"], (record["id"], span)


def test_no_fact_is_labelled_twice(records):
    for record in records:
        keys = [(f["kind"], f["value"]) for f in record["facts"]]
        assert len(keys) == len(set(keys)), record["id"]


def test_titles_carry_topics_and_no_facts(records):
    for record in records:
        if record["kind"] == "title":
            assert record["facts"] == [], record["id"]
            assert 1 <= len(record["topics"]) <= 5, record["id"]


def test_topics_are_normalised_phrases(records):
    for record in records:
        assert len(record["topics"]) <= 5, record["id"]
        assert len(set(record["topics"])) == len(record["topics"]), record["id"]
        for topic in record["topics"]:
            assert topic == topic.strip() and topic, (record["id"], topic)
            assert not re.fullmatch(r"[\d\s.,%]+", topic), (record["id"], topic)
            assert topic.lower() not in GENERIC_WORDS, (record["id"], topic)
            assert topic.split()[0].lower() not in DETERMINERS, (record["id"], topic)


def test_topic_words_are_grounded_in_their_text(records):
    # A four-letter stem is enough to accept inflections ("costs" -> "cost",
    # "Automating" -> "automation") while catching topics the text never mentions.
    for record in records:
        text = record["text"].lower()
        for topic in record["topics"]:
            for word in re.split(r"[\s-]+", topic.lower()):
                assert word[:4] in text, (record["id"], topic, word)


@pytest.mark.parametrize("kind", sorted(FACT_KINDS))
def test_each_fact_kind_has_enough_positive_examples(records, kind):
    positives = sum(1 for r in records for f in r["facts"] if f["kind"] == kind)
    assert positives >= MIN_POSITIVES_PER_KIND


def test_set_mixes_titles_comments_and_fact_free_comments(records):
    kinds = Counter(r["kind"] for r in records)
    fact_free_comments = [r for r in records if r["kind"] == "comment" and not r["facts"]]
    assert kinds["title"] >= 30
    assert kinds["comment"] >= 55
    # Near-misses and empty comments are what keep precision honest.
    assert len(fact_free_comments) >= 10
