"""Building briefs from stored data: contents, cost, talk-track choice and fallback."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from callprep.briefs.build import build_brief, build_queue
from callprep.demo import load_demo
from callprep.leads.topic_weights import current_weight
from callprep.models import BriefRecord, Interaction, Lead
from callprep.talktracks.store import (
    add_version,
    create_track,
    get_track,
    pick_variant,
    publish_version,
    published_choices,
    seed_default_tracks,
)
from callprep.whatworked import what_worked_for
from tests.support.briefkit import NOW, add_fact, add_topic, ago, bulk_history, make_lead
from tests.support.briefkit import event as evt
from tests.support.statements import statements_of


def test_topics_are_the_top_eight_by_weight_with_scores_and_evidence(session):
    lead = make_lead(session)
    for n in range(10):
        add_topic(session, lead, f"topic {n}", weight_log=float(n), evidence=[n, n + 100])
    brief = build_brief(session, lead, NOW, record=False)
    assert [t["name"] for t in brief.topics] == [f"topic {n}" for n in range(9, 1, -1)]
    assert brief.topics[0]["score"] == pytest.approx(current_weight(9.0, NOW), rel=1e-3)
    assert brief.topics[0]["evidence"] == [9, 109]


def test_facts_come_with_the_span_of_the_comment_they_were_found_in(session):
    comment = "My colleague Sarah Lee referred me. We need it before Q3."
    lead = make_lead(
        session, events=[evt("form_submission", ago(hours=1), "Contact Sales", comment=comment)]
    )
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    start = comment.index("Sarah Lee")
    add_fact(session, form, "referrer", "Sarah Lee", start, start + len("Sarah Lee"))
    brief = build_brief(session, lead, NOW, record=False)
    fact = next(f for f in brief.facts if f["value"] == "Sarah Lee")
    assert fact["interaction_id"] == form.id
    assert comment[fact["start"] : fact["end"]] == "Sarah Lee"


def test_a_brief_lists_the_50_most_recent_interactions_newest_first(session):
    lead = make_lead(session)
    bulk_history(session, lead, 60)
    brief = build_brief(session, lead, NOW, record=False)
    times = [i["occurred_at"] for i in brief.interactions]
    assert len(times) == 50
    assert times == sorted(times, reverse=True)
    assert times[0] == ago(minutes=10)


def _statements(engine, action) -> list[str]:
    return statements_of(engine, action)[1]


def test_a_brief_costs_the_same_statements_for_10_and_5000_interactions(session, engine):
    seed_default_tracks(session)
    session.commit()
    # The "what worked" table is built once per process and change of the outcomes, not per
    # brief (one grouped count, whatever the leads' histories); built here before counting.
    what_worked_for(session, "researcher", None)
    counts = {}
    for size in (10, 5000):
        lead = make_lead(
            session,
            events=[
                evt("content_download", ago(hours=3), "10 Tips for Improving your Widget ROI"),
                evt("form_submission", ago(hours=2), "Contact Sales", comment="Call me please"),
            ],
            first_name="Sam",
        )
        bulk_history(session, lead, size - 2)
        session.expire_all()
        lead = session.get(Lead, lead.id)
        counts[size] = len(_statements(engine, lambda lead=lead: build_brief(session, lead, NOW)))
        session.commit()
    assert counts[10] == counts[5000]
    assert counts[10] <= 8


@pytest.mark.usefixtures("default_tracks")
def test_every_brief_is_recorded_with_its_track_version_and_variant(session):
    lead = make_lead(session, events=[evt("content_download", ago(days=1), "Guide")])
    brief = build_brief(session, lead, NOW)
    session.commit()
    record = session.get(BriefRecord, brief.brief_id)
    assert (record.lead_id, record.situation) == (lead.id, "researcher")
    assert (record.track_name, record.track_version, record.variant) == (
        brief.talk_track["name"],
        brief.talk_track["version"],
        brief.talk_track["variant"],
    )
    assert record.track_name != "builtin"


def test_a_failing_marketing_track_falls_back_to_the_builtin_with_a_warning(session):
    seed_default_tracks(session)
    track = get_track(session, "researcher-default")
    version = add_version(
        session, track, "{% block opener %}Hi {{ lead.shoe_size }}{% endblock %}", author="m"
    )
    publish_version(session, track, version.version)
    session.commit()
    lead = make_lead(
        session, events=[evt("content_download", ago(days=1), "Guide")], first_name="Ana"
    )
    brief = build_brief(session, lead, NOW)
    assert brief.talk_track["name"] == "builtin"
    assert brief.opening_line.startswith("Hi Ana")
    assert len(brief.warnings) == 1
    assert "researcher-default" in brief.warnings[0]
    assert "built-in" in brief.warnings[0]


def test_a_topic_track_beats_the_generic_one_for_the_situation(session):
    seed_default_tracks(session)
    create_track(
        session,
        name="widget-telemetry",
        situation="researcher",
        topics=["widget telemetry"],
        body="{% block opener %}Hi {{ lead|first_name_or('there') }}, telemetry?{% endblock %}",
        publish=True,
    )
    session.commit()
    lead = make_lead(session, events=[evt("content_download", ago(days=1), "Guide")])
    add_topic(session, lead, "widget telemetry", 5.0)
    assert build_brief(session, lead, NOW).talk_track["name"] == "widget-telemetry"
    other = make_lead(session, events=[evt("content_download", ago(days=1), "Guide")])
    assert build_brief(session, other, NOW).talk_track["name"] == "researcher-default"


def test_a_lead_always_gets_the_same_weighted_variant(session):
    track = create_track(
        session,
        name="ab",
        situation="cold",
        body="{% block opener %}Hello A.{% endblock %}",
        publish=True,
    )
    version = add_version(session, track, "{% block opener %}Hello B.{% endblock %}")
    publish_version(session, track, version.version, variant="B", weight=100)
    session.commit()
    choices = published_choices(session, ["cold"])
    picks = {lead_id: pick_variant(choices, lead_id).variant for lead_id in range(400)}
    assert picks == {lead_id: pick_variant(choices, lead_id).variant for lead_id in range(400)}
    share_b = sum(v == "B" for v in picks.values()) / len(picks)
    assert 0.4 < share_b < 0.6
    lead = make_lead(session)
    first = build_brief(session, lead, NOW)
    assert first.talk_track["variant"] == picks.get(lead.id, first.talk_track["variant"])
    assert {build_brief(session, lead, NOW).opening_line for _ in range(3)} == {first.opening_line}


def test_backfilled_old_history_turns_a_new_visit_into_re_engagement(session):
    lead = make_lead(session, events=[evt("web_visit", ago(days=5), "Pricing")])
    assert build_brief(session, lead, NOW, record=False).situation == "cold"
    from callprep.ingest import events as ingest

    ingest.add_interactions(session, lead, [evt("content_download", ago(days=300), "Old guide")])
    session.commit()
    assert build_brief(session, lead, NOW, record=False).situation == "re_engaged"


def test_the_priority_says_what_a_hand_raiser_asked_for_and_when_it_is_due(session):
    comment = "Please set up a demo for my team."
    lead = make_lead(
        session, events=[evt("form_submission", ago(minutes=40), "Contact Sales", comment=comment)]
    )
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    start = comment.index("demo")
    add_fact(session, form, "request", "demo", start, start + 4)
    brief = build_brief(session, lead, NOW, record=False)
    assert brief.priority.reasons == ["asked for a demo 40 minutes ago", "due in 20 minutes"]


_BAD = re.compile(r"\bNone\b|\{\{|\{%|  | ,|\.\.(?!\.)|\bnull\b")


def _interaction_texts(brief):
    return [i["title"] for i in brief.interactions if i.get("title") and len(i["title"]) > 12]


@pytest.fixture
def demo(session):
    load_demo(session, now=NOW)
    session.commit()
    return {lead.email: lead for lead in session.scalars(select(Lead))}


_CONTACT_WARNING = re.compile(
    r"prefers email|asked not to be called|asked not to be emailed|said when to call"
)


@pytest.mark.usefixtures("default_tracks")
def test_every_demo_lead_gets_a_clean_opener_with_evidence_where_it_uses_lead_data(session, demo):
    for lead in demo.values():
        brief = build_brief(session, lead, NOW)
        # The only warnings a demo brief may carry pass on the lead's own contact preference.
        problems = [w for w in brief.warnings if not _CONTACT_WARNING.search(w)]
        assert problems == [], lead.id
        assert brief.talk_track["name"] != "builtin"
        assert not _BAD.search(brief.opening_line), brief.opening_line
        facts = [f["value"] for f in brief.facts if len(f["value"]) > 4]
        for line in brief.talk_track["lines"]:
            assert not _BAD.search(line["text"]), line["text"]
            uses_lead_data = any(
                text.lower() in line["text"].lower()
                for text in [*facts, *_interaction_texts(brief)]
            )
            if uses_lead_data:
                assert line["evidence"], line["text"]


@pytest.mark.usefixtures("default_tracks")
def test_joe_and_jon_get_openers_as_good_as_the_design(session, demo):
    joe = next(lead for lead in demo.values() if lead.first_name == "Joe")
    jon = next(lead for lead in demo.values() if lead.first_name == "Jon")
    joe_brief = build_brief(session, joe, NOW)
    assert joe_brief.situation == "hand_raiser"
    opener = joe_brief.opening_line
    assert opener.startswith("Hi Joe")
    referrer = next(f["value"] for f in joe_brief.facts if f["kind"] == "referrer")
    assert referrer in opener
    assert "widget ROI" in opener and "Q3" in opener
    jon_brief = build_brief(session, jon, NOW)
    assert jon_brief.situation == "researcher"
    opener = jon_brief.opening_line
    assert opener.startswith("Hi Jon")
    for words in ("white paper", "10 Tips for Improving your Widget ROI", "infographic"):
        assert words in opener
    assert "Lifecycle of a Widget" in opener
    assert jon_brief.talk_track["lines"][0]["evidence"]


def test_the_queue_page_costs_the_same_statements_as_a_brief_whatever_its_size(
    session, engine, demo
):
    seed_default_tracks(session)
    session.commit()
    small = _statements(engine, lambda: build_queue(session, None, NOW, limit=2))
    large = _statements(engine, lambda: build_queue(session, None, NOW, limit=30))
    assert len(small) == len(large)
    items, total = build_queue(session, None, NOW, limit=30)
    assert total == len(demo) and len(items) == 30
    # Best call first by the priority the queue shows: a hand-raiser due soon leads.
    assert items[0].situation == "hand_raiser"
    scores = [item.priority.score for item in items]
    assert scores == sorted(scores, reverse=True)
