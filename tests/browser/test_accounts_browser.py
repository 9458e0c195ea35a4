"""The brief's account panel and the account page in a real headless Chromium.

Screenshots go to test-artifacts/ (gitignored); look at them when the pages change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.support.live_server import chromium, log_in, screenshot, threaded_server, watched_page
from tests.support.webtools import PASSWORD, download, hand_raise, make_lead, make_user

pytestmark = pytest.mark.browser

RITA, SAM = "rita.rep@vendor.test", "sam.rep@vendor.test"


@pytest.fixture
def joe(session):
    make_user(session, RITA, "rep", name="Rita Patel")
    make_user(session, SAM, "rep", name="Sam Rivera")
    joe = make_lead(
        session,
        "joe.smith@contoso-mfg.test",
        RITA,
        [hand_raise(40, "My colleague Dana Whitfield referred me. Budget is approved.")],
        first_name="Joe",
        last_name="Smith",
        company="Contoso Manufacturing",
        title="Director of Plant Operations",
    )
    make_lead(
        session,
        "dana.whitfield@contoso-mfg.test",
        RITA,
        [download(2, "Widget Pricing Guide", campaign="Pricing")],
        first_name="Dana",
        last_name="Whitfield",
        title="Chief Financial Officer",
    )
    make_lead(
        session,
        "luis.ortega@contoso-mfg.test",
        SAM,
        [{**download(1, "Integration Guide"), "ago": timedelta(days=1)}],
        first_name="Luis",
        title="IT Director",
    )
    return joe


@pytest.fixture
def page(app, joe) -> Iterator:
    with threaded_server(app) as base, chromium() as browser:
        context = browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})
        page = watched_page(context)
        yield page
        context.close()


def test_the_briefs_account_panel_leads_to_the_account_page(page, joe):
    log_in(page, RITA, PASSWORD)
    page.goto(f"/leads/{joe.id}")
    panel = page.locator("section.account-panel")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    text = panel.inner_text()
    assert "Their CFO, Dana Whitfield, downloaded “Widget Pricing Guide”" in text
    assert "Sam Rivera is working with 1 person here, no call logged yet." in text
    assert "Luis" not in text and "IT Director" not in text
    screenshot(page, "brief-account-panel")

    panel.get_by_role("link", name="Contoso Manufacturing · 3 people").click()
    page.wait_for_url("**/accounts/*")
    assert page.locator("h1#account-name").inner_text() == "Contoso Manufacturing"
    people = page.locator("#account-people tbody tr")
    assert people.count() == 2
    assert "Joe Smith" in people.nth(0).inner_text()  # the newest activity first
    assert "Chief Financial Officer" in people.nth(1).inner_text()
    assert "Rita Patel" in people.nth(1).inner_text()
    timeline = page.locator("#account-timeline > li")
    assert timeline.count() == 2
    assert "Joe Smith · Filled in a form" in timeline.nth(0).inner_text()
    assert "Widget Pricing Guide" in timeline.nth(1).inner_text()
    assert "Integration Guide" not in page.content()  # Sam's lead's activity
    screenshot(page, "account-page")

    page.get_by_role("link", name="Dana Whitfield").click()
    page.wait_for_url("**/leads/*")
    assert "Dana Whitfield" in page.locator("h1").inner_text()
    assert page.js_errors == []
