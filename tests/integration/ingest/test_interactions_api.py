"""Interaction batches: all-or-nothing, idempotent on (source, external_id), bounded."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def lead_id(client, auth):
    response = client.post(
        "/api/v1/leads",
        json={"email": "jon@example.com", "owner_email": "rita@example.com"},
        headers=auth("admin"),
    )
    return response.get_json()["id"]


def event(n: int, **overrides):
    return {
        "type": "content_download",
        "occurred_at": f"2026-11-{1 + n % 20:02d}T10:00:00+01:00",
        "title": "10 Tips for Improving your Widget ROI",
        "asset_type": "white_paper",
        "source": "marketo",
        "external_id": f"evt-{n}",
        **overrides,
    }


def post(client, headers, lead_id, items, **kwargs):
    return client.post(
        f"/api/v1/leads/{lead_id}/interactions", json=items, headers=headers, **kwargs
    )


def count(client, headers, lead_id) -> int:
    response = client.get(f"/api/v1/leads/{lead_id}/interactions", headers=headers)
    return json.loads(response.headers["X-Pagination"])["total"]


def test_batch_is_stored_and_times_come_back_in_utc(client, auth, lead_id):
    headers = auth("integration")
    response = post(client, headers, lead_id, [event(1), event(2, type="email_open")])
    assert response.status_code == 201
    body = response.get_json()
    assert body["created"] == 2 and body["duplicates"] == 0
    assert body["items"][0]["occurred_at"] == "2026-11-02T09:00:00+00:00"
    assert count(client, headers, lead_id) == 2


def test_redelivered_events_are_duplicates_not_errors(client, auth, lead_id):
    headers = auth("integration")
    post(client, headers, lead_id, [event(1), event(2)])
    response = post(client, headers, lead_id, [event(1), event(2), event(3), event(3)])
    assert response.status_code == 201
    assert response.get_json()["created"] == 1
    assert response.get_json()["duplicates"] == 3
    assert count(client, headers, lead_id) == 3


def test_events_without_external_id_are_always_new(client, auth, lead_id):
    headers = auth("integration")
    item = event(1, external_id=None)
    post(client, headers, lead_id, [item])
    post(client, headers, lead_id, [item])
    assert count(client, headers, lead_id) == 2


def test_one_bad_item_is_422_naming_its_index_and_nothing_is_stored(client, auth, lead_id):
    headers = auth("integration")
    items = [event(1), event(2, type="fax_received"), event(3)]
    response = post(client, headers, lead_id, items)
    assert response.status_code == 422
    assert "type" in response.get_json()["errors"]["json"]["1"]
    assert count(client, headers, lead_id) == 0


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"occurred_at": "2026-11-01T10:00:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": None}, "occurred_at"),
        ({"type": None}, "type"),
        ({"comment": "x" * 10_001}, "comment"),
        ({"title": 42}, "title"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_bad_item_fields_are_named(client, auth, lead_id, item, field):
    response = post(client, auth("integration"), lead_id, [event(1), {**event(2), **item}])
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]["1"]


def test_missing_required_fields_are_named(client, auth, lead_id):
    response = post(client, auth("integration"), lead_id, [{"title": "x"}])
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]["0"]) >= {"type", "occurred_at"}


def test_comment_of_ten_thousand_characters_is_accepted(client, auth, lead_id):
    response = post(client, auth("integration"), lead_id, [event(1, comment="y" * 10_000)])
    assert response.status_code == 201


def test_empty_batch_and_too_many_items_are_422(client, auth, lead_id):
    headers = auth("integration")
    assert post(client, headers, lead_id, []).status_code == 422
    response = post(client, headers, lead_id, [event(n) for n in range(1001)])
    assert response.status_code == 422
    assert "1000" in json.dumps(response.get_json()["errors"])
    assert count(client, headers, lead_id) == 0


def test_a_thousand_items_are_accepted(client, auth, lead_id):
    response = post(client, auth("integration"), lead_id, [event(n) for n in range(1000)])
    assert response.status_code == 201
    assert response.get_json()["created"] == 1000


def test_body_not_a_list_is_422(client, auth, lead_id):
    response = post(client, auth("integration"), lead_id, event(1))
    assert response.status_code == 422


def test_oversized_body_is_413(client, auth, lead_id):
    huge = json.dumps([event(1, comment="z" * (11 * 1024 * 1024))])
    response = client.post(
        f"/api/v1/leads/{lead_id}/interactions",
        data=huge,
        headers={**auth("integration"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


def test_unknown_lead_is_404(client, auth):
    assert post(client, auth("integration"), 987654, [event(1)]).status_code == 404


def test_list_is_newest_first_and_paginated(client, auth, lead_id):
    headers = auth("integration")
    post(client, headers, lead_id, [event(n) for n in range(5)])
    response = client.get(f"/api/v1/leads/{lead_id}/interactions?page_size=2", headers=headers)
    items = response.get_json()
    assert len(items) == 2
    assert items[0]["occurred_at"] > items[1]["occurred_at"]


def test_rep_reads_own_leads_interactions_but_not_others(client, auth, lead_id):
    post(client, auth("integration"), lead_id, [event(1)])
    rita = auth("rep", "rita@example.com")
    assert client.get(f"/api/v1/leads/{lead_id}/interactions", headers=rita).status_code == 200
    sam = auth("rep", "sam@example.com")
    assert client.get(f"/api/v1/leads/{lead_id}/interactions", headers=sam).status_code == 404
    assert post(client, rita, lead_id, [event(2)]).status_code == 403


def test_no_key_is_401(client, lead_id):
    assert post(client, {}, lead_id, [event(1)]).status_code == 401


def test_nul_in_text_is_422_naming_the_field(client, auth, lead_id):
    response = post(client, auth("integration"), lead_id, [event(1, comment="call me\x00 back")])
    assert response.status_code == 422
    assert "comment" in response.get_json()["errors"]["json"]["0"]
