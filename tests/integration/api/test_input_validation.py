"""One validation layer: input no person means is a 4xx naming the field, never a 500, at
every entry point (API bodies, query arguments, paths, web forms, webhooks, imports)."""

from __future__ import annotations

import io
import json
import time

import pytest

from callprep.imports import webhooks as webhooks
from tests.support.briefkit import make_lead

SECRET = "whsec-current-2026"


@pytest.fixture(autouse=True)
def secrets(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_SECRETS", [SECRET])


def _assert_4xx(response, *names):
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data()[:300])
    text = response.get_data(as_text=True)
    for name in names:
        assert name in text, text[:300]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/leads?email=a%00b@example.com",
        "/api/v1/leads?q=ab%00c",
        "/api/v1/leads?owner_email=rita%00@example.com",
        "/api/v1/queue?owner_email=rita%00@example.com",
        "/api/v1/brief?email=joe%00@example.com",
        "/api/v1/brief?external_system=sf%00&external_id=1",
        "/api/v1/talktracks/bad%00name",
        "/api/v1/talktracks/bad%00name/versions",
    ],
)
def test_nul_in_a_query_or_path_is_a_400_naming_it(client, auth, path):
    response = client.get(path, headers=auth("admin"))
    _assert_4xx(response, "NUL")


@pytest.mark.parametrize(
    "body",
    [
        {"email": "joe@example.com", "external_ids": {"salesforce": "00Q\u0000"}},
        {"email": "joe@example.com", "external_ids": {"sales\u0000force": "00Q1"}},
        {"email": "joe@example.com", "first_name": "Jo\ud800e"},
        {"email": "joe@example.com", "company": "\udfff"},
    ],
)
def test_nul_and_lone_surrogates_in_a_body_are_refused(client, auth, body, session):
    response = client.post("/api/v1/leads", json=body, headers=auth("admin"))
    _assert_4xx(response)
    assert client.get("/api/v1/leads", headers=auth("admin")).get_json() == []


def test_nul_in_glossary_topics_is_refused(client, auth):
    body = {"entries": [{"topic": "sso\u0000", "synonyms": ["single sign-on"]}]}
    _assert_4xx(client.put("/api/v1/glossary", json=body, headers=auth("marketing")))


def test_json_nested_50000_deep_is_a_400(client, auth):
    body = "[" * 50_000 + "]" * 50_000
    response = client.post(
        "/api/v1/leads", data=body, headers=auth("admin"), content_type="application/json"
    )
    _assert_4xx(response, "nested")


def test_nested_json_in_a_signed_webhook_is_a_4xx(client):
    body = ('{"events": ' + "[" * 50_000 + "]" * 50_000 + "}").encode()
    timestamp = str(int(time.time()))
    response = client.post(
        "/api/v1/webhooks/events",
        data=body,
        headers={
            "X-Callprep-Timestamp": timestamp,
            "X-Callprep-Signature": webhooks.sign_callprep(SECRET, timestamp, body),
            "Content-Type": "application/json",
        },
    )
    _assert_4xx(response)


def test_a_400_digit_webhook_timestamp_is_refused_without_a_signature(client):
    response = client.post(
        "/api/v1/webhooks/events",
        data=b"{}",
        headers={
            "X-Callprep-Timestamp": "9" * 400,
            "X-Callprep-Signature": "v1=00",
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 401


def test_a_400_digit_hubspot_timestamp_is_refused(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "HUBSPOT_CLIENT_SECRET", "x")
    response = client.post(
        "/api/v1/webhooks/events",
        data=b"{}",
        headers={
            "X-HubSpot-Request-Timestamp": "9" * 400,
            "X-HubSpot-Signature-v3": "abc",
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 401


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "9" * 400])
def test_non_finite_and_huge_numbers_in_a_body_are_refused(client, auth, number):
    body = '{"email": "joe@example.com", "first_name": NUMBER}'.replace("NUMBER", number)
    response = client.post(
        "/api/v1/leads", data=body, headers=auth("admin"), content_type="application/json"
    )
    _assert_4xx(response)


def test_huge_ids_in_paths_are_404(client, auth):
    headers = auth("admin")
    assert client.get(f"/api/v1/leads/{10**30}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/leads/{10**30}/interactions", headers=headers).status_code == 404
    assert client.get(f"/api/v1/leads/{2**63}/brief", headers=headers).status_code == 404


@pytest.mark.parametrize("page", [str(10**21), str(2**62), "9" * 400])
def test_a_huge_page_number_is_a_422(client, auth, page):
    for path in ("/api/v1/leads", "/api/v1/queue"):
        response = client.get(f"{path}?page={page}", headers=auth("admin"))
        _assert_4xx(response, "page")


def test_q_percent_and_underscore_match_literally(client, auth, session):
    make_lead(session, email="joe@example.com", company="Acme")
    make_lead(session, email="ann_lee@example.com", company="100% Widgets")
    headers = auth("admin")

    def found(q):
        response = client.get("/api/v1/leads", query_string={"q": q}, headers=headers)
        return sorted(lead["email"] for lead in response.get_json())

    assert found("%") == ["ann_lee@example.com"]
    assert found("_") == ["ann_lee@example.com"]
    assert found("n_l") == ["ann_lee@example.com"]
    assert found("0%") == ["ann_lee@example.com"]


def test_a_jsonl_lead_id_of_1e999_is_a_rejected_row(client, auth, session):
    lead = make_lead(session, email="joe@example.com")
    lines = "\n".join(
        [
            '{"lead_id": 1e999, "type": "web_visit", "occurred_at": "2026-11-22T09:00:00Z"}',
            '{"lead_id": 999999999999999999999999999999, "type": "web_visit", '
            '"occurred_at": "2026-11-22T09:00:00Z"}',
            json.dumps(
                {"lead_id": lead.id, "type": "web_visit", "occurred_at": "2026-11-22T09:00:00Z"}
            ),
        ]
    )
    data = {"kind": "interactions", "file": (io.BytesIO(lines.encode()), "events.jsonl")}
    response = client.post(
        "/api/v1/imports", data=data, headers=auth("admin"), content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    report = response.get_json()
    assert report["created"] == 1 and report["rejected"] == 2


def test_nul_in_an_import_cell_is_a_rejected_row(client, auth, session):
    csv_text = "email,first_name\njoe@example.com,Jo\x00e\nann@example.com,Ann\n"
    data = {"kind": "leads", "file": (io.BytesIO(csv_text.encode()), "leads.csv")}
    response = client.post(
        "/api/v1/imports", data=data, headers=auth("admin"), content_type="multipart/form-data"
    )
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:500]
    text = response.get_data(as_text=True)
    assert "NUL" in text or "2" in text


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/api/v1/leads", "GET, POST"),
        ("/api/v1/talktracks/validate", "POST"),  # not /talktracks/<name>'s GET and PUT
        ("/healthz", "GET, HEAD, OPTIONS"),
        ("/login", "GET, HEAD, OPTIONS, POST"),
    ],
)
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
def test_an_unsupported_method_is_405_with_the_resources_allow(client, auth, path, allowed, method):
    response = client.open(path, method=method, headers=auth("admin"))
    assert response.status_code == 405
    assert response.headers.get("Allow") == allowed


def test_patch_without_a_body_is_422(client, auth, session):
    lead = make_lead(session, email="joe@example.com")
    response = client.patch(f"/api/v1/leads/{lead.id}", headers=auth("admin"))
    assert response.status_code == 422


def test_the_openapi_document_declares_pagination_and_the_409_lead_id(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    listing = spec["paths"]["/api/v1/leads"]["get"]["responses"]["200"]
    assert "X-Pagination" in listing["headers"]
    conflict = spec["paths"]["/api/v1/leads"]["post"]["responses"]["409"]
    schema = conflict["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert "lead_id" in schema["properties"]
