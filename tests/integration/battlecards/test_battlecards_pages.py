"""The battlecards page through the test client: who may open it, CSRF on every change,
create, save, publish and archive through the store, and a refused form that keeps what was
typed and stores nothing."""

from __future__ import annotations

import pytest

from callprep.battlecards import store as cards
from tests.support.webtools import csrf_from, login, make_user

MARKETING = "maya@example.test"
FORM = {
    "competitor": "WidgetWatch",
    "aliases": "Widget Watch, WW",
    "differ": "We price per site, <b>not</b> per widget.",
    "landmines": "How do they bill a new site?\nWho owns the data?\n",
    "proof": "Northwind cut reporting time by 40%.",
}


@pytest.fixture
def marketing(client, session):
    make_user(session, MARKETING, role="marketing", name="Maya Ortiz")
    login(client, MARKETING)
    return client


def _create(client, **changes):
    token = csrf_from(client.get("/battlecards").text)
    return client.post("/battlecards", data={**FORM, **changes, "csrf_token": token})


def test_marketing_creates_saves_and_publishes_a_card(marketing, session):
    created = _create(marketing)
    assert created.status_code == 302
    url = created.headers["Location"]
    page = marketing.get(url).text
    assert "If they bring up WidgetWatch" in page
    assert "&lt;b&gt;not&lt;/b&gt;" in page and "<b>not</b>" not in page
    assert "Not published" in page
    [card] = cards.list_cards(session)
    assert card.aliases == ["Widget Watch", "WW"]
    assert card.latest.landmines == ["How do they bill a new site?", "Who owns the data?"]
    assert card.latest.changed_by == MARKETING

    saved = marketing.post(url, data={**FORM, "differ": "Sites, not widgets.", "base_version": 1,
                                      "csrf_token": csrf_from(page)})  # fmt: skip
    assert saved.status_code == 302
    published = marketing.post(f"{url}/publish", data={"version": 2, "csrf_token": csrf_from(page)})
    assert published.status_code == 302
    page = marketing.get(url).text
    assert "Briefs show version 2" in page
    assert cards.cards_for(session, ["ww"])[0].differ == "Sites, not widgets."
    listing = marketing.get("/battlecards").text
    assert "WidgetWatch" in listing and "Published" in listing

    archived = marketing.post(f"{url}/archive", data={"csrf_token": csrf_from(page)})
    assert archived.status_code == 302
    session.expire_all()
    assert cards.cards_for(session, ["ww"]) == []


def test_a_refused_form_keeps_what_was_typed_names_the_field_and_stores_nothing(marketing, session):
    refused = _create(marketing, landmines="\n".join(f"question {n}?" for n in range(7)))
    assert refused.status_code == 422
    assert "at most 5 landmine questions" in refused.text
    assert 'id="card-landmines" name="landmines" rows="4" required aria-invalid="true"' in (
        refused.text
    )
    assert "question 6?" in refused.text  # nothing typed is lost
    assert cards.list_cards(session) == []


def test_a_stale_save_shows_the_form_again_and_keeps_the_stored_versions(marketing, session):
    url = _create(marketing).headers["Location"]
    token = csrf_from(marketing.get(url).text)
    first = {**FORM, "differ": "Theirs.", "base_version": 1, "csrf_token": token}
    assert marketing.post(url, data=first).status_code == 302
    stale = marketing.post(url, data={**FORM, "differ": "Mine.", "base_version": 1,
                                      "csrf_token": token})  # fmt: skip
    assert stale.status_code == 409
    assert "Mine." in stale.text and "reload, merge their change" in stale.text
    [card] = cards.list_cards(session)
    assert card.latest.version == 2 and card.latest.differ == "Theirs."


def test_every_change_needs_the_csrf_token(marketing, session):
    assert marketing.post("/battlecards", data=FORM).status_code == 400
    assert cards.list_cards(session) == []


def test_reps_may_not_open_the_page(client, session):
    make_user(session, "rita@example.test", role="rep")
    login(client, "rita@example.test")
    assert client.get("/battlecards").status_code == 403
    assert client.get("/").status_code in (200, 302)


def test_the_nav_links_to_battlecards_for_marketing(marketing):
    assert 'href="/battlecards"' in marketing.get("/battlecards").text
