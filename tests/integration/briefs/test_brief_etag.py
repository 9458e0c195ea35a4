"""The brief's ETag is told before the brief is built, from one read of what is stored: it
holds while nothing the rep would see changes (topic scores decay every second, the ETag does
not follow them), and moves when an analysis lands, a fact or an outcome arrives, the lead is
edited, or time changes the wording."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from sqlalchemy import update

from callprep.briefs.build import build_brief, lead_shown
from callprep.briefs.stamp import brief_etag
from callprep.config import current_brief_settings
from callprep.db import utcnow
from callprep.leads.topic_weights import mention_log_weight
from callprep.models import Interaction, LeadTopic
from tests.support.briefkit import add_fact, add_topic, event, make_lead
from tests.support.statements import statements_of


@pytest.fixture
def now():
    # A minute past the hour: a test moving the clock by two minutes stays within the hour.
    return utcnow().replace(minute=1, second=0, microsecond=0)


@pytest.fixture
def joe(session, now):
    lead = make_lead(
        session,
        email="joe@example.com",
        first_name="Joe",
        events=[
            event("content_download", now - timedelta(days=3), "10 Tips for Widget ROI"),
            event("web_visit", now - timedelta(hours=30, minutes=10), "Pricing"),
        ],
    )
    # Ten fresh comment mentions: a score of about 40 moves in its third decimal every second.
    add_topic(session, lead, "widget roi", mention_log_weight("comment", now) + math.log(10))
    return lead


def _etag(session, lead, now, representation="json"):
    settings = current_brief_settings()
    return brief_etag(session, lead, representation, lead_shown(lead), now, settings)


def test_the_etag_holds_while_topic_scores_decay(session, joe, now):
    later = now + timedelta(minutes=2)
    first = build_brief(session, joe, now, record=False)
    second = build_brief(session, joe, later, record=False)
    assert first.topics[0]["score"] != second.topics[0]["score"]  # the score did move
    assert first.etag() != second.etag()  # the built brief's own digest follows it
    assert _etag(session, joe, now) == _etag(session, joe, later)


def test_the_etag_moves_with_the_wording_of_time(session, joe, now):
    assert _etag(session, joe, now) != _etag(session, joe, now + timedelta(hours=3))
    assert _etag(session, joe, now, "json") != _etag(session, joe, now, "html")


def test_the_etag_moves_when_stored_inputs_change(session, joe, now):
    seen = {_etag(session, joe, now)}

    def changed() -> bool:
        session.commit()
        etag = _etag(session, joe, now)
        new = etag not in seen
        seen.add(etag)
        return new

    # An analysis landing later (a background job) adds a mention to a topic in place.
    session.execute(update(LeadTopic).where(LeadTopic.lead_id == joe.id).values(mentions=2))
    assert changed()
    add_topic(session, joe, "widget pricing", mention_log_weight("comment", now))
    assert changed()
    newest = max(session.query(Interaction).filter_by(lead_id=joe.id).all(), key=lambda i: i.id)
    session.execute(
        update(Interaction).where(Interaction.id == newest.id).values(title_analysis_id=None)
    )
    add_fact(session, newest, "need", "widget ROI", 0, 10)
    assert changed()
    joe.company = "Acme"
    assert changed()
    assert _etag(session, joe, now) == _etag(session, joe, now)  # and is stable otherwise


def test_a_304_is_answered_without_building_the_brief(client, auth, joe, engine):
    headers = auth("admin")
    url = f"/api/v1/leads/{joe.id}/brief"
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    _again, for_304 = statements_of(
        engine,
        lambda: client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]}),
    )
    assert _again.status_code == 304
    full, statements = statements_of(engine, lambda: client.get(url, headers=headers))
    assert full.status_code == 200
    # The key, the lead (and its CRM ids), the stamp; none of the brief's reads.
    assert not any("talk_track_versions" in s for s in for_304)
    assert not any("lead_facts.value" in s for s in for_304)
    assert len(for_304) <= 4 < len(statements)
