"""The report pages as a sales manager uses them: a period, CSV export, names not emails,
intervals only where there is data, a chart per report."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from callprep.db import utcnow
from callprep.talktracks.store import seed_default_tracks
from tests.integration.reports.test_reports import _brief, _outcome
from tests.support.webtools import hand_raise, login, make_lead, make_user


@pytest.fixture
def marketing(client, session):
    make_user(session, "maya@example.test", "marketing", name="Maya Ortiz")
    login(client, "maya@example.test")
    return client


def _csv(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_period_filters_briefs_and_outcomes(marketing, session):
    lead = make_lead(session, "a@example.test", "rep@example.test", [hand_raise(30)])
    now = utcnow()
    old = _brief(session, lead, "hand-raiser", 1, "A", at=now - timedelta(days=45))
    _outcome(session, old.id, "meeting_booked", at=now - timedelta(days=45))
    recent = _brief(session, lead, "hand-raiser", 1, "A")
    _outcome(session, recent.id, "voicemail")
    session.commit()
    default = marketing.get("/reports/talktracks").text  # the last 30 days
    assert 'aria-current="true">Last 30 days' in default
    assert "0%" in default and "100%" not in default.split("kpis", 1)[1].split("</div>\n</div>")[0]
    every = marketing.get("/reports/talktracks?range=all").text
    assert '>2</div><div class="kpi-label">outcomes logged' in every
    day = (now - timedelta(days=45)).date().isoformat()
    only_old = marketing.get(f"/reports/talktracks?from={day}&to={day}").text
    assert '>1</div><div class="kpi-label">outcomes logged' in only_old
    assert '>100%</div><div class="kpi-label">meeting rate' in only_old
    assert "only 1 call, too few to trust" in only_old  # one call is not "100% meetings"


def test_a_bad_date_is_named_and_the_default_period_shown(marketing):
    response = marketing.get("/reports/talktracks?from=yesterday")
    assert response.status_code == 422
    assert "From: must be a date like 2026-11-30." in response.text
    reversed_range = marketing.get("/reports/lead-quality?from=2026-11-30&to=2026-11-01")
    assert reversed_range.status_code == 422
    assert "To: must be on or after the start date." in reversed_range.text


def test_talktrack_csv_has_the_rows_and_no_interval_without_data(marketing, session):
    seed_default_tracks(session)
    lead = make_lead(session, "a@example.test", "rep@example.test", [hand_raise(30)])
    _brief(session, lead, "hand_raiser-default", 1, "A")
    brief = _brief(session, lead, "cold-default", 1, "A")
    _outcome(session, brief.id, "connected")
    session.commit()
    page = marketing.get("/reports/talktracks").text
    assert "no outcomes logged" in page and "shipped default" in page
    rows = _csv(marketing.get("/reports/talktracks.csv?range=all"))
    header, *body = rows
    assert header[:6] == ["track", "version", "variant", "author", "briefs shown", "outcomes"]
    by_track = {row[0]: row for row in body}
    assert by_track["hand_raiser-default"][8:10] == ["", ""]  # no outcomes: no interval
    assert by_track["cold-default"][7] == "1.0" and by_track["cold-default"][8] != ""


def test_lead_quality_csv_neutralises_formulas_and_counts_unattributed(marketing, session):
    lead = make_lead(
        session,
        "a@example.test",
        None,
        [{**hand_raise(60), "campaign": '=HYPERLINK("http://x")'}],
    )
    _outcome(session, _brief(session, lead).id, "connected", "ready")
    plain = make_lead(session, "b@example.test", None, [{**hand_raise(60), "campaign": None}])
    _outcome(session, _brief(session, plain).id, "connected", "junk")
    session.commit()
    rows = _csv(marketing.get("/reports/lead-quality.csv?by=campaign"))
    assert rows[0] == ["campaign", "ready", "nurture", "junk", "leads", "ready share"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][:5] == ["(no campaign)", "0", "0", "1", "1"]
    page = marketing.get("/reports/lead-quality?by=campaign").text
    assert "No campaign" in page


def test_asset_grouping_explains_a_judged_lead_with_no_asset(marketing, session):
    lead = make_lead(session, "a@example.test", None, [hand_raise(60)])
    _outcome(session, _brief(session, lead).id, "meeting_booked", "ready")
    session.commit()
    page = marketing.get("/reports/lead-quality?by=asset").text
    assert "No lead has been judged" not in page
    assert (
        "1 lead was judged (1 ready, 0 nurture, 0 junk), but it did not touch an asset "
        "(a download, webinar or event) before the judgement." in page
    )


def test_speed_page_names_owners_and_draws_the_delay_chart(marketing, session):
    make_user(session, "rita@example.test", "rep", name="Rita Patel")
    make_lead(session, "late@example.test", "rita@example.test", [hand_raise(200)], first_name="L")
    page = marketing.get("/reports/speed-to-lead").text
    assert "<td>Rita Patel</td>" in page
    assert 'aria-labelledby="delay-svg-title"' in page and "not called 1" in page
    rows = _csv(marketing.get("/reports/speed-to-lead.csv"))
    assert rows[1][0] == "L" and rows[1][3] == "Rita Patel"


def test_the_json_reports_take_a_period_and_refuse_naive_times(client, make_key, session):
    key = {"Authorization": f"Bearer {make_key('marketing')}"}
    lead = make_lead(session, "a@example.test", None, [hand_raise(30)])
    now = utcnow()
    old = _brief(session, lead, "hand-raiser", 1, "A", at=now - timedelta(days=45))
    _outcome(session, old.id, "meeting_booked", "ready", at=now - timedelta(days=45))
    session.commit()
    since = (now - timedelta(days=10)).isoformat()
    recent = client.get("/api/v1/reports/talktracks", query_string={"since": since}, headers=key)
    assert recent.status_code == 200 and recent.get_json()["rows"] == []
    every = client.get("/api/v1/reports/talktracks", headers=key).get_json()
    assert [row["outcomes"] for row in every["rows"]] == [1]
    quality = client.get(
        "/api/v1/reports/lead-quality", query_string={"by": "source", "since": since}, headers=key
    )
    assert quality.get_json()["judged_leads"] == 0
    naive = client.get("/api/v1/reports/talktracks?since=2026-11-01T00:00:00", headers=key)
    assert naive.status_code == 422
    assert "since" in naive.get_json()["errors"]["query"]
    backwards = client.get(
        "/api/v1/reports/lead-quality",
        query_string={"since": now.isoformat(), "until": since},
        headers=key,
    )
    assert backwards.status_code == 422
    assert backwards.get_json()["message"] == "invalid input: until: must be after since"
