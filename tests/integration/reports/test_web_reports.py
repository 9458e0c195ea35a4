"""The report pages render the services' numbers for marketing (test client)."""

from __future__ import annotations

import pytest

from tests.integration.reports.test_reports import _brief, _outcome
from tests.support.webtools import hand_raise, login, make_lead, make_user


@pytest.fixture
def marketing(client, session):
    make_user(session, "maya@example.test", "marketing", name="Maya Ortiz")
    login(client, "maya@example.test")
    return client


def test_talktrack_page_shows_rates_intervals_and_a_significant_ab_test(marketing, session):
    lead = make_lead(session, "a@example.test", "rep@example.test", [hand_raise(30)])
    for variant, meetings in (("A", 4), ("B", 16)):
        for number in range(40):
            brief = _brief(session, lead, "hand-raiser", 3, variant)
            _outcome(session, brief.id, "meeting_booked" if number < meetings else "voicemail")
    session.commit()
    page = marketing.get("/reports/talktracks").text
    assert '<svg class="chart"' in page and "<title" in page
    assert "40%" in page and "[" in page  # B's meeting rate with its interval
    assert "Significant" in page
    assert "+30 pts" in page


def test_talktrack_page_without_data_says_what_will_appear(marketing):
    page = marketing.get("/reports/talktracks").text
    assert "No briefs yet." in page


def test_lead_quality_page_groups_by_situation_with_readable_labels(marketing, session):
    lead = make_lead(session, "a@example.test", "rep@example.test", [hand_raise(30)])
    _outcome(session, _brief(session, lead).id, "connected", "junk")
    session.commit()
    page = marketing.get("/reports/lead-quality?by=situation").text
    assert "Lead quality by situation" in page and "Hand-raiser" in page
    assert "junk: 1 (100%)" in page
    fallback = marketing.get("/reports/lead-quality?by=colour").text
    assert "Lead quality by source" in fallback


def test_speed_page_lists_overdue_leads_with_links(marketing, session):
    lead = make_lead(
        session, "late@example.test", "rep@example.test", [hand_raise(200)], first_name="Lara"
    )
    page = marketing.get("/reports/speed-to-lead").text
    assert f'href="/leads/{lead.id}">Lara' in page
    assert "leads overdue now" in page
