"""What a brief says aloud: dates as of now, contact preferences, titles, topics, openers,
facts once, and the queue's order and states (issue 11). Facts are inserted directly, the
way the nlp layer states them (CONTRACT.md), so these prove the speaking side alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from callprep.briefs.build import build_brief, build_queue
from callprep.briefs.outcomes import record_outcome
from callprep.models import Interaction, Lead, LeadFact, LeadTopic
from callprep.spoken_time import elapsed, resolve_time_ref, speak_time_ref
from tests.support.briefkit import NOW, add_topic, ago, make_lead
from tests.support.briefkit import event as evt


@pytest.fixture(autouse=True)
def _shipped_tracks(default_tracks):
    """These prove what the shipped tracks say: stored as `callprep db upgrade` leaves them."""


def _spoken(brief) -> str:
    return "\n".join([brief.opening_line, *(line["text"] for line in brief.talk_track["lines"])])


def lead_with_form(session, comment, facts, when=None, title="Contact Sales", **fields):
    """A hand-raiser whose form comment states ``facts`` [(kind, value)], as ingest stores
    them (the time words resolved against the form's own time)."""
    when = when or ago(minutes=30)
    lead = make_lead(session, events=[evt("form_submission", when, title)], **fields)
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    session.execute(update(Interaction).where(Interaction.id == form.id).values(comment=comment))
    for kind, value in facts:
        start = max(0, comment.find(value))
        ref = resolve_time_ref(value, when)
        session.add(
            LeadFact(lead_id=lead.id, interaction_id=form.id, kind=kind, value=value,
                     start=start, end=start + len(value), occurred_at=when,
                     time_ref=ref.as_dict() if ref else None)
        )  # fmt: skip
    session.commit()
    return lead


# --- time ---------------------------------------------------------------------------------

WRITTEN = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("value", "days_later", "said"),
    [
        ("needs to be live in three weeks", 2, "needs to be live by the 25th"),
        ("needs to be live in four weeks", 2, "needs to be live by April 1"),
        ("shortlist due Friday", 0, "shortlist due on Friday"),
        ("shortlist due Friday", 1, "shortlist due tomorrow"),
        ("shortlist due Friday", 3, None),  # that Friday has passed
        ("a pilot this month", 10, "a pilot this month"),
        ("a pilot this month", 40, None),
        ("procurement opens next month", 1, "procurement opens next month"),
        ("procurement opens next month", 30, "procurement opens this month"),
        ("board review on 2 April", 1, "board review on April 2"),
        ("board review on 2 April", 28, "board review tomorrow"),
        ("board review on 2 April", 30, None),
        ("live before Q4", 1, "live before Q4"),
        ("a call tomorrow", 0, "a call tomorrow"),
        ("a call tomorrow", 1, "a call today"),
        ("a call tomorrow", 2, None),
    ],
)
def test_a_time_in_a_fact_is_resolved_when_written_and_said_as_of_now(value, days_later, said):
    ref = resolve_time_ref(value, WRITTEN)
    assert ref is not None
    assert speak_time_ref(value, ref, WRITTEN + timedelta(days=days_later)) == said


def test_words_without_a_date_are_left_as_written():
    assert resolve_time_ref("whenever suits", WRITTEN) is None
    assert resolve_time_ref("we may need help", WRITTEN) is None  # "may" is a verb here
    assert speak_time_ref("whenever suits", None, WRITTEN) == "whenever suits"


@pytest.mark.parametrize(
    ("delta", "words"),
    [(timedelta(minutes=40), "40 minutes"), (timedelta(hours=5), "5 hours"),
     (timedelta(days=17), "17 days"), (timedelta(days=29), "29 days"),
     (timedelta(days=100), "3 months")],
)  # fmt: skip
def test_elapsed_times_are_precise(delta, words):
    assert elapsed(delta) == words


def test_a_timeline_from_a_week_old_comment_is_not_spoken_as_this_week(session):
    comment = "Need a quote for the two clinics, ideally this week."
    lead = lead_with_form(
        session, comment, [("request", "quote"), ("timeline", "this week")], when=ago(days=8)
    )
    brief = build_brief(session, lead, NOW, record=False)
    assert "this week" not in brief.opening_line
    assert "quote" in brief.opening_line
    listed = next(f for f in brief.facts if f["kind"] == "timeline")
    assert listed["date_passed"] is True and listed["value"] == "this week"


def test_a_deadline_still_ahead_is_used_relative_to_now(session):
    comment = "Our tender closes Dec 3, can we see pricing?"
    lead = lead_with_form(
        session, comment, [("deadline", "tender closes Dec 3"), ("request", "pricing")],
        when=ago(days=2),
    )  # fmt: skip
    spoken = _spoken(build_brief(session, lead, NOW, record=False))
    assert "the tender closes on December 3" in spoken
    assert "Is there a date you're working towards?" not in spoken


# --- contact preference -------------------------------------------------------------------


@pytest.mark.parametrize("preference", ["email", "no_call"])
def test_a_lead_who_asked_not_to_be_called_gets_a_warning_and_no_call_talk(session, preference):
    comment = "Send me the pricing sheet by email, please no phone calls."
    lead = lead_with_form(
        session, comment, [("request", "pricing"), ("contact_preference", preference)],
        first_name="Maren",
    )  # fmt: skip
    brief = build_brief(session, lead, NOW, record=False)
    spoken = _spoken(brief)
    assert any("Maren" in w and "email" in w for w in brief.warnings)
    assert "call right away" not in spoken.lower()
    assert "in writing" in brief.talk_track["lines"][-1]["text"]


def test_a_best_time_to_call_is_a_warning_and_a_next_step(session):
    lead = lead_with_form(
        session, "call me after 4pm my time", [("contact_preference", "time: after 4pm")]
    )
    brief = build_brief(session, lead, NOW, record=False)
    assert any("after 4pm" in w for w in brief.warnings)
    assert "after 4pm" in brief.talk_track["lines"][-1]["text"]


def test_marketing_tracks_can_read_the_contact_preference(session):
    from callprep.trackengine.public import render_track

    lead = lead_with_form(session, "email only please", [("contact_preference", "email")])
    ctx = build_brief(session, lead, NOW, record=False).context
    body = (
        "{% block opener %}{% if contact.call_ok %}Calling{% else %}Writing"
        "{% endif %} ({{ contact.prefers }}){% endblock %}"
    )
    assert render_track(body, ctx).opening_line == "Writing (email)"


# --- the hand-raiser opener and next step -------------------------------------------------


def test_the_hand_raiser_opener_answers_to_their_question(session):
    comment = "can it sync with our NetSuite instance?"
    lead = lead_with_form(
        session, comment, [("question", "can it sync with our NetSuite instance?"),
                           ("stack", "NetSuite")],
    )  # fmt: skip
    spoken = _spoken(build_brief(session, lead, NOW, record=False))
    assert "You asked whether it can sync with your NetSuite instance" in spoken
    assert "How would this need to work with NetSuite?" in spoken


def test_a_request_for_a_call_names_what_the_form_asked_for(session):
    lead = lead_with_form(session, "ring me", [("request", "call back")], title="Book a Demo")
    brief = build_brief(session, lead, NOW, record=False)
    assert "You asked for a demo" in brief.opening_line
    assert "call back set up" not in _spoken(brief)


def test_the_opener_names_the_comments_subject_when_no_need_or_request(session):
    lead = lead_with_form(session, "Questions about our loading dock sensors.", [])
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    add_topic(session, lead, "loading dock sensors", 2.0, evidence=[form.id])
    opener = build_brief(session, lead, NOW, record=False).opening_line
    assert "your loading dock sensors" in opener


def test_a_bare_form_is_about_the_pages_read_just_before_it(session):
    # "speak to sales" names nothing; the product page read a minute earlier does.
    lead = lead_with_form(session, "speak to sales pls", [("request", "call back")],
                          when=ago(minutes=20))  # fmt: skip
    session.add(Interaction(lead_id=lead.id, type="web_visit", occurred_at=ago(minutes=22),
                            title="Cold Room Monitoring for Pharmacies", source="test",
                            external_id="visit-crm-1"))  # fmt: skip
    session.flush()
    page = session.scalar(select(Interaction).where(Interaction.external_id == "visit-crm-1"))
    add_topic(session, lead, "cold room monitoring", 2.0, evidence=[page.id])
    brief = build_brief(session, lead, NOW, record=False)
    assert "cold room monitoring" in brief.opening_line
    assert "reach out about cold room monitoring now?" in _spoken(brief)


def test_a_topic_that_only_says_what_was_asked_is_no_subject(session):
    lead = lead_with_form(session, "book a call", [("request", "call back")],
                          title="Book a Demo")  # fmt: skip
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    add_topic(session, lead, "call", 2.0, evidence=[form.id])
    spoken = _spoken(build_brief(session, lead, NOW, record=False))
    assert "about call" not in spoken and "about the call" not in spoken


def test_the_seat_count_goes_with_what_they_asked_for_once(session):
    comment = "trial for 15 dispatchers please"
    lead = lead_with_form(session, comment, [("request", "trial"), ("seats", "15 dispatchers")])
    brief = build_brief(session, lead, NOW, record=False)
    assert "You asked for a trial for 15 dispatchers" in brief.opening_line
    lines = "\n".join(line["text"] for line in brief.talk_track["lines"])
    assert lines.count("15 dispatchers") == 1


def test_seats_and_a_lowercase_misspelt_competitor(session):
    comment = "quote for 80 licenses pls, we also looked at vendrix"
    lead = lead_with_form(
        session, comment,
        [("request", "quote"), ("seats", "80 licenses"), ("competitor", "vendrix")],
    )  # fmt: skip
    brief = build_brief(session, lead, NOW, record=False)
    spoken = _spoken(brief)
    assert "80 licenses" in spoken
    assert "vendrix" not in spoken  # not a name as written: said less
    assert any(f["value"] == "vendrix" for f in brief.facts)  # still listed for the rep


def test_a_form_sent_twice_lists_each_fact_once(session):
    lead = make_lead(
        session,
        events=[evt("form_submission", ago(minutes=50), "Contact Sales"),
                evt("form_submission", ago(minutes=49), "Contact Sales")],
    )  # fmt: skip
    forms = session.scalars(select(Interaction).where(Interaction.lead_id == lead.id)).all()
    for form in forms:
        for kind, value in (("need", "a dashboard for 6 depots"), ("referrer", "Ola Berg")):
            session.add(LeadFact(lead_id=lead.id, interaction_id=form.id, kind=kind,
                                 value=value, start=0, end=len(value),
                                 occurred_at=form.occurred_at))  # fmt: skip
    session.commit()
    facts = build_brief(session, lead, NOW, record=False).facts
    assert sorted((f["kind"], f["value"]) for f in facts) == [
        ("need", "a dashboard for 6 depots"),
        ("referrer", "Ola Berg"),
    ]


# --- the other openers --------------------------------------------------------------------


def test_the_re_engaged_opener_cites_what_brought_them_back(session):
    lead = make_lead(
        session,
        events=[
            evt("content_download", ago(days=150), "The Widget Buyer Workbook",
                asset_type="ebook"),
            evt("web_visit", ago(days=3), "Pricing"),
            evt("web_visit", ago(days=2), "Widget ROI Calculator"),
        ],
    )  # fmt: skip
    brief = build_brief(session, lead, NOW, record=False)
    assert brief.situation == "re_engaged"
    assert "Workbook" not in brief.opening_line
    assert "the Widget ROI Calculator and our pricing page" in brief.opening_line


@pytest.mark.parametrize(
    ("title", "kind", "said", "never"),
    [
        ("Why Plants Lose Widgets", "white_paper", "our white paper “Why Plants Lose Widgets”",
         "on Why"),
        ("The COO's Handbook to Widget Uptime", "ebook", "“The COO's Handbook to Widget Uptime”",
         "on the COO's"),
        ("Case Study: Litware Halves Scrap", "case_study",
         "our case study “Litware Halves Scrap”", "case study on"),
    ],
)  # fmt: skip
def test_researcher_openers_say_titles_grammatically(session, title, kind, said, never):
    lead = make_lead(session, events=[evt("content_download", ago(days=2), title,
                                          asset_type=kind)])  # fmt: skip
    opener = build_brief(session, lead, NOW, record=False).opening_line
    assert said in opener and never not in opener


def test_an_event_with_its_city_is_said_as_at_the_event_in_the_city(session):
    lead = make_lead(
        session, events=[evt("event_attended", ago(days=2), "Plant Ops Summit, Leeds")]
    )
    opener = build_brief(session, lead, NOW, record=False).opening_line
    assert "at Plant Ops Summit in Leeds" in opener


def test_places_customers_newsletters_and_everyday_words_are_not_spoken_as_topics(session):
    lead = make_lead(
        session,
        events=[
            evt("event_attended", ago(days=3), "Logistics Roadshow: Oslo"),
            evt("content_download", ago(days=4), "How Fabrikam Foods Cut Waste",
                asset_type="case_study"),
            evt("email_open", ago(days=5), "The Uptime Letter"),
            evt("web_visit", ago(days=1), "SAP Integration | WidgetIQ"),
        ],
    )  # fmt: skip
    session.execute(delete(LeadTopic).where(LeadTopic.lead_id == lead.id))  # ours only
    for weight, name in enumerate(["oslo", "fabrikam foods", "the uptime letter", "customer"]):
        add_topic(session, lead, name, 10.0 - weight)
    add_topic(session, lead, "sap integration", 1.0)
    ctx = build_brief(session, lead, NOW, record=False).context
    assert [t.name for t in ctx.topics] == ["SAP integration"]


# --- queue and time coherence -------------------------------------------------------------


def test_the_queue_follows_the_priority_it_shows(session):
    for days in (30, 31, 33):  # researchers overdue by about a month
        make_lead(
            session,
            events=[evt("content_download", ago(days=days), "Widget Guide", asset_type="guide")],
            owner_email="rep@example.com",
        )
    hot = make_lead(
        session,
        events=[evt("form_submission", ago(minutes=40), "Contact Sales")],
        owner_email="rep@example.com",
    )
    items, _ = build_queue(session, "rep@example.com", NOW)
    assert items[0].lead["id"] == hot.id
    scores = [item.priority.score for item in items]
    assert scores == sorted(scores, reverse=True)


def test_an_overdue_lead_is_never_also_fresh(session):
    lead = make_lead(session, events=[evt("form_submission", ago(hours=2), "Contact Sales")])
    fresh = build_brief(session, lead, NOW, record=False).freshness
    assert fresh.overdue and fresh.status == "aging"


@pytest.mark.parametrize(
    ("disposition", "stops"),
    [("voicemail", False), ("no_answer", False), ("connected", True), ("bad_timing", True)],
)
def test_only_a_conversation_stops_the_follow_up_clock(session, disposition, stops):
    lead = make_lead(session, events=[evt("form_submission", ago(hours=3), "Contact Sales")])
    brief = build_brief(session, lead, NOW - timedelta(hours=1))
    record_outcome(session, brief.brief_id, {"disposition": disposition}, now=NOW)
    session.commit()
    after = build_brief(session, session.get(Lead, lead.id), NOW, record=False).freshness
    assert after.followed_up is stops
    assert after.overdue is (not stops)


# --- classes found on the judged scenarios, proved on fresh examples ----------------------


def _views(*titles_kinds):
    from callprep.trackengine.context import InteractionView

    return [
        InteractionView(n, kind, NOW - timedelta(days=n), title, asset)
        for n, (kind, title, asset) in enumerate(titles_kinds, 1)
    ]


def test_a_case_study_customer_in_a_subtitle_is_not_a_topic_but_its_subject_is():
    from callprep.trackengine.context import TopicView
    from callprep.trackengine.topic_speech import speakable_topics

    views = _views(("content_download", "Cold Storage at Scale: How Fjord Fisk Cut Spoilage",
                    "case_study"))  # fmt: skip
    names = [t.name for t in speakable_topics(
        [TopicView("fjord fisk", 2.0), TopicView("cold storage", 1.0)], views)]  # fmt: skip
    assert names == ["cold storage"]


def test_a_standard_keeps_its_number_and_a_brand_keeps_its_capitals():
    from callprep.trackengine.context import TopicView
    from callprep.trackengine.topic_speech import speakable_topics

    views = _views(("content_download", "ISO 27001 in Small Labs", "guide"),
                   ("web_visit", "Brightwell Analytics Overview", None))  # fmt: skip
    names = [t.name for t in speakable_topics(
        [TopicView("iso", 2.0), TopicView("brightwell analytics", 1.0),
         TopicView("small lab", 0.5)], views)]  # fmt: skip
    assert names == ["ISO 27001", "Brightwell Analytics", "small labs"]


@pytest.mark.parametrize(
    ("title", "said"),
    [("Replay: Forecasting Feed Demand (Recording)", "our webinar on Forecasting Feed Demand"),
     ("Live: Barn Sensors 101 [Slides]", "our webinar on Barn Sensors 101")],
)  # fmt: skip
def test_format_prefixes_and_file_notes_are_not_read_out(title, said):
    from callprep.trackengine.phrasing import asset_phrase

    assert asset_phrase(title, "webinar") == said


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Test", "there"), ("lorem", "there"), ("Zed'); DELETE FROM x;--", "there"),
     ("Ann-Marie", "Ann-Marie"), ("D'Arcy", "D'Arcy")],
)  # fmt: skip
def test_placeholder_and_injected_names_are_not_greeted(name, greeting):
    from callprep.trackengine.phrasing import first_name_or

    assert first_name_or(name) == greeting


def test_content_gate_forms_are_not_hand_raises_and_careers_pages_not_engagement(session):
    gated = make_lead(session, events=[evt("form_submission", ago(hours=2),
                                           "Download: Silo Safety Checklist")])  # fmt: skip
    assert build_brief(session, gated, NOW, record=False).situation != "hand_raiser"
    applicant = make_lead(
        session,
        events=[evt("content_download", ago(days=200), "Guide", asset_type="guide"),
                evt("web_visit", ago(days=2), "Careers | Open Roles")],
    )  # fmt: skip
    assert build_brief(session, applicant, NOW, record=False).situation == "cold"


def test_a_session_gives_way_to_the_event_it_belongs_to(session):
    lead = make_lead(
        session,
        events=[evt("event_attended", ago(days=2, hours=3), "AgriTech Week 2026 — Ghent"),
                evt("event_attended", ago(days=2, hours=1), "Workshop: Soil Probes in Practice")],
    )  # fmt: skip
    opener = build_brief(session, lead, NOW, record=False).opening_line
    assert "AgriTech Week 2026 in Ghent" in opener


def test_facts_stored_before_dates_were_resolved_get_them_on_refresh(session):
    from callprep.ingest.analysis import resolve_missing_time_refs

    lead = lead_with_form(session, "pilot next week", [], when=ago(days=1))
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    session.add(
        LeadFact(
            lead_id=lead.id,
            interaction_id=form.id,
            kind="timeline",
            value="next week",
            start=6,
            end=15,
            occurred_at=form.occurred_at,
        )
    )
    session.commit()
    assert resolve_missing_time_refs(session) >= 1
    fact = session.scalar(select(LeadFact).where(LeadFact.value == "next week"))
    assert fact.time_ref["grain"] == "week"


def test_a_form_of_filler_text_has_no_subject(session):
    lead = lead_with_form(session, "asdf qwerty sit amet vehicula", [])
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    add_topic(session, lead, "vehicula", 2.0, evidence=[form.id])
    assert "vehicula" not in _spoken(build_brief(session, lead, NOW, record=False))


def _attendee_with_note(session, note, facts=(), topics=()):
    when = ago(days=2)
    lead = make_lead(session, events=[evt("event_attended", when, "Harbour Logistics Forum 2026",
                                          comment=note)], first_name="Noor")  # fmt: skip
    visit = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    for kind, value in facts:
        session.add(LeadFact(lead_id=lead.id, interaction_id=visit.id, kind=kind, value=value,
                             start=0, end=len(value), occurred_at=when))  # fmt: skip
    session.execute(delete(LeadTopic).where(LeadTopic.lead_id == lead.id))
    for rank, name in enumerate(topics):
        add_topic(session, lead, name, 3.0 - rank, evidence=[visit.id])
    session.commit()
    return lead


def test_an_event_note_with_a_need_and_a_demo_request_is_followed_up(session):
    note = "warm lead. wants crane scheduling, asked for a demo in the new year"
    lead = _attendee_with_note(session, note, [("need", "crane scheduling"), ("request", "demo")],
                               ["warm lead", "crane scheduling"])  # fmt: skip
    spoken = _spoken(build_brief(session, lead, NOW, record=False))
    assert "interest in crane scheduling" in spoken
    assert "book the demo" in spoken
    assert "warm lead" not in spoken


def test_an_event_note_names_its_subject_but_not_a_date(session):
    note = "budget opens feb. keen on berth planning"
    lead = _attendee_with_note(session, note, [], ["opens feb", "berth planning"])
    spoken = _spoken(build_brief(session, lead, NOW, record=False))
    assert "You mentioned berth planning" in spoken
    assert "opens feb" not in spoken


def test_a_need_that_is_only_the_request_is_said_as_the_request(session):
    comment = "Looking for a quote for 40 pallet scales."
    lead = lead_with_form(session, comment, [("request", "quote"),
                                             ("need", "quote for 40 pallet scales")])  # fmt: skip
    opener = build_brief(session, lead, NOW, record=False).opening_line
    assert "You asked for a quote" in opener
    assert "need quote" not in opener and "need a quote" not in opener


def test_a_hand_raiser_who_asked_for_a_call_about_something_hears_it(session):
    comment = "could someone ring me about cold room monitoring for our depots"
    lead = lead_with_form(session, comment, [("request", "call back")])
    form = session.scalar(select(Interaction.id).where(Interaction.lead_id == lead.id))
    add_topic(session, lead, "cold room monitoring", 1.0, evidence=[form])
    brief = build_brief(session, lead, NOW, record=False)
    assert "You asked for a call about cold room monitoring" in brief.opening_line


def test_a_referrer_at_a_place_is_thanked_as_the_leads_own(session):
    comment = "a friend at Stripe said you're good, need pricing"
    lead = lead_with_form(
        session, comment, [("referrer", "friend at Stripe"), ("request", "pricing")]
    )
    brief = build_brief(session, lead, NOW, record=False)
    assert "thanks to your friend at Stripe for pointing you our way" in brief.opening_line


def test_urgency_beside_a_deadline_is_not_said_twice(session):
    comment = "contract ends in March, asap please, need pricing"
    facts = [("deadline", "contract ends in March"), ("urgency", "ASAP"), ("request", "pricing")]
    lead = lead_with_form(session, comment, facts)
    spoken = _spoken(build_brief(session, lead, NOW, record=False))
    assert "timing matters" not in spoken and "(" not in spoken
    assert "keep things moving" not in spoken  # the deadline line already says it
