"""NLP at ingest: each distinct text analysed once, lead topics and facts kept with evidence,
glossary changes and extractor upgrades recomputed by backfill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

import nlp
from callprep.ingest import analysis
from callprep.ingest import events as ingest
from callprep.leads import service as leads
from callprep.models import Interaction, LeadFact, LeadTopic, TextAnalysis

NOW = datetime.now(UTC)
JOE_COMMENT = (
    "My colleague Sarah Lee referred me. We need a widget ROI solution, "
    "budget is approved and we want it before Q3."
)


def new_lead(session, email="jon@example.com"):
    return leads.create_lead(session, {"email": email})


def download(n: int, title="10 Tips for Improving your Widget ROI", days_ago=1):
    return {
        "type": "content_download",
        "occurred_at": NOW - timedelta(days=days_ago),
        "title": title,
        "asset_type": "white_paper",
        "source": "marketo",
        "external_id": f"dl-{n}",
    }


def test_a_title_seen_by_two_leads_is_analysed_once(session, monkeypatch):
    calls: list[list[str]] = []
    real = nlp.analyse_texts

    def spy(texts, kind, glossary=None, batch_size=64, **options):
        calls.append(list(texts))
        return real(texts, kind, glossary, batch_size, **options)

    monkeypatch.setattr(nlp, "analyse_texts", spy)
    jon, ann = new_lead(session), new_lead(session, "ann@example.com")
    ingest.add_interactions(session, jon, [download(1)])
    ingest.add_interactions(session, ann, [download(2), download(3)])
    assert sum(len(texts) for texts in calls) == 1
    assert session.scalar(select(func.count()).select_from(TextAnalysis)) == 1
    ids = session.scalars(select(Interaction.title_analysis_id)).all()
    assert len(set(ids)) == 1 and ids[0] is not None


def test_lead_topics_carry_their_evidence_and_grow_with_repetition(session):
    jon = new_lead(session)
    first = ingest.add_interactions(session, jon, [download(1, days_ago=10)]).created
    topic = session.scalars(select(LeadTopic).where(LeadTopic.lead_id == jon.id)).first()
    assert topic is not None and topic.evidence == [first[0].id]
    weight_once = topic.weight_log
    second = ingest.add_interactions(session, jon, [download(2, days_ago=1)]).created
    session.refresh(topic)
    assert topic.mentions == 2
    assert topic.evidence == [second[0].id, first[0].id]  # newest first
    assert topic.weight_log > weight_once


def test_comment_topics_outrank_an_email_open(session):
    lead = new_lead(session)
    ingest.add_interactions(
        session,
        lead,
        [
            {
                "type": "email_open",
                "occurred_at": NOW,
                "title": "Predictive maintenance news",
                "source": "hubspot",
                "external_id": "o-1",
            },
            {
                "type": "form_submission",
                "occurred_at": NOW - timedelta(days=2),
                "title": "Contact Sales",
                "comment": "We are evaluating a route optimization platform.",
                "source": "hubspot",
                "external_id": "f-1",
            },
        ],
    )
    ranked = session.scalars(
        select(LeadTopic.name)
        .where(LeadTopic.lead_id == lead.id)
        .order_by(LeadTopic.weight_log.desc())
    ).all()
    assert ranked, "topics were extracted"
    assert "route optimization" in ranked[0].lower()


def test_comment_facts_are_stored_with_their_spans(session):
    joe = new_lead(session, "joe@example.com")
    stored = ingest.add_interactions(
        session,
        joe,
        [
            {
                "type": "form_submission",
                "occurred_at": NOW,
                "title": "Contact Sales",
                "comment": JOE_COMMENT,
                "source": "marketo",
                "external_id": "joe-1",
            }
        ],
    ).created[0]
    facts = session.scalars(select(LeadFact).where(LeadFact.lead_id == joe.id)).all()
    kinds = {fact.kind for fact in facts}
    assert {"referrer", "need", "budget", "timeline"} <= kinds
    for fact in facts:
        assert fact.interaction_id == stored.id
        assert 0 <= fact.start < fact.end <= len(JOE_COMMENT)
    referrer = next(fact for fact in facts if fact.kind == "referrer")
    assert "Sarah Lee" in JOE_COMMENT[referrer.start : referrer.end]


def test_duplicates_add_no_weight(session):
    jon = new_lead(session)
    ingest.add_interactions(session, jon, [download(1)])
    before = session.scalars(select(LeadTopic.weight_log)).all()
    ingest.add_interactions(session, jon, [download(1)])
    assert session.scalars(select(LeadTopic.weight_log)).all() == before


def test_backfill_recomputes_stale_versions_and_rebuilds_leads(session):
    jon = new_lead(session)
    ingest.add_interactions(session, jon, [download(1), download(2, "The Lifecycle of a Widget")])
    session.execute(update(TextAnalysis).values(version="callprep-nlp/0+old", topics=[]))
    session.execute(LeadTopic.__table__.delete())
    assert analysis.stale_count(session) == 2
    assert analysis.backfill(session) == 2
    assert analysis.stale_count(session) == 0
    assert session.scalar(select(func.count()).select_from(LeadTopic)) > 0


def test_glossary_api_round_trip_and_backfill(client, auth):
    marketing = auth("marketing")
    headers = auth("integration")
    lead_id = client.post(
        "/api/v1/leads", json={"email": "jon@example.com"}, headers=headers
    ).get_json()["id"]
    item = {**download(1), "occurred_at": NOW.isoformat()}
    client.post(f"/api/v1/leads/{lead_id}/interactions", json=[item], headers=headers)
    glossary = {"entries": [{"topic": "Widget ROI", "synonyms": ["widget return on investment"]}]}
    response = client.put("/api/v1/glossary", json=glossary, headers=marketing)
    assert response.status_code == 200
    body = response.get_json()
    assert body["entries"] == glossary["entries"] and body["stale_analyses"] == 1
    # Applying is a job: accepted with 202 and the job to follow, which then recomputes.
    applied = client.put("/api/v1/glossary?apply=true", json=glossary, headers=marketing)
    assert applied.status_code == 202
    job = client.get(f"/api/v1/jobs/{applied.get_json()['job']['id']}", headers=marketing)
    assert job.get_json()["state"] == "done"
    assert job.get_json()["progress"] == {"done": 1, "total": 1}
    after = client.get("/api/v1/glossary", headers=marketing).get_json()
    assert after["stale_analyses"] == 0
    assert client.get("/api/v1/glossary", headers=auth("rep", "r@example.com")).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"entries": [{"topic": ""}]},
        {"entries": [{"topic": "x", "synonyms": [""]}]},
        {"entries": "widget"},
        {},
    ],
)
def test_bad_glossary_is_422_and_keeps_the_old_one(client, auth, payload):
    marketing = auth("marketing")
    good = {"entries": [{"topic": "SSO", "synonyms": ["single sign-on"]}]}
    client.put("/api/v1/glossary", json=good, headers=marketing)
    response = client.put("/api/v1/glossary", json=payload, headers=marketing)
    assert response.status_code == 422
    assert (
        client.get("/api/v1/glossary", headers=marketing).get_json()["entries"] == (good["entries"])
    )


def test_only_marketing_and_admin_change_the_glossary(client, auth):
    payload = {"entries": []}
    assert (
        client.put("/api/v1/glossary", json=payload, headers=auth("integration")).status_code == 403
    )
    assert client.put("/api/v1/glossary", json=payload, headers=auth("admin")).status_code == 200
