"""A lead who names a competitor with a published battlecard gets the card in the brief (JSON,
HTML, text), with the sentence of the comment that named it as evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callprep.battlecards import store as cards
from callprep.db import utcnow
from tests.support.briefkit import event, make_lead
from tests.support.webtools import hand_raise, login, make_user
from tests.support.webtools import make_lead as web_lead

COMMENT = (
    "We're comparing you with Cogsworth Analytics and WidgetWatch. "
    "Need pricing for roughly 400 widgets."
)
CARD = {
    "competitor": "widgetwatch",
    "aliases": ["Widget Watch"],
    "differ": "We price per site, <not> per widget.",
    "landmines": ["How do they bill a new distribution center?"],
    "proof": "Northwind cut reporting time by 40%.",
}


@pytest.fixture
def lead(session):
    return make_lead(
        session,
        first_name="Marcus",
        events=[
            event(
                "form_submission", utcnow() - timedelta(hours=1), "Contact Sales", comment=COMMENT
            ),
        ],  # fmt: skip
    )


def _publish(session, **changes):
    card = cards.create_card(session, **{**CARD, **changes}, changed_by="maya@example.com")
    cards.publish(session, card.id, 1)
    session.commit()
    return card


def test_the_brief_shows_the_card_with_the_comment_that_named_the_competitor(
    client, auth, session, lead
):
    _publish(session)
    brief = client.get(f"/api/v1/leads/{lead.id}/brief", headers=auth("admin")).json
    [shown] = brief["battlecards"]
    assert shown["competitor"] == "widgetwatch"
    assert shown["differ"] == CARD["differ"]
    assert shown["landmines"] == CARD["landmines"]
    assert shown["proof"] == CARD["proof"]
    assert shown["version"] == 1
    evidence = shown["evidence"]
    fact = next(f for f in brief["facts"] if f["kind"] == "competitor" and "Widget" in f["value"])
    assert (evidence["interaction_id"], evidence["start"], evidence["end"]) == (
        fact["interaction_id"], fact["start"], fact["end"],
    )  # fmt: skip
    assert COMMENT[evidence["start"] : evidence["end"]] == "WidgetWatch"
    assert evidence["quote"] == "We're comparing you with Cogsworth Analytics and WidgetWatch."


def test_no_card_without_a_published_match(client, auth, session, lead):
    draft = cards.create_card(session, **{**CARD, "competitor": "Cogsworth Analytics",
                                          "aliases": []})  # fmt: skip
    session.commit()
    assert draft.status == "draft"
    brief = client.get(f"/api/v1/leads/{lead.id}/brief", headers=auth("admin")).json
    assert brief["battlecards"] == []


def test_publishing_a_new_card_version_changes_the_brief_etag(client, auth, session, lead):
    card = _publish(session)
    headers = auth("admin")
    url = f"/api/v1/leads/{lead.id}/brief"
    etag = client.get(url, headers=headers).headers["ETag"]
    assert client.get(url, headers={**headers, "If-None-Match": etag}).status_code == 304
    cards.save_version(session, card.id, differ="New words.", landmines=["Q?"], proof="P.")
    session.commit()
    assert client.get(url, headers={**headers, "If-None-Match": etag}).status_code == 304
    cards.publish(session, card.id, 2)
    session.commit()
    fresh = client.get(url, headers={**headers, "If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.json["battlecards"][0]["version"] == 2


def test_the_html_and_text_briefs_show_the_card_escaped(client, auth, session, lead):
    _publish(session)
    headers = auth("admin")
    html = client.get(f"/api/v1/leads/{lead.id}/brief?format=html", headers=headers).text
    assert "If they bring up widgetwatch" in html
    assert "&lt;not&gt;" in html and "<not>" not in html
    assert "How do they bill a new distribution center?" in html
    assert "comparing you with Cogsworth Analytics and WidgetWatch." in html
    text = client.get(f"/api/v1/leads/{lead.id}/brief?format=text", headers=headers).text
    assert "IF THEY BRING UP WIDGETWATCH" in text
    assert "- How do they bill a new distribution center?" in text
    assert "Northwind cut reporting time by 40%." in text


def test_the_reps_brief_page_shows_the_card_with_the_name_highlighted(client, session):
    make_user(session, "rita.rep@example.test", "rep", name="Rita Patel")
    lead = web_lead(
        session,
        "marcus@example.test",
        "rita.rep@example.test",
        [hand_raise(60, comment=COMMENT)],
        first_name="Marcus",
    )
    _publish(session, differ="We price per site, <b>not</b> per widget.")
    login(client, "rita.rep@example.test")
    html = client.get(f"/leads/{lead.id}").text
    assert "If they bring up widgetwatch" in html
    assert "with Cogsworth Analytics and <mark>WidgetWatch</mark>." in html
    assert "&lt;b&gt;not&lt;/b&gt;" in html
    assert "How do they bill a new distribution center?" in html
    assert 'data-evidence="ev-fact-' in html.split("If they bring up")[1].split("</section>")[0]
