"""The alert settings on the account page, in a real headless Chromium: a bad address is
refused naming the field, a good one saved, the test alert reaches the local receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from callprep.models import AlertPreference
from tests.support.live_server import (
    chromium,
    log_in,
    screenshot,
    threaded_server,
    watched_page,
)
from tests.support.receivers import HttpReceiver
from tests.support.webtools import PASSWORD, make_user

pytestmark = pytest.mark.browser

REP = "alex.alerts@example.test"


@pytest.fixture
def receiver():
    receiver = HttpReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def page(app, session) -> Iterator:
    make_user(session, REP, "rep", name="Alex Alerts")
    with threaded_server(app) as base, chromium() as browser:
        context = browser.new_context(
            base_url=base, viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin"
        )
        page = watched_page(context)
        yield page
        context.close()


def test_a_rep_sets_an_alert_channel_and_quiet_hours_and_sends_a_test_alert(
    page, receiver, session
):
    log_in(page, REP, PASSWORD)
    page.goto("/account")
    alerts = page.locator("#alerts")
    assert "you get no alerts" in alerts.inner_text()
    assert page.get_by_role("button", name="Send test alert").is_disabled()

    page.get_by_label("Channel").select_option("slack")
    page.get_by_label("Webhook address or email").fill("not a url")
    page.get_by_role("button", name="Save alert settings").click()
    assert page.locator("#target-error").inner_text() == "an http:// or https:// address"
    assert page.get_by_label("Webhook address or email").input_value() == "not a url"
    assert session.scalar(select(AlertPreference)) is None  # nothing stored

    page.get_by_label("Webhook address or email").fill(receiver.url("/slack"))
    page.get_by_label("From").fill("22:00")
    page.get_by_label("to", exact=True).fill("07:00")
    page.get_by_label("Many at once").select_option("300")
    page.get_by_role("button", name="Save alert settings").click()
    page.wait_for_url("**/account#alerts")
    assert "Alert settings saved." in page.locator(".flash").inner_text()
    session.expire_all()
    row = session.scalar(select(AlertPreference))
    assert row.channels == [{"kind": "slack", "target": receiver.url("/slack")}]
    assert (row.quiet_start, row.quiet_end, row.digest_seconds) == ("22:00", "07:00", 300)
    assert "Quiet hours (Europe/Berlin)" in alerts.inner_text()

    page.get_by_role("button", name="Send test alert").click()
    page.wait_for_url("**/account#alerts")
    assert "Test alert sent to Slack" in page.locator(".flash").inner_text()
    (received,) = receiver.wait_for(1)
    assert received.path == "/slack" and received.json()["text"].startswith("Test alert")
    screenshot(page, "account-alerts")
    assert page.js_errors == []
