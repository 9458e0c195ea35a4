"""The editor's lead picker and its preview only read what they show: lead names and the
track each lead's brief would use, and the lead's track context. No brief is built for them
(no interaction history read for the picker, no track chosen or rendered for the preview)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from callprep.models import BriefRecord
from callprep.talktracks import editing
from tests.support.briefkit import add_topic, make_lead
from tests.support.statements import statements_of
from tests.support.webtools import csrf_from, login, make_user

MARKETING = "maya@example.test"
TOPIC_BODY = (
    "{% block opener %}\nAbout {{ topics[0].name if topics else 'widgets' }}.\n{% endblock %}\n"
)


@pytest.fixture
def marketing(client, session):
    make_user(session, MARKETING, role="marketing", name="Maya Ortiz")
    login(client, MARKETING)
    return client


def _statements(engine, action):
    return statements_of(engine, action)


def _reads(statements, table: str) -> list[str]:
    return [s for s in statements if re.search(rf"\b{table}\b", s)]


def _group(page: str, label: str) -> str:
    start = page.index(f'<optgroup label="{label}')
    return page[start : page.index("</optgroup>", start)]


@pytest.mark.usefixtures("default_tracks")
def test_the_picker_lists_names_and_each_leads_track_without_building_briefs(
    marketing, session, engine
):
    # Two cold leads (no history): one has the topic of a topic track, the other does not.
    topical = make_lead(session, first_name="Tess", last_name="Topical", company="Acme")
    add_topic(session, topical, "widget roi", 2.0)
    plain = make_lead(session, first_name="Pat", last_name="Plain", company="Globex")
    editing.create_track(
        session, name="cold-widgets", situation="cold", body=TOPIC_BODY, topics=["widget roi"]
    )
    editing.publish(session, "cold-widgets", 1)
    session.commit()

    page, statements = _statements(engine, lambda: marketing.get("/talktracks/cold-widgets"))
    assert page.status_code == 200
    this = _group(page.text, "Leads whose brief uses this track")
    other = _group(page.text, "Other cold leads")
    assert f'value="{topical.id}" data-track="cold-widgets" data-version="1"' in this
    assert "Tess Topical · Acme" in this
    assert f'value="{plain.id}" data-track="cold-default"' in other
    assert "Pat Plain · Globex — uses cold-default" in other
    # Names, topics and the published tracks only: no lead's history, facts or brief.
    assert not _reads(statements, "interactions")
    assert not _reads(statements, "lead_facts")

    page = marketing.get("/talktracks/cold-default")
    assert f'value="{plain.id}" data-track="cold-default"' in _group(
        page.text, "Leads whose brief uses this track"
    )


@pytest.mark.usefixtures("default_tracks")
def test_previewing_against_a_lead_reads_its_context_and_chooses_no_track(
    marketing, session, engine
):
    lead = make_lead(session, first_name="Ada", company="Acme")
    add_topic(session, lead, "widget roi", 2.0)
    token = csrf_from(marketing.get("/talktracks/cold-default").text)

    answer, statements = _statements(
        engine,
        lambda: marketing.post(
            "/talktracks/cold-default/preview",
            json={"body": TOPIC_BODY, "lead": str(lead.id)},
            headers={"X-CSRFToken": token},
        ),
    )
    assert answer.status_code == 200, answer.json
    assert answer.json["opening_line"] == "About widget roi."
    assert answer.json["lead_id"] == lead.id
    # The brief's own reads feed the context; the published tracks are not read (no brief
    # is assembled), and nothing is recorded.
    assert _reads(statements, "lead_topics")
    assert not _reads(statements, "talk_track_variants")
    assert session.scalar(select(func.count()).select_from(BriefRecord)) == 0
