"""A need read off the comment's subject when a wish governs it, and misspellings put right."""

import pytest

import nlp
from callprep.trackengine.phrasing import need_phrase
from nlp.spelling import corrected


def needs(text):
    return [f.value for f in nlp.extract_facts(text) if f.kind == "need"]


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("scope: cold room monitoring for 6 depots", "cold room monitoring"),
        ("we r seeking dock scheduling for our 2 DCs", "dock scheduling"),
        ("looking into fleet fuel reporting, 40 trucks", "fleet fuel reporting"),
        ("our requirement is yard scheduling, 3 plants", "yard scheduling"),
    ],
)
def test_a_subject_wished_for_is_the_need(text, need):
    assert any(need in value for value in needs(text)), needs(text)


@pytest.mark.parametrize(
    "text",
    [
        "we don't need shift planning, we have it",
        "i need to know how the scanner pairs",  # a question, not a thing needed
    ],
)
def test_what_is_not_wished_for_is_no_need(text):
    assert not [v for v in needs(text) if "planning" in v or "robotic" in v or "scanner" in v]


@pytest.mark.parametrize(
    ("written", "said"),
    [("predictve maintanance", "predictive maintenance"), ("reportng", "reporting"),
     ("reefer telematics", "reefer telematics"), ("gorgias", "gorgias"),
     ("dunning", "dunning"),
     # terms of a trade, built of words or differing by an ending, are not slips
     ("precoded", "precoded"), ("infeed", "infeed"), ("onsets", "onsets"), ("animat", "animat")],
)  # fmt: skip
def test_only_misspelt_ordinary_words_are_corrected(written, said):
    assert corrected(written) == said


@pytest.mark.parametrize(
    ("need", "said"),
    [("yard management", "yard management"), ("lot-level traceability", "lot-level traceability"),
     ("a compliance dashboard", "a compliance dashboard"),
     ("widget ROI solution", "a widget ROI solution")],
)  # fmt: skip
def test_uncounted_needs_take_no_article(need, said):
    assert need_phrase(need) == said
