"""Battlecards in a real headless Chromium, served by waitress on 127.0.0.1: marketing edits
the demo's WidgetWatch card, is refused a blank field (what was typed stays), saves, publishes,
and Marcus's rep sees the new words beside Marcus's own sentence in his brief.

Screenshots go to test-artifacts/ (gitignored); look at them when the page changes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from callprep.demo import DEMO_PASSWORD, load_demo
from callprep.models import Lead
from callprep.talktracks.store import seed_default_tracks
from tests.support.live_server import chromium, log_in, screenshot, threaded_server, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKETING = "maya.marketing@demo.callprep.test"
MARCUS = "marcus.bell@northwind-logistics.example.com"
NEW_DIFFER = "We price per site, never per widget: your bill stays flat as volume grows."


@pytest.fixture
def marcus(app) -> int:
    session = app.extensions["callprep.sessionmaker"]()
    try:
        load_demo(session)
        seed_default_tracks(session)
        session.commit()
        return session.scalar(select(Lead.id).where(Lead.email == MARCUS))
    finally:
        session.close()


@pytest.fixture
def page(app, marcus) -> Iterator:
    with threaded_server(app) as base, chromium() as browser:
        context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000})
        page = watched_page(context)
        yield page
        context.close()


def test_marketing_edits_and_publishes_a_card_and_the_rep_sees_it(page, marcus):
    log_in(page, MARKETING, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Battlecards").click()
    expect(page.get_by_role("heading", name="Battlecards", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="WidgetWatch")).to_be_visible()
    screenshot(page, "battlecards-01-list")

    page.get_by_role("link", name="WidgetWatch").click()
    expect(page.get_by_role("heading", name="If they bring up WidgetWatch")).to_be_visible()
    page.get_by_label("How we differ").fill(NEW_DIFFER)
    page.get_by_label("Proof point").fill("   ")
    page.get_by_role("button", name="Save draft").click()
    # Refused (blank proof): the field is named, and the new wording is still in the form.
    expect(page.locator("#card-proof-error")).to_contain_text("must not be blank")
    expect(page.get_by_label("How we differ")).to_have_value(NEW_DIFFER)
    screenshot(page, "battlecards-02-refused")

    page.get_by_label("Proof point").fill("Tailwind Traders saved 30% in year one.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".flash")).to_contain_text("Saved version 2")
    page.get_by_role("button", name="Publish v2").click()
    expect(page.locator(".flash")).to_contain_text("Published version 2")
    expect(page.locator("#version-2")).to_contain_text("Live")
    screenshot(page, "battlecards-03-published")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "sam.rep@demo.callprep.test", DEMO_PASSWORD)
    page.goto(f"/leads/{marcus}")
    card = page.locator(".battlecard", has_text="If they bring up WidgetWatch")
    expect(card).to_contain_text(NEW_DIFFER)
    expect(card.locator("mark")).to_have_text("WidgetWatch")
    expect(card).to_contain_text("We're comparing you with Cogsworth Analytics and WidgetWatch.")
    expect(page.locator(".battlecard", has_text="If they bring up Cogsworth")).to_be_visible()
    card.get_by_role("link", name="Where they said it").click()
    expect(page.locator(".evidence-panel:target, .evidence-panel.is-open").first).to_be_visible()
    card.scroll_into_view_if_needed()
    screenshot(page, "battlecards-04-brief", full_page=True)
    assert not page.js_errors
    assert re.search(r"/leads/\d+", page.url)
