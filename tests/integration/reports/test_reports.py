"""Reports for marketing: the numbers, and the JSON under /api/v1/reports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callprep.briefs.build import build_brief
from callprep.briefs.outcomes import record_outcome
from callprep.db import utcnow
from callprep.models import BriefRecord
from callprep.reports import figures as reports
from callprep.reports.stats import wilson_interval
from tests.support.webtools import download, hand_raise, make_lead


def _brief(session, lead, track="hand_raiser-default", version=1, variant="A", at=None):
    record = BriefRecord(
        id=f"b-{lead.id}-{track}-{version}-{variant}-{session.info.setdefault('n', 0)}",
        lead_id=lead.id,
        situation="hand_raiser",
        track_name=track,
        track_version=version,
        variant=variant,
        generated_at=at or utcnow(),
        shown_in="web",
    )
    session.info["n"] += 1
    session.add(record)
    session.flush()
    return record


def _outcome(session, brief_id, disposition, quality=None, at=None):
    return record_outcome(
        session, brief_id, {"disposition": disposition, "lead_quality": quality}, now=at
    )


def test_talktrack_report_counts_briefs_outcomes_and_rates_with_wilson_intervals(session):
    lead = make_lead(session, "a@example.test", "rep@example.test")
    briefs = [_brief(session, lead, "opener-x", 2, "A") for _ in range(5)]
    _brief(session, lead, "opener-x", 1, "A")  # an older version, shown once, never called
    for brief, disposition in zip(
        briefs, ["meeting_booked", "connected", "voicemail", "no_answer"], strict=False
    ):
        _outcome(session, brief.id, disposition)
    session.commit()

    rows = {(r["track_name"], r["version"]): r for r in reports.talktrack_report(session)["rows"]}
    current = rows[("opener-x", 2)]
    assert (current["briefs"], current["outcomes"]) == (5, 4)
    assert (current["connects"], current["meetings"]) == (2, 1)
    assert current["connect_rate"]["rate"] == 0.5
    assert current["meeting_rate"]["rate"] == 0.25
    low, high = wilson_interval(1, 4)
    assert current["meeting_rate"]["ci95"] == [round(low, 4), round(high, 4)]
    old = rows[("opener-x", 1)]
    assert (old["briefs"], old["outcomes"], old["connect_rate"]["rate"]) == (1, 0, None)
    assert old["connect_rate"]["ci95"] == [0.0, 1.0]


def test_ab_test_calls_a_large_meeting_rate_difference_significant(session):
    lead = make_lead(session, "a@example.test", "rep@example.test")
    for variant, meetings in (("A", 4), ("B", 16)):
        for number in range(40):
            brief = _brief(session, lead, "hand-raiser", 3, variant)
            _outcome(session, brief.id, "meeting_booked" if number < meetings else "voicemail")
    session.commit()

    tests = reports.talktrack_report(session)["ab_tests"]
    meeting = next(t for t in tests if t["metric"] == "meeting_rate")
    assert meeting["control"] == {"variant": "A", "version": 3}
    assert meeting["variant"] == {"variant": "B", "version": 3}
    assert (meeting["control_rate"], meeting["variant_rate"]) == (0.1, 0.4)
    assert meeting["p_value"] < 0.01
    assert meeting["significant"] is True


def test_ab_test_with_few_calls_is_not_significant(session):
    lead = make_lead(session, "a@example.test", "rep@example.test")
    for variant, disposition in (("A", "voicemail"), ("B", "meeting_booked")):
        for _ in range(3):
            _outcome(session, _brief(session, lead, "t", 1, variant).id, disposition)
    session.commit()
    meeting = next(
        t for t in reports.talktrack_report(session)["ab_tests"] if t["metric"] == "meeting_rate"
    )
    assert meeting["enough_data"] is False and meeting["significant"] is False


def test_lead_quality_counts_each_lead_once_with_its_latest_judgement(session):
    now = utcnow()
    joe = make_lead(session, "joe@example.test", "rep@example.test", [hand_raise(90)], now=now)
    jon = make_lead(
        session,
        "jon@example.test",
        "rep@example.test",
        [download(3, "10 Tips for Improving your Widget ROI"), download(1, "Lifecycle")],
        now=now,
    )
    joe_brief = _brief(session, joe)
    _outcome(session, joe_brief.id, "connected", "nurture", at=now - timedelta(minutes=30))
    _outcome(session, joe_brief.id, "meeting_booked", "ready", at=now - timedelta(minutes=10))
    _outcome(session, _brief(session, jon).id, "connected", "junk")
    session.commit()

    by_source = {g["group"]: g for g in reports.lead_quality_report(session, "source")["groups"]}
    assert by_source["marketo"]["ready"] == 1 and by_source["marketo"]["nurture"] == 0
    assert by_source["hubspot"]["junk"] == 1 and by_source["hubspot"]["total"] == 1
    by_asset = {g["group"]: g for g in reports.lead_quality_report(session, "asset")["groups"]}
    assert set(by_asset) == {"10 Tips for Improving your Widget ROI", "Lifecycle"}
    assert by_asset["Lifecycle"]["shares"] == {"ready": 0.0, "nurture": 0.0, "junk": 1.0}
    by_campaign = reports.lead_quality_report(session, "campaign")["groups"]
    assert {g["group"] for g in by_campaign} == {"Website - Contact Sales", "Widget ROI nurture"}
    by_situation = reports.lead_quality_report(session, "situation")["groups"]
    assert by_situation == [
        {
            "group": "hand_raiser",
            "ready": 1,
            "nurture": 0,
            "junk": 1,
            "total": 2,
            "shares": {"ready": 0.5, "nurture": 0.0, "junk": 0.5},
        }
    ]


def test_lead_quality_ignores_what_the_lead_did_after_the_judgement(session):
    now = utcnow()
    lead = make_lead(session, "a@example.test", "r@example.test", [hand_raise(120)], now=now)
    _outcome(session, _brief(session, lead).id, "connected", "ready", at=now - timedelta(hours=1))
    from callprep.ingest import events as ingest

    ingest.add_interactions(session, lead, [{**download(0, "Later"), "occurred_at": now}])
    session.commit()
    groups = reports.lead_quality_report(session, "asset")["groups"]
    assert groups == []


def test_lead_quality_refuses_an_unknown_grouping(session):
    from callprep.errors import InvalidInput

    with pytest.raises(InvalidInput):
        reports.lead_quality_report(session, "colour")


def test_speed_to_lead_median_share_within_deadline_and_overdue_now(session):
    now = utcnow()
    owner = "rep@example.test"
    fast = make_lead(session, "fast@example.test", owner, [hand_raise(180)], now=now)
    slow = make_lead(session, "slow@example.test", owner, [hand_raise(300)], now=now)
    make_lead(session, "waiting@example.test", owner, [hand_raise(120)], now=now, first_name="Wai")
    make_lead(session, "new@example.test", owner, [hand_raise(10)], now=now)
    _outcome(session, _brief(session, fast).id, "connected", at=now - timedelta(minutes=150))
    _outcome(session, _brief(session, slow).id, "connected", at=now - timedelta(minutes=180))
    session.commit()

    report = reports.speed_to_lead_report(session, now=now)
    assert report["hand_raises"] == 4 and report["called"] == 2
    assert report["median_minutes_to_first_outcome"] == 75.0  # median of 30 and 120
    assert report["deadline_minutes"] == 60
    # fast (in time), slow (late), waiting (deadline passed, no call); new is not due yet.
    assert report["within_deadline"] == 1
    assert report["share_within_deadline"] == pytest.approx(1 / 3, abs=1e-4)
    assert [item["lead"]["email"] for item in report["overdue_now"]] == ["waiting@example.test"]
    assert report["overdue_now"][0]["overdue_minutes"] == 60


def test_a_logged_outcome_takes_a_lead_off_the_overdue_list(session):
    now = utcnow()
    lead = make_lead(session, "a@example.test", "rep@example.test", [hand_raise(120)], now=now)
    assert [o.lead.id for o in reports.overdue_leads(session, now=now)] == [lead.id]
    brief = build_brief(session, lead, now)
    # No answer is not a follow-up (issue 11): still overdue; a conversation is.
    _outcome(session, brief.brief_id, "no_answer", at=now)
    session.commit()
    assert [o.lead.id for o in reports.overdue_leads(session, now=now)] == [lead.id]
    _outcome(session, brief.brief_id, "connected", at=now)
    session.commit()
    assert reports.overdue_leads(session, now=now + timedelta(minutes=1)) == []


def test_reports_api_serves_marketing_and_refuses_reps(client, session, auth):
    now = utcnow()
    lead = make_lead(session, "a@example.test", "rep@example.test", [hand_raise(120)], now=now)
    _outcome(session, _brief(session, lead).id, "meeting_booked", "ready", at=now)
    session.commit()
    marketing = auth("marketing")

    tracks = client.get("/api/v1/reports/talktracks", headers=marketing)
    assert tracks.status_code == 200
    assert tracks.json["rows"][0]["meeting_rate"]["rate"] == 1.0
    quality = client.get("/api/v1/reports/lead-quality?by=campaign", headers=marketing)
    assert quality.json["groups"][0]["group"] == "Website - Contact Sales"
    speed = client.get("/api/v1/reports/speed-to-lead", headers=auth("admin"))
    assert speed.status_code == 200 and speed.json["called"] == 1
    bad = client.get("/api/v1/reports/lead-quality?by=colour", headers=marketing)
    assert bad.status_code == 422 and "by" in str(bad.json["errors"])
    rep = auth("rep", "rep@example.test")
    for path in ("talktracks", "lead-quality", "speed-to-lead"):
        assert client.get(f"/api/v1/reports/{path}", headers=rep).status_code == 403
    assert client.get("/api/v1/reports/talktracks").status_code == 401


def test_overdue_times_in_the_speed_report_carry_a_utc_offset(client, session, auth):
    make_lead(session, "a@example.test", "rep@example.test", [hand_raise(120)])
    body = client.get("/api/v1/reports/speed-to-lead", headers=auth("marketing")).json
    assert body["overdue_now"][0]["follow_up_due_at"].endswith("+00:00")
