"""What worked and the Thompson allocation in a real headless Chromium on the demo, served
by waitress: marketing reads the A/B report's allocation (chart and history table) and changes
a track's Thompson floors in the editor (floors over 100% in all are refused, nothing kept);
the rep's brief page says which opener worked for leads like Jon.

Screenshots go to test-artifacts/ (gitignored); look at them when the pages change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from callprep.demo import DEMO_PASSWORD, load_demo
from callprep.models import Lead
from callprep.talktracks.store import seed_default_tracks
from callprep.whatworked.service import clear_cache
from tests.support.live_server import chromium, log_in, screenshot, threaded_server, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKETING = "maya.marketing@demo.callprep.test"
RITA = "rita.rep@demo.callprep.test"
JON = "jon.baker@fourthcoffee-foods.example.com"


@pytest.fixture
def jon(app) -> int:
    clear_cache()
    session = app.extensions["callprep.sessionmaker"]()
    try:
        seed_default_tracks(session)
        load_demo(session)
        session.commit()
        return session.scalar(select(Lead.id).where(Lead.email == JON))
    finally:
        session.close()


@pytest.fixture
def page(app, jon) -> Iterator:
    with threaded_server(app) as base, chromium() as browser:
        context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000})
        page = watched_page(context)
        yield page
        context.close()
    clear_cache()


def test_the_ab_report_shows_the_allocation_and_the_editor_sets_thompson(page):
    log_in(page, MARKETING, DEMO_PASSWORD)
    page.goto("/reports/talktracks?range=all")
    section = page.locator("section.allocation")
    expect(section.get_by_role("heading", name="Allocation of researcher-default")).to_be_visible()
    expect(section.locator("svg.allocation-chart rect").first).to_be_visible()
    rows = section.locator("table.allocation-history tbody tr")
    assert rows.count() >= 5
    # Newest first: B (the ROI angle) has the most leads, A keeps its 10% floor.
    expect(rows.first).to_contain_text("90%")
    expect(rows.first).to_contain_text("floor 10%")
    screenshot(page, "whatworked-01-ab-report-allocation")

    page.goto("/talktracks/researcher-default")
    form = page.locator("form#allocation")
    expect(form.get_by_label("Thompson sampling")).to_be_checked()
    form.get_by_label("Floor A").fill("60")
    form.get_by_label("Floor B").fill("50")
    form.get_by_role("button", name="Save allocation").click()
    expect(page.locator(".flash")).to_contain_text("the floors add up to 110%; at most 100% in all")
    form = page.locator("form#allocation")
    expect(form.get_by_label("Floor A")).to_have_value("10")  # nothing stored
    form.get_by_label("Floor A").fill("25")
    form.get_by_role("button", name="Save allocation").click()
    expect(page.locator(".flash")).to_contain_text("Thompson sampling over meeting rates")
    expect(page.locator("form#allocation").get_by_label("Floor A")).to_have_value("25")
    # B's meetings keep it ahead, A gets at least its new floor.
    expect(page.locator("form#allocation .tt-share").first).to_contain_text("now 25%")
    screenshot(page, "whatworked-02-editor-allocation")
    assert page.js_errors == []


def test_the_brief_page_says_which_opener_worked_for_leads_like_jon(page, jon):
    log_in(page, RITA, DEMO_PASSWORD)
    page.goto(f"/leads/{jon}")
    line = page.locator("#what-worked-text")
    expect(line).to_contain_text("Openers with the ROI angle: 14 meetings from 40 calls")
    expect(line).to_contain_text("for researchers whose top topic was widget ROI")
    expect(line).to_contain_text("(demo data)")
    screenshot(page, "whatworked-03-brief-page")
    assert page.js_errors == []
