"""Fact values a rep can say aloud (talk tracks print them), with the span as the evidence."""

import pytest

import nlp

SPOKEN = [
    # need: the thing needed, never starting with a determiner or possessive
    ("need", "We need a widget ROI solution for our three plants.", "widget ROI solution"),
    ("need", "Looking for an HR chatbot for answering benefits questions.", "HR chatbot"),
    ("need", "need a ticketing tool that integrates with Jira", "ticketing tool"),
    ("need", "We want to replace Netsuite.", "replacement for Netsuite"),
    (
        "need",
        "We need a better way to track serialized inventory.",
        "better way to track serialized inventory",
    ),
    # budget: normalised amount or state
    ("budget", "Budget is approved.", "approved"),
    ("budget", "We have $40k budgeted for this.", "$40k"),
    ("budget", "no budget yet, sorry", "none yet"),
    ("budget", "Our budget is not approved yet.", "not approved yet"),
    ("budget", "Budget approved, $120k for the first year.", "$120k approved"),
    ("budget", "we can spend roughly $5-7k per month", "$5-7k per month"),
    ("budget", "about 30k/yr to spend on tooling", "30k/yr"),
    # referrer: the person, else the organisation, else the relation
    ("referrer", "My colleague Sarah Lee referred me to you.", "Sarah Lee"),
    ("referrer", "Referred by our partner Accenture.", "Accenture"),
    ("referrer", "A colleague recommended you.", "colleague"),
    ("referrer", "heard about you from a friend at Brex.", "friend at Brex"),
    # the person at the place, even when the tagger reads the place as a person
    ("referrer", "my old manager at Contoso recommended you", "old manager at Contoso"),
    ("referrer", "a colleague from Fabrikam suggested I reach out", "colleague from Fabrikam"),
    ("referrer", "I was referred by Dr. Omar Haddad at St. Luke's.", "Omar Haddad"),
    # timeline: the time phrase, no form label, no possessive
    ("timeline", "Timeline: end of next quarter.", "end of next quarter"),
    ("timeline", "We want it live before our next board review.", "before next board review"),
    # urgency: short
    ("urgency", "Need this as soon as possible please.", "ASAP"),
    ("urgency", "It is urgently needed.", "urgent"),
    ("urgency", "Our Genesys contract expires in March.", "contract expires"),
    ("deadline", "Our Genesys contract expires in March.", "Genesys contract expires in March"),
    # request: one of the five labels
    ("request", "pls send pricing", "pricing"),
    ("request", "Could you walk us through the product?", "demo"),
]


@pytest.mark.parametrize(("kind", "text", "value"), SPOKEN)
def test_fact_value_is_what_a_rep_says_aloud(kind, text, value):
    facts = [f for f in nlp.extract_facts(text) if f.kind == kind]
    assert facts, f"no {kind} in {text!r}"
    assert facts[0].value == value
    assert value.split()[0].lower() not in ("a", "an", "the", "our", "my")


def test_request_values_are_one_of_five_labels():
    text = "Call me back. Send a quote and pricing, and set up a demo and a free trial."
    values = {f.value for f in nlp.extract_facts(text) if f.kind == "request"}
    assert values <= {"demo", "pricing", "call back", "trial", "quote"}
    assert values


def test_span_stays_the_evidence_when_the_value_is_shorter():
    text = "Budget is $1.2M over two years."
    (fact,) = [f for f in nlp.extract_facts(text) if f.kind == "budget"]
    assert fact.value == "$1.2M over two years"
    assert text[fact.start : fact.end].startswith("Budget")


def test_a_contract_date_is_a_deadline_not_a_timeline():
    text = "Our Zendesk contract ends in June."
    kinds = {f.kind: f.value for f in nlp.extract_facts(text)}
    assert kinds.get("deadline") == "Zendesk contract ends in June"
    assert kinds.get("urgency") == "contract ends"  # the date is said once, by the deadline
    assert "timeline" not in kinds


def test_same_kind_and_value_is_given_once():
    text = "Our ADP contract ends soon. Need a replacement for ADP payroll."
    competitors = [f.value for f in nlp.extract_facts(text) if f.kind == "competitor"]
    assert competitors.count("ADP") == 1


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Could we book a demo?", "book a demo"),
        ("Budget is $1.2M over two years.", "Budget is $1.2M over two years"),
        ("A colleague recommended you.", "colleague recommended you"),
    ],
)
def test_span_follows_the_annotation_convention(text, span):
    facts = nlp.extract_facts(text)
    assert span in [text[f.start : f.end] for f in facts]
