"""The battlecard API: create, versions, publish, archive; who may write; bad input (422 with
the field named, nothing stored); stale saves (409 with base_version, 412 with If-Match)."""

from __future__ import annotations

import pytest

URL = "/api/v1/battlecards"
MARKETING = "maya.marketing@example.com"
CARD = {
    "competitor": "Cogsworth Analytics",
    "aliases": ["Cogsworth"],
    "differ": "We show ROI per widget; they show dashboards.",
    "landmines": ["Can they break ROI down per site?", "What does a new site cost?"],
    "proof": "Northwind Logistics moved from Cogsworth in 3 weeks.",
}
VERSION = {"differ": "ROI per widget, live.", "landmines": ["Per site?"], "proof": "3 weeks."}


@pytest.fixture
def marketing(auth):
    return auth("marketing", MARKETING)


@pytest.fixture
def card(client, marketing):
    response = client.post(URL, json=CARD, headers=marketing)
    assert response.status_code == 201, response.json
    return response.json


def test_marketing_creates_a_draft_card_and_publishes_it(client, marketing, card):
    assert card["status"] == "draft"
    assert card["latest_version"] == 1
    assert card["latest"]["changed_by"] == MARKETING
    assert card["published"] is None
    published = client.post(f"{URL}/{card['id']}/publish", json={"version": 1}, headers=marketing)
    assert published.status_code == 200, published.json
    assert published.json["status"] == "published"
    assert published.json["published"]["landmines"] == CARD["landmines"]
    assert published.json["published_by"] == MARKETING
    listed = client.get(URL, headers=marketing).json
    assert [c["competitor"] for c in listed] == ["Cogsworth Analytics"]


def test_a_new_version_then_the_versions_newest_first(client, marketing, card):
    url = f"{URL}/{card['id']}"
    saved = client.put(url, json={**VERSION, "base_version": 1}, headers=marketing)
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == 2
    assert saved.headers["ETag"] == f'"card-{card["id"]}.v2"'
    got = client.get(url, headers=marketing)
    assert got.json["latest_version"] == 2
    assert got.json["has_unpublished_changes"] is True
    versions = client.get(f"{url}/versions", headers=marketing).json
    assert [v["version"] for v in versions] == [2, 1]


def test_a_stale_save_is_409_with_base_version_and_412_with_if_match(client, marketing, card):
    url = f"{URL}/{card['id']}"
    etag = client.get(url, headers=marketing).headers["ETag"]
    first = client.put(url, json={**VERSION, "base_version": 1}, headers=marketing)
    assert first.status_code == 200
    stale = client.put(url, json={**VERSION, "differ": "Mine.", "base_version": 1},
                       headers=marketing)  # fmt: skip
    assert stale.status_code == 409
    assert stale.json["current"]["version"] == 2
    assert "base_version" in stale.json["errors"]
    precondition = client.put(url, json=VERSION, headers={**marketing, "If-Match": etag})
    assert precondition.status_code == 412
    assert precondition.json["current"]["differ"] == VERSION["differ"]
    versions = client.get(f"{url}/versions", headers=marketing).json
    assert [v["version"] for v in versions] == [2, 1]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**CARD, "competitor": ""}, "competitor"),
        ({**CARD, "competitor": "   "}, "competitor"),
        ({**CARD, "differ": "x" * 501}, "differ"),
        ({**CARD, "landmines": []}, "landmines"),
        ({**CARD, "landmines": ["q"] * 6}, "landmines"),
        ({**CARD, "proof": None}, "proof"),
        ({**CARD, "aliases": ["ok", "bad\x00"]}, "aliases"),
        ({k: v for k, v in CARD.items() if k != "differ"}, "differ"),
        ({**CARD, "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(client, marketing, payload, field):
    response = client.post(URL, json=payload, headers=marketing)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    assert field in response.json["message"]
    assert client.get(URL, headers=marketing).json == []


def test_a_bad_version_keeps_what_is_stored(client, marketing, card):
    url = f"{URL}/{card['id']}"
    bad = client.put(url, json={**VERSION, "landmines": ["x" * 201]}, headers=marketing)
    assert bad.status_code == 422
    assert "landmines" in bad.json["errors"]["json"]
    kept = client.get(url, headers=marketing).json
    assert kept["latest_version"] == 1
    assert kept["latest"]["differ"] == CARD["differ"]


def test_a_taken_name_is_409(client, marketing, card):
    again = client.post(URL, json={**CARD, "competitor": "COGSWORTH", "aliases": []},
                        headers=marketing)  # fmt: skip
    assert again.status_code == 409
    assert "competitor" in again.json["errors"]


def test_reps_read_cards_but_may_not_write_them(client, auth, marketing, card):
    rep = auth("rep", "rita@example.com")
    url = f"{URL}/{card['id']}"
    assert client.get(URL, headers=rep).status_code == 200
    assert client.get(url, headers=rep).status_code == 200
    assert client.post(URL, json={**CARD, "competitor": "Other"}, headers=rep).status_code == 403
    assert client.put(url, json=VERSION, headers=rep).status_code == 403
    assert client.post(f"{url}/publish", json={"version": 1}, headers=rep).status_code == 403
    assert client.post(f"{url}/archive", headers=rep).status_code == 403
    assert client.get(url, headers=marketing).json["status"] == "draft"
    assert client.get(URL).status_code == 401


def test_archive_hides_the_card_and_publishing_it_is_409(client, marketing, card):
    url = f"{URL}/{card['id']}"
    archived = client.post(f"{url}/archive", headers=marketing)
    assert archived.status_code == 200
    assert archived.json["status"] == "archived"
    assert client.post(f"{url}/publish", json={"version": 1}, headers=marketing).status_code == 409
    assert client.get(f"{URL}?include_archived=false", headers=marketing).json == []


def test_unknown_cards_and_versions_are_404(client, marketing, card):
    assert client.get(f"{URL}/999999", headers=marketing).status_code == 404
    missing = client.post(f"{URL}/{card['id']}/publish", json={"version": 9}, headers=marketing)
    assert missing.status_code == 404


def test_card_text_is_returned_as_plain_text(client, marketing):
    hostile = {**CARD, "differ": '<script>alert("x")</script> & more'}
    created = client.post(URL, json=hostile, headers=marketing)
    assert created.status_code == 201
    assert created.json["latest"]["differ"] == hostile["differ"]
    assert created.mimetype == "application/json"


@pytest.mark.parametrize("card_id", [2**31, 2**63 - 1])
def test_an_id_beyond_the_id_column_is_an_unknown_card(client, marketing, card_id):
    # 2**31 is a valid path integer but no INTEGER id: on PostgreSQL a query with it is an
    # "integer out of range" error, which must not surface as a 500.
    assert client.get(f"/api/v1/battlecards/{card_id}", headers=marketing).status_code == 404
    response = client.post(
        f"/api/v1/battlecards/{card_id}/publish", json={"version": 1}, headers=marketing
    )
    assert response.status_code == 404
