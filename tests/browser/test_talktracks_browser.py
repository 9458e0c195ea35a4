"""The talk-track editor in a real headless Chromium, served by waitress on 127.0.0.1:
marketing edits a track, previews it against Joe, sees an error at its line, fixes it,
publishes, and Joe's rep sees the new wording in the brief.

Screenshots go to test-artifacts/ (gitignored); look at them when the page changes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from callprep.demo import DEMO_PASSWORD, load_demo
from callprep.models import Lead
from callprep.talktracks.store import seed_default_tracks
from tests.support.live_server import chromium, log_in, screenshot, threaded_server, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKETING = "maya.marketing@demo.callprep.test"
JOE = "joe.smith@contoso-mfg.example.com"
NEW_WORDING = "Thanks for raising your hand"
NEW_OPENER = """{% block opener %}
Hi {{ name }}! Thanks for raising your hand
{%- if facts.referrer %}, and for mentioning {{ facts.referrer.value|shorten(40) }}{% endif %}.
{% endblock %}"""


@pytest.fixture
def demo(app) -> int:
    """The demo data set and the shipped tracks; returns Joe's lead id."""
    session = app.extensions["callprep.sessionmaker"]()
    try:
        load_demo(session)
        seed_default_tracks(session)
        session.commit()
        return session.scalar(select(Lead.id).where(Lead.email == JOE))
    finally:
        session.close()


@pytest.fixture
def server(app, demo) -> Iterator[str]:
    with threaded_server(app) as base:
        yield base


@pytest.fixture
def page(server):
    with chromium() as browser:
        context = browser.new_context(base_url=server, viewport={"width": 1400, "height": 1000})
        page = watched_page(context)
        yield page
        context.close()


def shot(page, name: str) -> None:
    screenshot(page, name)


def test_marketing_edits_previews_fixes_and_publishes_and_the_rep_sees_it(page, demo):
    from playwright.sync_api import expect

    log_in(page, MARKETING, DEMO_PASSWORD)
    page.goto("/talktracks")
    expect(page.get_by_role("link", name="hand_raiser-default")).to_be_visible()
    shot(page, "talktracks-01-list")

    page.get_by_role("link", name="hand_raiser-default").click()
    page.locator("#tt-lead").select_option(str(demo))
    expect(page.locator("#tt-opening")).to_contain_text("Hi Joe")
    # The line behind the opener names the form Joe filled in.
    expect(page.locator(".tt-line").first.locator(".tt-chip").first).to_contain_text("Contact")

    body = page.evaluate("window.callprepEditor.getValue()")
    # Marketing rewrites the opener block (whatever the shipped wording is today)...
    edited = re.sub(r"\{% block opener %\}.*?\{% endblock %\}", lambda _: NEW_OPENER, body,
                    count=1, flags=re.S)  # fmt: skip
    assert edited != body
    # ...with a typo on the line after {% block opener %}: the editor must point at it.
    lines = edited.split("\n")
    bad_line = lines.index("{% block opener %}") + 2
    lines.insert(bad_line - 1, "{{ lead.frist_name }}")
    page.evaluate("body => window.callprepEditor.setValue(body)", "\n".join(lines))

    marker = page.locator(f'.tt-gutter-marker[data-line="{bad_line}"]')
    expect(marker).to_be_visible()
    expect(page.locator("#tt-errors")).to_contain_text(f"Line {bad_line}")
    expect(page.locator("#tt-errors")).to_contain_text("no attribute 'frist_name'")
    expect(page.locator(".CodeMirror")).to_be_visible()  # highlighted editor, not a bare textarea
    shot(page, "talktracks-02-error-at-its-line")

    # Saving the broken body is refused too.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#tt-save-status")).to_contain_text("Not saved")

    page.evaluate("body => window.callprepEditor.setValue(body)", edited)
    expect(page.locator("#tt-opening")).to_contain_text(NEW_WORDING)
    expect(page.locator("#tt-problems")).to_be_hidden()
    expect(page.locator(".tt-gutter-marker")).to_have_count(0)
    expect(page.locator("#tt-save-status")).to_have_text("")  # the refusal is no longer true
    expect(page.locator("#tt-dirty")).to_be_visible()
    shot(page, "talktracks-03-fixed-preview")

    page.get_by_placeholder("What changed?").fill("Warmer thanks for hand-raisers")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"version=2"))
    expect(page.locator(".flash")).to_contain_text("Saved version 2")
    expect(page.locator("#tt-lead")).to_have_value(str(demo))  # still previewing Joe
    expect(page.locator("#tt-opening")).to_contain_text(NEW_WORDING)
    page.locator('[data-publish="2"]').click()
    confirm = page.locator("#tt-confirm")  # publishing asks first, in words
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Publish version 2 as variant A?")
    expect(confirm).to_contain_text("instead of version 1")
    shot(page, "talktracks-03b-publish-confirmation")
    confirm.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("Published version 2 as variant A")
    expect(page.locator("#variants")).to_contain_text("v2")
    page.get_by_role("link", name="Diff").first.click()
    expect(page.locator(".tt-diff .d-add").first).to_contain_text(NEW_WORDING)
    shot(page, "talktracks-04-published-with-diff")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "rita.rep@demo.callprep.test", DEMO_PASSWORD)
    page.goto(f"/leads/{demo}")
    expect(page.locator("#opener-text")).to_contain_text(NEW_WORDING)
    shot(page, "talktracks-05-rep-brief-with-new-wording")

    # A rep may not open the editor.
    response = page.goto("/talktracks")
    assert response.status == 403
    assert page.js_errors == []


def test_the_palette_inserts_snippets_and_the_preview_starts_on_a_lead_of_this_track(page, demo):
    from playwright.sync_api import expect

    log_in(page, MARKETING, DEMO_PASSWORD)
    page.goto("/talktracks/hand_raiser-default")
    expect(page.locator("#tt-lead-track")).to_contain_text("Their real brief uses this track")
    expect(page.locator("#tt-opening")).not_to_be_empty()
    assert page.locator("details:has(> summary:text('Variables'))").get_attribute("open") == ""
    # Insert a snippet at the end of the opener block, through the palette.
    page.evaluate(
        "() => { const cm = document.querySelector('.CodeMirror').CodeMirror;"
        " const line = cm.getValue().split('\\n').findIndex(l => l.includes('endblock'));"
        " cm.setCursor({line: line, ch: 0}); }"
    )
    page.get_by_role("button", name="If we know their referrer, say…").click()
    body = page.evaluate("() => window.callprepEditor.getValue()")
    assert "{% if facts.referrer %}" in body
    expect(page.locator("#tt-problems")).to_be_hidden()
    expect(page.locator("#tt-dirty")).to_be_visible()
    # A broken tag is reported at its own line, in plain words.
    broken = body.replace("{% block questions %}", "{% block questions %}\n{% if lead.company")
    page.evaluate("body => window.callprepEditor.setValue(body)", broken)
    line = broken.split("\n").index("{% if lead.company") + 1
    expect(page.locator(".tt-error")).to_contain_text(f"Line {line}")
    expect(page.locator(".tt-error")).to_contain_text("{% if lead.company is not closed")
    shot(page, "talktracks-06-palette-and-plain-error")
    assert page.js_errors == []
