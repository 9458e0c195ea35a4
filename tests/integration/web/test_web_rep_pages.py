"""The rep's pages as a rep would compare them with a CRM: the queue's columns and actions,
the brief's order, one row per email, account context, times in the user's own zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from callprep.accounts.timezones import format_time, valid_zone
from callprep.db import utcnow
from callprep.models import User
from callprep.trackengine.phrasing import relative_time
from tests.support.webtools import PASSWORD, csrf_from, download, hand_raise, make_lead, make_user

REP = "rita.rep@example.test"
OTHER_REP = "sam.rep@example.test"


def _login(client, email: str, time_zone: str = ""):
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token, "time_zone": time_zone},
    )


@pytest.fixture
def rep_client(client, session):
    make_user(session, REP, "rep", name="Rita Patel")
    _login(client, REP, "Europe/Berlin")
    return client


def _row(html: str, name: str) -> str:
    rows = re.findall(r'<tr class="queue-row.*?</tr>', html, re.S)
    return next(row for row in rows if name in row)


def test_queue_rows_have_priority_deadline_last_touch_and_actions(rep_client, session):
    make_lead(
        session,
        "joe@example.test",
        REP,
        [hand_raise(200)],
        first_name="Joe",
        phone="+1 (312) 555-0142",
    )
    make_lead(session, "jon@example.test", REP, [download(5, "Widget ROI guide")], first_name="Jon")
    html = rep_client.get("/queue").text
    joe = _row(html, "Joe")
    assert 'href="tel:+13125550142"' in joe and ">Call</a>" in joe
    assert 'data-copy="opener-' in joe and 'id="opener-' in joe
    assert re.search(r'class="score score-\w+" title="Priority \d+ of 100">\d+<', joe)
    assert "is-urgent" in joe and "badge-overdue" in joe  # an overdue hand-raiser: red
    assert "Not called yet" in joe and "3 hours ago" in joe
    jon = _row(html, "Jon")
    assert "tel:" not in jon  # no phone, no call button
    assert "is-urgent" not in jon and "badge-overdue" not in jon
    for key in ("priority", "due", "touch"):
        assert f'data-sort="{key}"' in html
    assert "Owner</th>" not in html  # a rep's queue is all theirs


def test_an_overdue_researcher_is_late_in_amber_not_red(rep_client, session):
    make_lead(session, "jon@example.test", REP, [download(5, "Widget ROI guide")], first_name="Jon")
    row = _row(rep_client.get("/queue?overdue=1").text, "Jon")
    assert "badge-late" in row and "Overdue" in row
    assert "is-urgent" not in row


def test_admin_sees_the_owner_by_name_and_the_last_call(client, session):
    make_user(session, REP, "rep", name="Rita Patel")
    make_user(session, "admin@example.test", "admin")
    lead = make_lead(session, "joe@example.test", REP, [hand_raise(30)], first_name="Joe")
    _login(client, "admin@example.test")
    page = client.get(f"/leads/{lead.id}").text
    brief_id = re.search(r'name="brief_id" value="([^"]+)"', page).group(1)
    client.post(
        f"/leads/{lead.id}/outcome",
        data={"csrf_token": csrf_from(page), "brief_id": brief_id, "disposition": "voicemail"},
    )
    html = client.get("/queue").text
    assert "Owner</th>" in html
    row = _row(html, "Joe")
    assert "Rita Patel" in row and "Call: Voicemail, just now" in row


def test_brief_page_folds_each_email_into_one_row_and_puts_the_form_after_the_timeline(
    rep_client, session
):
    email = {"title": "Nurture #1: Widget ROI", "campaign": "Nurture", "source": "hubspot"}
    lead = make_lead(
        session,
        "jon@example.test",
        REP,
        [
            {**email, "type": "email_delivered", "ago": timedelta(days=3)},
            {**email, "type": "email_open", "ago": timedelta(days=2)},
            {**email, "type": "email_click", "ago": timedelta(days=2)},
            {**email, "title": "Nurture #2", "type": "email_delivered", "ago": timedelta(days=1)},
            download(1, "Widget ROI guide"),
        ],
        first_name="Jon",
    )
    page = rep_client.get(f"/leads/{lead.id}").text
    timeline = page[page.index('id="timeline-title"') : page.index('id="outcome-title"')]
    assert timeline.count("Nurture #1: Widget ROI") == 1
    steps = re.findall(r'class="step step-(\w+)"', timeline)
    assert steps == ["delivered", "delivered", "opened", "clicked"]  # #2, then #1 in order
    assert page.index('id="track-title"') < page.index('id="timeline-title"')
    assert page.index('id="timeline-title"') < page.index('id="outcome-title"')


def test_topic_chips_carry_no_count(rep_client, session):
    lead = make_lead(
        session, "jon@example.test", REP, [download(1, "Widget ROI guide")], first_name="Jon"
    )
    page = rep_client.get(f"/leads/{lead.id}").text
    assert "topic-score" not in page
    chips = re.findall(r'class="topic-button"[^>]*>([^<]*)</a>', page)
    assert chips and all(not re.search(r"\d+\s*$", chip) for chip in chips)


def test_account_context_lists_colleagues_a_rep_may_see(rep_client, session):
    lead = make_lead(
        session,
        "dana@contoso.example.test",
        REP,
        [hand_raise(30)],
        first_name="Dana",
        company="Contoso",
    )
    make_lead(
        session,
        "lee@contoso.example.test",
        REP,
        [download(2, "Widget ROI guide")],
        first_name="Lee",
        title="CFO",
    )
    make_lead(session, "kim@contoso.example.test", OTHER_REP, [hand_raise(10)], first_name="Kim")
    page = rep_client.get(f"/leads/{lead.id}").text
    account = page[page.index('id="account-title"') :]
    said = relative_time(utcnow() - timedelta(days=2), utcnow())
    assert f"Their CFO, Lee, downloaded “Widget ROI guide” {said}." in account
    assert "Kim" not in account  # another rep's lead: only that rep and a count
    assert "sam.rep@example.test is working with 1 person here, no call logged yet." in account
    assert 'href="/accounts/' in account


def test_a_free_mail_domain_is_no_account(rep_client, session):
    lead = make_lead(session, "a@gmail.com", REP, [hand_raise(30)], first_name="A")
    make_lead(session, "b@gmail.com", REP, [hand_raise(30)], first_name="B")
    assert 'id="account-title"' not in rep_client.get(f"/leads/{lead.id}").text


def test_times_are_in_the_zone_detected_at_first_login(rep_client, session):
    user = session.query(User).filter_by(email=REP).one()
    session.refresh(user)
    assert user.time_zone == "Europe/Berlin"
    lead = make_lead(session, "joe@example.test", REP, [hand_raise(30)], first_name="Joe")
    page = rep_client.get(f"/leads/{lead.id}").text
    assert re.search(r"<time datetime=[^>]+>\w{3} \w{3} \d+, \d+:\d\d [AP]M CET</time>", page)


def test_a_later_login_keeps_a_chosen_zone_and_the_account_page_changes_it(client, session):
    make_user(session, REP, "rep")
    _login(client, REP, "America/Chicago")
    page = client.get("/account").text
    assert '<option value="America/Chicago" selected>' in page
    response = client.post(
        "/account", data={"csrf_token": csrf_from(page), "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/account").text)})
    _login(client, REP, "Europe/Paris")
    assert '<option value="Asia/Tokyo" selected>' in client.get("/account").text


def test_the_account_page_refuses_an_unknown_zone_naming_the_field(client, session):
    make_user(session, REP, "rep")
    _login(client, REP)
    page = client.get("/account").text
    response = client.post(
        "/account", data={"csrf_token": csrf_from(page), "time_zone": "Mars/Base"}
    )
    assert response.status_code == 422
    assert "time_zone must be an IANA zone" in response.text


def test_one_time_format_for_every_page():
    moment = datetime(2026, 11, 30, 15, 5, tzinfo=UTC)
    assert format_time(moment, "America/Chicago") == "Mon Nov 30, 9:05 AM CST"
    assert format_time(moment, None) == "Mon Nov 30, 3:05 PM UTC"
    assert format_time(moment, "Not/AZone") == "Mon Nov 30, 3:05 PM UTC"
    assert valid_zone("Europe/Berlin") == "Europe/Berlin"
    assert valid_zone("../../etc/passwd") is None
    assert utcnow().tzinfo is not None
