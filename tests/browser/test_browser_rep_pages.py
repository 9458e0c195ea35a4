"""The queue's new controls and the user's own time zone in a real headless Chromium.

Screenshots go to test-artifacts/ (gitignored); look at them when the pages change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from callprep.models import User
from tests.support.live_server import chromium, screenshot, threaded_server, watched_page
from tests.support.webtools import PASSWORD, download, hand_raise, make_lead, make_user

pytestmark = pytest.mark.browser

REP = "rita.rep@example.test"


@pytest.fixture
def leads(session):
    make_user(session, REP, "rep", name="Rita Patel")
    joe = make_lead(
        session,
        "joe@example.test",
        REP,
        [hand_raise(200)],
        first_name="Joe",
        phone="+1 312 555 0142",
    )
    jon = make_lead(session, "jon@example.test", REP, [download(1, "Widget ROI")], first_name="Jon")
    ann = make_lead(
        session,
        "a.very.long.address.for.a.lead@subsidiary.example-enterprise.test",
        REP,
        [{**hand_raise(20), "ago": timedelta(minutes=20)}],
    )
    return {"joe": joe, "jon": jon, "ann": ann}


@pytest.fixture
def page(app, leads) -> Iterator:
    with threaded_server(app) as base, chromium() as browser:
        context = browser.new_context(
            base_url=base, viewport={"width": 1366, "height": 900}, timezone_id="Asia/Tokyo"
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page = watched_page(context)
        yield page
        context.close()


def test_queue_sorts_calls_and_copies_per_row_in_the_reps_own_zone(page, leads, session):
    page.goto("/login")
    page.get_by_label("Work email").fill(REP)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/queue")
    user = session.scalar(select(User).where(User.email == REP))
    session.refresh(user)
    assert user.time_zone == "Asia/Tokyo"  # detected at the first login

    rows = page.locator("tr.queue-row")
    assert rows.count() == 3
    ranks = [rows.nth(i).get_attribute("data-rank") for i in range(3)]
    assert ranks == ["1", "2", "3"]
    page.get_by_role("button", name="Last touch").click()
    touched = [int(rows.nth(i).get_attribute("data-touch")) for i in range(3)]
    assert touched == sorted(touched, reverse=True)  # most recent first
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("LAST TOUCH")
    page.get_by_role("button", name="Priority").click()
    scores = [int(rows.nth(i).get_attribute("data-priority")) for i in range(3)]
    assert scores == sorted(scores, reverse=True)
    page.get_by_role("button", name="#").click()
    assert [rows.nth(i).get_attribute("data-rank") for i in range(3)] == ["1", "2", "3"]

    joe = page.locator("tr.queue-row", has_text="Joe")
    assert (
        joe.get_by_role("link", name="Call Joe at +1 312 555 0142").get_attribute("href")
        == "tel:+13125550142"
    )
    joe.get_by_role("button", name="Copy the opening line for Joe").click()
    page.wait_for_function(
        f"document.getElementById('copied-{leads['joe'].id}').textContent.length > 0"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == joe.locator(".opener-preview").inner_text()
    assert "is-urgent" in (joe.get_attribute("class") or "")
    jon = page.locator("tr.queue-row", has_text="Jon")
    assert "is-urgent" not in (jon.get_attribute("class") or "")
    # A long address stays on one line (cut with an ellipsis), never broken mid-word.
    name = page.locator("tr.queue-row .lead-name", has_text="a.very.long")
    box = name.bounding_box()
    assert box["height"] < 30
    screenshot(page, "rep-01-queue-table")

    page.get_by_role("link", name="Joe", exact=True).click()
    page.wait_for_url("**/leads/*")
    times = page.locator(".timeline time").all_inner_texts()
    assert times and all(text.endswith("JST") for text in times)
    assert page.locator(".topic-button .topic-score").count() == 0
    screenshot(page, "rep-02-brief")

    page.get_by_role("link", name="Rita Patel").click()
    page.wait_for_url("**/account")
    page.get_by_label("Show every time in").select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Times are now shown in Europe/Lisbon." in page.locator(".flash").inner_text()
    screenshot(page, "rep-03-account")
    page.goto(f"/leads/{leads['joe'].id}")
    times = page.locator(".timeline time").all_inner_texts()
    assert times and all(text.endswith(("WET", "WEST")) for text in times)
    assert page.js_errors == []


def test_reports_period_and_csv_export_in_the_browser(page, leads, session):
    make_user(session, "maya@example.test", "marketing", name="Maya Ortiz")
    page.goto("/login")
    page.get_by_label("Work email").fill("maya@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/reports/talktracks")
    assert page.locator(".range-presets [aria-current]").inner_text() == "Last 30 days"
    page.get_by_role("link", name="All time").click()
    page.wait_for_url("**range=all")
    assert page.locator(".range-presets [aria-current]").inner_text() == "All time"
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert download.value.suggested_filename == "talk-tracks-all-time.csv"
    page.get_by_role("link", name="Speed to lead").click()
    assert page.locator("svg.chart").count() >= 1
    assert "Rita Patel" in page.locator("#overdue-title").locator("xpath=../..").inner_text()
    screenshot(page, "rep-04-speed-report")
    page.get_by_role("link", name="Lead quality").click()
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To").fill("2025-01-01")
    page.get_by_role("button", name="Apply dates").click()
    assert "To: must be on or after the start date." in page.locator(".alert-error").inner_text()
    assert page.js_errors == []
