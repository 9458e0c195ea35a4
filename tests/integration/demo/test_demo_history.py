"""The demo's few weeks of calls, "briefs shown" as briefs a person saw, and lead quality for
a judged lead that touched no asset."""

from __future__ import annotations

from sqlalchemy import func, select

from callprep.briefs.brief_page import lead_workspace
from callprep.briefs.build import build_brief, build_queue
from callprep.briefs.outcomes import record_outcome
from callprep.db import utcnow
from callprep.demo import demo_console_key, demo_data, load_demo
from callprep.demo.outcomes import demo_calls, demo_past_leads
from callprep.models import BriefRecord, Outcome
from callprep.reports import figures as reports
from callprep.talktracks.store import seed_default_tracks
from tests.support.webtools import hand_raise, make_lead, make_user


def test_demo_history_is_marked_idempotent_and_leaves_todays_queue_alone(session):
    seed_default_tracks(session)
    now = utcnow()
    load_demo(session, now=now)
    # The shipped leads without their call history: what today's queue looks like.
    session.execute(Outcome.__table__.delete())
    session.execute(BriefRecord.__table__.delete())
    from callprep.leads.activity import refresh_lead_activity
    from callprep.models import Lead

    for lead_id in session.scalars(select(Lead.id)):
        refresh_lead_activity(session, lead_id)
    shipped = {lead["email"] for lead in demo_data()["leads"]}

    def todays_queue():
        items = build_queue(session, None, now, limit=100)[0]
        return [item.lead["email"] for item in items if item.lead["email"] in shipped]

    before = todays_queue()

    summary = load_demo(session, now=now)
    calls = demo_calls()
    logged = [call for call in calls if "disposition" in call]
    assert summary.outcomes_created == len(logged) >= 40
    assert load_demo(session, now=now).outcomes_created == 0  # twice changes nothing
    assert session.scalar(select(func.count()).select_from(Outcome)) == len(logged)
    assert session.scalar(select(func.count()).where(Outcome.demo.is_(False))) == 0
    assert session.scalar(select(func.count()).where(BriefRecord.demo.is_(False))) == 0
    oldest = session.scalar(select(func.min(Outcome.created_at)))
    assert (now - oldest).days >= 21  # a few weeks of history
    assert todays_queue() == before
    # The past hand-raisers were called: they wait at the bottom, followed up. The A/B
    # test's researchers read their white paper weeks ago and were called since: none is
    # overdue.
    items = build_queue(session, None, now, limit=200)[0]
    past = [item for item in items if item.lead["email"] not in shipped]
    assert len(past) == len(demo_past_leads()) == 8 + 36
    tested = {call["lead"] for call in demo_calls() if call.get("track")}
    assert all(item.freshness.followed_up for item in past if item.lead["email"] not in tested)
    researchers = [item for item in past if item.lead["email"] in tested]
    assert len(researchers) == 36
    assert not any(item.freshness.overdue for item in researchers)
    speed = reports.speed_to_lead_report(session, now=now)
    assert speed["called"] == 8 and speed["median_minutes_to_first_outcome"] is not None

    report = reports.talktrack_report(session)
    assert report["demo_outcomes"] == len(logged)
    assert {row["track_name"] for row in report["rows"]} <= {
        "cold-default",
        "researcher-default",
        "event_attendee-default",
        "hand_raiser-default",
        "re_engaged-default",
    }
    assert all(row["version"] >= 1 for row in report["rows"])
    assert reports.lead_quality_report(session, "source")["judged_leads"] >= 10


def test_briefs_shown_counts_page_views_not_api_fetches(session):
    rep = make_user(session, "rita@example.com", "rep")
    lead = make_lead(session, "joe@example.com", "rita@example.com", [hand_raise(30)])
    from callprep.accounts.users import Principal

    principal = Principal(role="rep", user_id=rep.id, email=rep.email)
    lead_workspace(session, lead.id, principal)  # the brief page
    build_brief(session, lead, principal=None)  # an integration's fetch
    build_brief(session, lead, principal=principal)  # a rep key's fetch (a CRM panel)
    rows = reports.talktrack_report(session)["rows"]
    assert sum(row["briefs"] for row in rows) == 1
    assert session.scalar(select(func.count()).select_from(BriefRecord)) == 3


def test_a_judged_lead_that_touched_no_asset_is_counted(session):
    lead = make_lead(session, "joe@example.com", None, [hand_raise(30)])
    brief = build_brief(session, lead)
    record_outcome(
        session, brief.brief_id, {"disposition": "meeting_booked", "lead_quality": "ready"}
    )
    report = reports.lead_quality_report(session, "asset")
    assert report["groups"] == []
    assert report["judged_leads"] == 1
    assert report["unattributed"] == {"ready": 1, "nurture": 0, "junk": 0, "total": 1}
    by_campaign = reports.lead_quality_report(session, "campaign")
    assert [g["group"] for g in by_campaign["groups"]] == ["Website - Contact Sales"]
    assert by_campaign["unattributed"]["total"] == 0


def test_demo_key_without_a_secret_is_fresh_each_time(session):
    first = demo_console_key(session)
    assert demo_console_key(session) != first
