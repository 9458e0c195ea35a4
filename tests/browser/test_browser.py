"""The rep workspace and reports in a real headless Chromium, served by waitress.

Screenshots go to test-artifacts/ (gitignored); look at them when the pages change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from callprep.db import utcnow
from tests.support.live_server import chromium, log_in, screenshot, threaded_server
from tests.support.webtools import PASSWORD, download, hand_raise, make_lead, make_user

pytestmark = pytest.mark.browser

REP = "rita.rep@example.test"
OTHER_REP = "sam.rep@example.test"
MARKETING = "maya.marketing@example.test"
JOE_COMMENT = (
    "My colleague Dana Whitfield referred me to you. We need a widget ROI solution for our "
    "three plants. Budget is approved and we want it in place before Q3."
)
HOSTILE_COMMENT = '<img src=x onerror="alert(1)"><script>alert(2)</script> need pricing'


@pytest.fixture(scope="module")
def live_server(app) -> Iterator[str]:
    with threaded_server(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    dialogs: list[str] = []
    context.on(
        "page", lambda page: page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    )
    context.dialogs = dialogs
    yield context
    context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    screenshot(page, name, full_page)


@pytest.fixture
def team(session):
    """Rita's leads (an overdue hand-raiser, Joe, Jon), one of Sam's, and Maya in marketing."""
    make_user(session, REP, "rep", name="Rita Patel")
    make_user(session, OTHER_REP, "rep", name="Sam Okafor")
    make_user(session, MARKETING, "marketing", name="Maya Ortiz")
    now = utcnow()
    lara = make_lead(
        session,
        "lara@example.test",
        REP,
        [hand_raise(190, "Please call me back about pricing.")],
        now=now,
        first_name="Lara",
        last_name="Nguyen",
        company="Fabrikam Industrial",
        title="Plant Manager",
    )
    joe = make_lead(
        session,
        "joe.smith@example.test",
        REP,
        [
            {
                "type": "web_visit",
                "ago": timedelta(minutes=47),
                "title": "Widget ROI Calculator",
                "source": "website",
            },
            hand_raise(40, JOE_COMMENT),
        ],
        now=now,
        first_name="Joe",
        last_name="Smith",
        company="Contoso Manufacturing",
        title="Director of Plant Operations",
        phone="+1 312 555 0142",
    )
    jon = make_lead(
        session,
        "jon.baker@example.test",
        REP,
        [
            download(20, "10 Tips for Improving your Widget ROI"),
            {
                "type": "email_click",
                "ago": timedelta(days=10),
                "title": "Widget ROI nurture #2",
                "source": "hubspot",
                "campaign": "Widget ROI nurture",
            },
            download(1, "The Lifecycle of a Widget"),
        ],
        now=now,
        first_name="Jon",
        last_name="Baker",
        company="Fourth Coffee",
        title="Operations Manager",
    )
    hostile = make_lead(
        session,
        "mallory@example.test",
        REP,
        [hand_raise(400, HOSTILE_COMMENT)],
        now=now,
        first_name="<b>Mallory</b>",
        company="<script>alert(3)</script>",
    )
    theirs = make_lead(
        session,
        "sams.lead@example.test",
        OTHER_REP,
        [hand_raise(20)],
        now=now,
        first_name="Sam's",
        last_name="Lead",
    )
    return {"lara": lara, "joe": joe, "jon": jon, "hostile": hostile, "theirs": theirs}


def test_rep_calls_the_top_lead_logs_the_outcome_and_marketing_sees_it(context, team):
    page = context.new_page()
    log_in(page, REP, PASSWORD)
    page.wait_for_url("**/queue")
    rows = page.locator(".queue-row")
    # The queue's order follows the priority it shows: best call first.
    shown = [int(rows.nth(i).get_attribute("data-priority")) for i in range(rows.count())]
    assert shown == sorted(shown, reverse=True)
    names = [rows.nth(i).locator(".lead-name").inner_text() for i in range(rows.count())]
    assert "Sam's Lead" not in names
    assert names.index("Joe Smith") < names.index("Jon Baker")
    joe_row = page.locator(".queue-row", has_text="Joe Smith")
    assert "40 minutes ago — due in 20 minutes" in joe_row.locator(".why").inner_text()
    shot(page, "01-queue")

    page.get_by_role("link", name="Joe Smith", exact=True).click()
    page.wait_for_url("**/leads/*")
    opener = page.locator("#opener-text").inner_text()
    assert opener.startswith("Hi Joe")
    page.get_by_role("button", name="Copy opener").click()
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    assert page.locator("#copy-status").inner_text() == "Copied to the clipboard"
    assert page.evaluate("navigator.clipboard.readText()") == opener
    shot(page, "02-brief")

    # The facts and topics come from the real NLP at ingest, with their character spans.
    page.locator(".fact-link", has_text="Dana Whitfield").click()
    panel = page.locator(".evidence-panel.is-open")
    assert panel.is_visible()
    assert "Dana Whitfield" in panel.locator("mark").first.inner_text()
    assert "Budget is approved" not in panel.locator("mark").first.inner_text()
    shot(page, "03-brief-evidence-fact", full_page=False)
    page.locator(".topic-button").first.click()
    topic = page.locator(".evidence-panel.is-open")
    assert topic.locator("mark").count() >= 1
    shot(page, "03b-brief-evidence-topic", full_page=False)
    page.locator(".line-button").first.click()
    assert page.locator(".evidence-panel.is-open").count() == 1

    page.get_by_label("Meeting booked", exact=True).check()
    page.get_by_label("Ready", exact=True).check()
    page.get_by_label("Note").fill("Demo booked for Thursday with Dana.")
    shot(page, "04-outcome-filled", full_page=False)
    page.get_by_role("button", name="Log outcome").click()
    page.wait_for_url("**/queue")
    assert "Outcome logged for Joe Smith." in page.locator(".flash").inner_text()
    after = [rows.nth(i).locator(".lead-name").inner_text() for i in range(rows.count())]
    assert after[-1] == "Joe Smith" or after.index("Joe Smith") > names.index("Joe Smith")
    assert "Followed up" in page.locator(".queue-row", has_text="Joe Smith").inner_text()
    shot(page, "05-queue-after-outcome")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login*")
    log_in(page, MARKETING, PASSWORD)
    page.wait_for_url("**/reports/talktracks")
    kpis = page.locator(".kpi")
    assert kpis.nth(1).locator(".kpi-value").inner_text() == "1"  # outcomes logged
    assert kpis.nth(3).locator(".kpi-value").inner_text() == "100%"  # meeting rate
    assert page.locator("svg.chart").count() >= 1
    shot(page, "06-report-talktracks")
    page.get_by_role("link", name="Lead quality").click()
    page.get_by_label("Group leads by").select_option("campaign")
    page.get_by_role("button", name="Show").click()
    row = page.locator("table.data tbody tr", has_text="Website - Contact Sales")
    assert row.locator("td").nth(1).inner_text() == "1"  # ready
    shot(page, "07-report-lead-quality")
    page.get_by_role("link", name="Speed to lead").click()
    assert page.locator(".kpi").nth(3).locator(".kpi-value").inner_text() == "2"  # Lara, Mallory
    shot(page, "08-report-speed")
    assert context.dialogs == []


def test_the_pages_work_on_a_phone(browser, live_server, team):
    phone = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = phone.new_page()
    log_in(page, REP, PASSWORD)
    page.wait_for_url("**/queue")
    # Measured once the page has loaded: mid-navigation there is no document element yet.
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "09-phone-queue", full_page=False)
    page.get_by_role("link", name="Joe Smith", exact=True).click()
    page.wait_for_url("**/leads/*")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "10-phone-brief", full_page=False)
    phone.close()


def test_a_wrong_password_shows_a_message_and_the_limit_kicks_in(context, team):
    page = context.new_page()
    log_in(page, REP, "not-my-password")
    alert = page.get_by_role("alert")
    assert alert.inner_text() == "That email and password do not match an account."
    assert page.get_by_label("Work email").input_value() == REP
    shot(page, "11-login-wrong-password", full_page=False)
    for _ in range(4):
        log_in(page, REP, "not-my-password")
    log_in(page, REP, PASSWORD)  # the right password, too late
    assert "Too many failed logins" in page.get_by_role("alert").inner_text()
    assert page.url.endswith("/login")


def test_a_post_without_csrf_token_is_refused(context, team):
    page = context.new_page()
    log_in(page, REP, PASSWORD)
    page.wait_for_url("**/queue")
    response = page.request.post(
        f"/leads/{team['joe'].id}/outcome", form={"brief_id": "x", "disposition": "connected"}
    )
    assert response.status == 400


def test_a_rep_cannot_open_another_reps_lead(context, team):
    page = context.new_page()
    log_in(page, REP, PASSWORD)
    page.wait_for_url("**/queue")
    response = page.goto(f"/leads/{team['theirs'].id}")
    assert response.status == 404
    assert "Sam's Lead" not in page.content()
    shot(page, "12-not-found", full_page=False)


def test_hostile_comment_text_renders_as_text(context, team):
    page = context.new_page()
    log_in(page, REP, PASSWORD)
    page.wait_for_url("**/queue")
    page.goto(f"/leads/{team['hostile'].id}")
    assert page.locator("h1").inner_text() == "<b>Mallory</b>"
    assert HOSTILE_COMMENT in page.locator(".timeline .comment").first.inner_text()
    assert page.locator("main img[src='x'], main script").count() == 0
    assert context.dialogs == []
    shot(page, "13-hostile-text", full_page=False)


def test_marketing_reads_an_ab_test_on_the_talktrack_report(context, session, team):
    from tests.integration.reports.test_reports import _brief, _outcome

    for variant, meetings in (("A", 5), ("B", 17)):
        for number in range(40):
            brief = _brief(session, team["jon"], "researcher-assets", 2, variant)
            _outcome(session, brief.id, "meeting_booked" if number < meetings else "no_answer")
    session.commit()
    page = context.new_page()
    log_in(page, MARKETING, PASSWORD)
    page.wait_for_url("**/reports/talktracks")
    verdicts = page.locator("table.data", has_text="Verdict").locator("tbody tr")
    assert "Significant" in verdicts.first.inner_text()
    shot(page, "14-report-ab-test")
