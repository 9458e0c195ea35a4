"""The spoken lines of issue 11, class by class, on examples written fresh for each class:
which topics may be said, what an ask was for, titles said as titles, facts under a sign-off,
and the shipped tracks' openers for a note that is new or days old."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from callprep.briefs.build import build_brief
from callprep.briefs.facts import spoken_facts
from callprep.models import Interaction, LeadFact
from callprep.spoken_time import resolve_time_ref
from callprep.trackengine.context import InteractionView, TopicView
from callprep.trackengine.phrasing import asset_phrase, event_phrase, title_case
from callprep.trackengine.speech import request_object
from callprep.trackengine.topic_speech import speakable_topics
from tests.support.briefkit import NOW, ago, make_lead
from tests.support.briefkit import event as evt


def _views(*items):
    return [
        InteractionView(n, kind, NOW - timedelta(days=n), title, asset, comment=comment)
        for n, (kind, title, asset, comment) in enumerate(items, 1)
    ]


def _said(topics, views, named=()):
    return [t.name for t in speakable_topics([TopicView(n, s) for n, s in topics], views, named)]


# --- which topics may be said -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "audience", "subject"),
    [
        ("Route Planning for Regional Couriers", "regional courier", "route planning"),
        ("Allergen Control for Small Bakeries", "small bakery", "allergen control"),
        ("Yard Management for 3PL Warehouses", "3pl warehouse", "yard management"),
    ],
)
def test_who_a_title_is_for_is_not_said_when_its_subject_can_be(title, audience, subject):
    views = _views(("content_download", title, "guide", None))
    assert _said([(audience, 2.0), (subject, 1.0)], views) == [subject]


def test_an_audience_the_lead_writes_about_is_theirs_to_hear():
    views = _views(
        ("web_visit", "Route Planning for Regional Couriers", None, None),
        ("form_submission", "Contact Sales", None, "we are regional couriers in the north"),
    )
    assert _said([("regional courier", 2.0), ("route planning", 1.0)], views) == [
        "regional couriers",
        "route planning",
    ]


def test_a_title_that_is_only_for_someone_keeps_its_one_topic():
    # "Is Your Depot Ready for Electric Vans?": nothing before "for" is a topic, so the
    # words after it are the subject.
    views = _views(("content_download", "Is Your Depot Ready for Electric Vans?", "guide", None))
    assert _said([("electric van", 1.0)], views) == ["electric vans"]


@pytest.mark.parametrize(
    ("title", "not_subjects", "subject"),
    [
        ("Grid Forecasting with Dr. Amal Nasser of Voltwise", ["dr. amal nasser", "voltwise"],
         "grid forecasting"),
        ("Kiln Efficiency featuring Jo Park from Ceramitech", ["jo park", "ceramitech"],
         "kiln efficiency"),
    ],
)  # fmt: skip
def test_a_speaker_and_their_employer_are_not_subjects(title, not_subjects, subject):
    views = _views(("webinar_attended", title, "webinar", None))
    topics = [(name, 3.0) for name in not_subjects] + [(subject, 1.0)]
    assert _said(topics, views) == [subject]


def test_with_before_a_subject_is_not_a_speaker():
    views = _views(("content_download", "Fraud Triage with Graph Rules", "guide", None))
    assert _said([("graph rules", 1.0)], views) == ["graph rules"]


@pytest.mark.parametrize(
    ("title", "customer_word"),
    [
        ("Harbor Freightways Cuts Detention Fees 40%", "freightways"),
        ("Case Study: Quillon Foods Reduces Waste with Shelf Sensors", "foods"),
    ],
)
def test_no_word_of_a_case_study_customers_name_is_a_subject(title, customer_word):
    views = _views(("content_download", title, "case_study", None))
    assert customer_word not in [n.lower() for n in _said([(customer_word, 2.0)], views)]


def test_greetings_possessive_fragments_and_named_vendors_are_not_subjects():
    views = _views(
        (
            "form_submission",
            "Contact Sales",
            None,
            "Dear Team, we run on Odoo and need stock counts",
        ),  # fmt: skip
        ("content_download", "The Buyer's Guide to Stock Counts", "ebook", None),
    )
    topics = [("dear team", 3.0), ("the buyer's", 2.5), ("odoo", 2.0), ("stock count", 1.0)]
    assert _said(topics, views, named=["Odoo"]) == ["stock counts"]


# --- titles and names said as names ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("ports and terminals forum rotterdam 2026", "Ports and Terminals Forum Rotterdam 2026"),
        ("the grain show, winnipeg", "the Grain Show in Winnipeg"),
        ("Food Safety Live 2026", "Food Safety Live 2026"),
    ],
)
def test_an_event_exported_in_lowercase_is_said_as_a_name(title, said):
    assert event_phrase(title) == said


def test_title_case_keeps_small_words_small_after_the_first():
    assert title_case("the state of the dairy sector") == "The State of the Dairy Sector"


@pytest.mark.parametrize(
    ("title", "kind", "said"),
    [
        ("The Site Lead's Guide to Permits", "webinar",
         "our webinar “The Site Lead's Guide to Permits”"),
        ("The 2027 Cold Chain Report", "webinar", "our webinar “The 2027 Cold Chain Report”"),
        ("Managing Growers' Payments Handbook", "ebook", "“Managing Growers' Payments Handbook”"),
        ("The 2027 Cold Chain Report", "report", "our 2027 Cold Chain Report"),
    ],
)  # fmt: skip
def test_a_title_naming_another_kind_or_with_a_possessive_is_quoted(title, kind, said):
    assert asset_phrase(title, kind) == said


# --- what an ask was for -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("pricing for 80 trailers across our 4 depots", "for 80 trailers across your 4 depots"),
        ("a quote on 12 gateways", "on 12 gateways"),
        ("demo of the rostering module", "of the rostering module"),
        ("pricing", ""),
        ("call back", ""),
    ],
)
def test_what_an_ask_was_for_follows_it_facing_the_lead(asked, said):
    assert request_object(asked) == said


def _row(kind, value, start, interaction_id=7):
    return SimpleNamespace(kind=kind, value=value, interaction_id=interaction_id, start=start,
                           end=start + len(value), time_ref=None)  # fmt: skip


def test_an_ask_takes_its_object_from_the_same_comment_and_the_need_is_not_said_twice():
    comment = "need a quote for 30 tablets for our drivers"
    rows = [_row("request", "quote", 7), _row("need", "quote for 30 tablets for our drivers", 5)]
    said = spoken_facts(rows, NOW, comments={7: comment})
    assert [(v.kind, v.value) for v in said.views] == [
        ("request", "quote for 30 tablets for our drivers")
    ]


def test_an_ask_from_another_comment_keeps_its_own_words():
    rows = [_row("request", "quote", 0, interaction_id=1), _row("need", "quote for 30 tablets", 0)]
    said = spoken_facts(rows, NOW, comments={1: "quote please", 7: "quote for 30 tablets"})
    assert ("request", "quote") in [(v.kind, v.value) for v in said.views]


def test_a_fact_under_the_sign_off_is_not_the_leads():
    comment = "please send pricing for 25 users\n--\nLena Holm | Finance\nSent with Outlook"
    rows = [_row("request", "pricing", 12), _row("stack", "Outlook", comment.index("Outlook"))]
    said = spoken_facts(rows, NOW, comments={7: comment})
    assert [v.kind for v in said.views] == ["request"]
    assert [f["kind"] for f in said.listed] == ["request"]


# --- the shipped openers -------------------------------------------------------------------


@pytest.fixture
def _shipped(default_tracks):
    """The tracks as `callprep db upgrade` stores them."""


def _hand_raiser(session, comment, facts, when):
    lead = make_lead(session, events=[evt("form_submission", when, "Contact Sales")],
                     first_name="Noor", company="Dune Solar")  # fmt: skip
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    session.execute(update(Interaction).where(Interaction.id == form.id).values(comment=comment))
    for kind, value in facts:
        start = max(0, comment.find(value))
        ref = resolve_time_ref(value, when)
        session.add(LeadFact(lead_id=lead.id, interaction_id=form.id, kind=kind, value=value,
                             start=start, end=start + len(value), occurred_at=when,
                             time_ref=ref.as_dict() if ref else None))  # fmt: skip
    session.commit()
    return build_brief(session, lead, NOW, record=False)


@pytest.mark.usefixtures("_shipped")
@pytest.mark.parametrize(("when", "right_away"), [(ago(minutes=40), True), (ago(days=4), False)])
def test_right_away_is_said_only_while_the_note_is_new(session, when, right_away):
    comment = "we need panel cleaning scheduling for 9 sites"
    brief = _hand_raiser(session, comment, [("need", "panel cleaning scheduling")], when)
    assert "panel cleaning scheduling" in brief.opening_line
    assert ("right away" in brief.opening_line) is right_away
    assert ("follow up" in brief.opening_line) is not right_away


@pytest.mark.usefixtures("_shipped")
def test_the_need_the_ask_and_the_deadline_are_all_in_the_opener(session):
    comment = "tender closes on 30 January. we need soiling analytics, can we get a demo"
    facts = [("deadline", "tender closes on 30 January"), ("need", "soiling analytics"),
             ("request", "demo")]  # fmt: skip
    brief = _hand_raiser(session, comment, facts, ago(minutes=20))
    opener = brief.opening_line
    assert "you need soiling analytics and asked for a demo" in opener
    assert "the tender closes on January 30" in opener
    spoken = "\n".join(line["text"] for line in brief.talk_track["lines"])
    assert "Is there a date you're working towards?" not in spoken


@pytest.mark.usefixtures("_shipped")
def test_a_vendor_is_said_as_mentioned_not_as_a_rival_being_looked_at(session):
    comment = "we use Enphase monitoring today and need fleet-wide alerts"
    facts = [("competitor", "Enphase"), ("need", "fleet-wide alerts")]
    brief = _hand_raiser(session, comment, facts, ago(minutes=20))
    spoken = "\n".join(line["text"] for line in brief.talk_track["lines"])
    assert "You mentioned Enphase" in spoken
    assert "also looking at" not in spoken
