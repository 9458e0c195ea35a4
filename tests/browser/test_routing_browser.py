"""Routing in a real headless Chromium, served by waitress on 127.0.0.1, on the demo data: an
admin adds a rule on /routing (a bad one is refused with the field named), moves it to the
top, marks a rep away; reassigns Tailspin Retail from its brief page and sees the reason; a
pool rep takes the unassigned lead from the Unassigned queue.

Screenshots go to test-artifacts/ (gitignored); look at them when the page changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from callprep.demo import DEMO_PASSWORD, load_demo
from callprep.models import Lead, RoutingRule, User
from callprep.talktracks.store import seed_default_tracks
from tests.support.live_server import chromium, log_in, screenshot, threaded_server, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ADMIN = "admin@demo.callprep.test"
TAILSPIN = "procurement@tailspin-retail.example.com"
PAT = "pat.lee@fineartschool.example.org"


@pytest.fixture
def demo(app) -> dict[str, int]:
    session = app.extensions["callprep.sessionmaker"]()
    try:
        load_demo(session)
        seed_default_tracks(session)
        session.commit()
        return {
            email: session.scalar(select(Lead.id).where(Lead.email == email))
            for email in (TAILSPIN, PAT)
        }
    finally:
        session.close()


@pytest.fixture
def page(app, demo) -> Iterator:
    with threaded_server(app) as base, chromium() as browser:
        context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000})
        page = watched_page(context)
        yield page
        context.close()


def rule_kinds(session) -> list[str]:
    session.expire_all()
    return [
        rule.kind for rule in session.scalars(select(RoutingRule).order_by(RoutingRule.position))
    ]


def test_an_admin_adds_a_rule_moves_it_up_and_marks_a_rep_away(page, session):
    log_in(page, ADMIN, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Routing").click()
    expect(page.get_by_role("heading", name="Routing", exact=True)).to_be_visible()
    expect(page.locator("#rules-table tbody tr")).to_have_count(3)
    screenshot(page, "routing-01-rules")

    form = page.locator("#new-form")
    form.get_by_label("Kind").select_option("territory")
    form.get_by_label("Countries").fill("Germany, Atlantis")
    form.get_by_label("Owner").fill("sam.rep@demo.callprep.test")
    form.get_by_role("button", name="Add rule").click()
    # Refused: the field is named and what was typed stays.
    expect(page.locator("#new-countries-error")).to_contain_text("'Atlantis' is not a country")
    expect(page.locator("#new-form").get_by_label("Owner")).to_have_value(
        "sam.rep@demo.callprep.test"
    )
    screenshot(page, "routing-02-refused")
    assert len(rule_kinds(session)) == 3

    form = page.locator("#new-form")
    form.get_by_label("Countries").fill("Germany, AT")
    form.locator("#new-name").fill("DACH")
    form.get_by_role("button", name="Add rule").click()
    expect(page.locator(".flash")).to_contain_text("Rule 4 added")
    expect(page.locator("#rules-table tbody tr").nth(3)).to_contain_text(
        "leads in DACH go to sam.rep@demo.callprep.test"
    )
    for _ in range(3):
        page.locator("#rules-table tbody tr", has_text="DACH").get_by_role(
            "button", name="up"
        ).click()
    expect(page.locator("#rules-table tbody tr").first).to_contain_text("DACH")
    assert rule_kinds(session) == ["territory", "account_owner", "territory", "fallback"]
    screenshot(page, "routing-03-reordered")

    row = page.locator("#reps-table tr", has_text="sam.rep@demo.callprep.test")
    row.get_by_label("away").check()
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Saved routing for Sam Okafor")
    session.expire_all()
    assert session.scalar(select(User.away).where(User.email == "sam.rep@demo.callprep.test"))


def test_an_admin_reassigns_from_the_brief_and_a_pool_rep_takes_a_lead(page, demo, session):
    log_in(page, ADMIN, DEMO_PASSWORD)
    page.goto(f"/leads/{demo[TAILSPIN]}")
    expect(page.locator(".lead-owner-why")).to_have_text(
        "territory North America: round-robin in North America"
    )
    page.get_by_label("Reassign to").select_option("sam.rep@demo.callprep.test")
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator(".flash")).to_contain_text("assigned by admin@demo.callprep.test")
    expect(page.locator(".lead-owner")).to_contain_text("Sam Okafor")
    expect(page.locator(".lead-owner-why")).to_have_text("assigned by admin@demo.callprep.test")
    screenshot(page, "routing-04-reassigned")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    page.get_by_role("navigation", name="Queues").get_by_role("link", name="Unassigned").click()
    expect(page.get_by_role("heading", name="Unassigned leads")).to_be_visible()
    expect(page.locator("#queue-table")).to_contain_text("Pat Lee")
    screenshot(page, "routing-05-unassigned-admin")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "rita.rep@demo.callprep.test", DEMO_PASSWORD)
    page.goto("/queue?view=unassigned")
    expect(page.locator("#queue-table")).to_contain_text("Pat Lee")
    screenshot(page, "routing-06-unassigned-rep")
    page.get_by_role("button", name="Take Pat Lee").click()
    expect(page.locator(".flash")).to_contain_text("taken by rita.rep@demo.callprep.test")
    expect(page.locator(".lead-owner")).to_contain_text("Rita Patel")
    session.expire_all()
    assert session.scalar(select(Lead.owner_email).where(Lead.email == PAT)) == (
        "rita.rep@demo.callprep.test"
    )
