"""Genuine vendor payloads and exports (tests/data/vendors, see SOURCES.md), end to end:
signed as the vendor documents, delivered, looked up, briefed."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from callprep import create_app
from callprep.imports import webhooks
from callprep.ingest.vendor_dates import NotADate, parse_vendor_datetime
from callprep.leads.crm_ids import salesforce_id18
from callprep.models import Interaction, Lead, WebhookDelivery
from tests.support.live_server import live_server

VENDORS = Path(__file__).resolve().parents[2] / "data" / "vendors"
MAUTIC_SECRET = "mautic-shared-secret"
# HubSpot's documented example client secret (v1 and v3 examples).
HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"


def fixture(path: str):
    return json.loads((VENDORS / path).read_text())


@pytest.fixture(autouse=True)
def secrets(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAUTIC_SECRET", MAUTIC_SECRET)
    monkeypatch.setitem(app.config, "HUBSPOT_CLIENT_SECRET", HUBSPOT_SECRET)


def lead(session, email):
    session.expire_all()
    return session.scalar(select(Lead).where(Lead.email == email))


def interactions(session, email):
    session.expire_all()
    return session.scalars(
        select(Interaction).join(Lead).where(Lead.email == email).order_by(Interaction.id)
    ).all()


def brief(client, auth, email, fmt=None):
    query = f"/api/v1/brief?email={email}" + (f"&format={fmt}" if fmt else "")
    response = client.get(query, headers=auth("integration"))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json() if fmt is None else response.get_data(as_text=True)


# ---------------------------------------------------------------- Mautic


def mautic_deliver(client, payload):
    body = json.dumps(payload).encode()  # Mautic signs json_encode() of the payload
    signature = webhooks.mautic_signature(MAUTIC_SECRET, body)
    return client.post(
        "/api/v1/webhooks/mautic",
        data=body,
        headers={"Webhook-Signature": signature, "Content-Type": "application/json"},
    )


def test_mautic_send_test_payload_is_one_object_not_a_list(client, auth, session):
    payload = {
        "mautic.form_on_submit": fixture("mautic/form_on_submit.json"),
        "timestamp": "2026-11-30T10:00:00+00:00",
    }
    response = mautic_deliver(client, payload)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 1 and response.get_json()["skipped"] == 0
    (submission,) = interactions(session, "email@formsubmit.com")
    assert (submission.type, submission.title, submission.source, submission.external_id) == (
        "form_submission",
        "lead points",
        "mautic",
        "submission-13",
    )
    assert submission.url == "http://mautic-gh.com/s/forms/preview/4"
    assert submission.occurred_at == datetime(2015, 8, 26, 1, 30, 34, tzinfo=UTC)
    assert brief(client, auth, "email@formsubmit.com")["lead"]["email"] == "email@formsubmit.com"


def queued(event_type, *entries):
    return [{**entry, "timestamp": "2026-11-30T10:00:00+00:00"} for entry in entries]


def test_every_mautic_event_type_with_a_contact_is_stored_and_the_rest_skipped(
    client, auth, session
):
    anonymous = copy.deepcopy(fixture("mautic/form_on_submit.json"))
    anonymous["submission"].update(id=14, lead={"id": 27, "fields": {"core": {}}}, results={})
    payload = {
        "mautic.lead_post_save_new": queued("new", *fixture("mautic/lead_post_save_new.json")),
        "mautic.form_on_submit": queued("submit", fixture("mautic/form_on_submit.json"), anonymous),
        "mautic.page_on_hit": queued("hit", fixture("mautic/page_on_hit.json")),
        "mautic.email_on_open": queued("open", fixture("mautic/email_on_open.json")),
        "mautic.lead_points_change": [{"contact": {"id": 52}, "points": {"old_points": 0}}],
        "timestamp": "2026-11-30T10:00:00+00:00",
    }
    response = mautic_deliver(client, payload)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["events"], body["created"], body["leads_created"], body["skipped"]) == (6, 3, 3, 2)
    assert [r["status"] for r in body["results"]] == [
        "lead_created",  # lead_post_save_new
        "created",  # form_on_submit
        "skipped",  # the anonymous submission
        "created",  # page_on_hit
        "created",  # email_on_open
        "skipped",  # lead_points_change
    ]
    reasons = {skip["event"]: skip["reason"] for skip in body["skips"]}
    assert reasons["mautic.form_on_submit"].startswith("anonymous")
    assert "not stored" in reasons["mautic.lead_points_change"]

    john = lead(session, "john@doe.name")
    assert (john.first_name, john.last_name, john.company) == ("John", "Doe", None)
    (hit,) = [i for i in interactions(session, "email@formsubmit.com") if i.type == "web_visit"]
    assert (hit.url, hit.title) == ("http://mautic-gh.com/pagehit", "PageHit")
    (opened,) = interactions(session, "test@test.com")
    assert (opened.type, opened.title) == ("email_open", "Email")
    assert opened.occurred_at == datetime(2015, 8, 26, 1, 35, 53, tzinfo=UTC)

    # The contact is then edited in Mautic: the update reaches the lead.
    update = mautic_deliver(
        client,
        {
            "mautic.lead_post_save_update": queued(
                "u", *fixture("mautic/lead_post_save_update.json")
            )
        },
    ).get_json()
    assert update["leads_updated"] == 1 and update["skipped"] == 0
    assert update["results"] == [{"index": 0, "status": "lead_updated"}]
    assert lead(session, "john@doe.name").company == "Mautic"
    assert brief(client, auth, "john@doe.name")["lead"]["company"] == "Mautic"

    # Mautic never redelivers, but a replay changes nothing.
    again = mautic_deliver(client, payload).get_json()
    assert again["created"] == 0 and again["duplicates"] == 3
    assert [r["status"] for r in again["results"]][:2] == ["lead_unchanged", "duplicate"]


def test_skipped_events_are_listed_for_operators_without_personal_data(client, auth, session):
    anonymous = copy.deepcopy(fixture("mautic/page_on_hit.json"))
    anonymous["hit"]["lead"] = {"id": 99, "fields": {"core": {"email": {"value": None}}}}
    mautic_deliver(client, {"mautic.page_on_hit": [anonymous, fixture("mautic/page_on_hit.json")]})
    for role in ("admin", "integration"):
        listing = client.get("/api/v1/deliveries?skipped=true", headers=auth(role))
        assert listing.status_code == 200, listing.get_json()
        (delivery,) = listing.get_json()["items"]
        assert (delivery["source"], delivery["created"], delivery["skipped"]) == ("mautic", 1, 1)
        assert delivery["skips"][0]["index"] == 0
        assert "anonymous" in delivery["skips"][0]["reason"]
        assert "formsubmit" not in json.dumps(delivery)  # no email anywhere
    rep = auth("rep", "rita.rep@example.test")
    assert client.get("/api/v1/deliveries", headers=rep).status_code == 403
    assert client.get("/api/v1/deliveries").status_code == 401


def test_mautic_field_aliases_and_its_utc_date_format(client, session):
    submission = copy.deepcopy(fixture("mautic/form_on_submit.json"))
    submission["submission"]["dateSubmitted"] = "2026-11-30 09:15:00"
    submission["submission"]["results"] = {
        "email_address": "Ana.Lima@Example.com",
        "first_name": "Ana",
        "last_name": "Lima",
        "company_name": "Lima Ltda",
        "message": "Can you integrate with our ERP?",
    }
    response = mautic_deliver(client, {"mautic.form_on_submit": submission})
    assert response.status_code == 200 and response.get_json()["created"] == 1
    ana = lead(session, "ana.lima@example.com")
    assert (ana.first_name, ana.last_name, ana.company) == ("Ana", "Lima", "Lima Ltda")
    (item,) = interactions(session, "ana.lima@example.com")
    assert item.occurred_at == datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    assert item.comment == "Can you integrate with our ERP?"


def test_a_delivery_that_cannot_be_trusted_or_read_is_refused_whole(client, session):
    body = json.dumps({"mautic.form_on_submit": fixture("mautic/form_on_submit.json")}).encode()
    bad = client.post(
        "/api/v1/webhooks/mautic",
        data=body,
        headers={"Webhook-Signature": webhooks.mautic_signature("other", body)},
    )
    assert bad.status_code == 401
    not_json = b"<xml/>"
    refused = client.post(
        "/api/v1/webhooks/mautic",
        data=not_json,
        headers={"Webhook-Signature": webhooks.mautic_signature(MAUTIC_SECRET, not_json)},
    )
    assert refused.status_code == 422
    session.expire_all()
    assert session.scalars(select(WebhookDelivery)).all() == []
    assert session.scalars(select(Interaction)).all() == []


# ---------------------------------------------------------------- HubSpot


def test_hubspot_v1_signature_matches_hubspots_documented_example():
    body = (VENDORS / "hubspot/crm_webhook_v1.json").read_bytes()
    documented = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
    assert webhooks.hubspot_legacy_signature(HUBSPOT_SECRET, "v1", "POST", "", body) == documented


def test_a_v1_only_hubspot_delivery_is_verified_and_its_object_events_reported(client, session):
    body = (VENDORS / "hubspot/crm_webhook_v1.json").read_bytes()
    signature = hashlib.sha256(HUBSPOT_SECRET.encode() + body).hexdigest()
    headers = {"X-HubSpot-Signature": signature, "X-HubSpot-Signature-Version": "v1"}
    response = client.post("/api/v1/webhooks/events", data=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    (skip,) = response.get_json()["skips"]
    assert skip["event"] == "contact.creation" and skip["external_id"] == "1"
    assert "email" in skip["reason"]
    tampered = client.post("/api/v1/webhooks/events", data=body + b" ", headers=headers)
    assert tampered.status_code == 401


def workflow_event(**overrides):
    """A HubSpot workflow "Send a webhook" with a custom body; dates as HubSpot writes them."""
    return {
        "email": "mia.chen@example.com",
        "first_name": "Mia",
        "company": "Chen Robotics",
        "type": "form_submission",
        "occurred_at": str(int(time.time() * 1000)),  # epoch milliseconds, as a string
        "title": "Pricing request",
        "comment": "Looking at 30 seats for our plant in Ohio.",
        "external_id": "hs-form-9001",
        **overrides,
    }


@pytest.fixture
def proxied_app(database_url):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "test",
            "TRUSTED_PROXIES": ["10.0.0.0/8"],
            "HUBSPOT_CLIENT_SECRET": HUBSPOT_SECRET,
        }
    )
    yield app
    app.extensions["callprep.engine"].dispose()


PUBLIC = "https://hooks.widgets.example"
QUERY = "portal=%7B4271%7D&name=Jos%C3%A9&next=%2Fa%3Fb"


def hubspot_v3_post(client, body, *, peer, path=f"/api/v1/webhooks/events?{QUERY}"):
    timestamp = str(int(time.time() * 1000))
    signed_uri = PUBLIC + path  # the URI HubSpot called, undecoded
    signature = webhooks.hubspot_signature(HUBSPOT_SECRET, "POST", signed_uri, body, timestamp)
    return client.post(
        path,
        data=body,
        headers={
            "X-HubSpot-Signature-v3": signature,
            "X-HubSpot-Request-Timestamp": timestamp,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "hooks.widgets.example",
            "X-Forwarded-For": "54.174.62.1",
            "Content-Type": "application/json",
        },
        environ_base={"REMOTE_ADDR": peer},
    )


def test_hubspot_v3_verifies_behind_a_trusted_tls_proxy_over_the_raw_uri(
    proxied_app, session, make_key
):
    client = proxied_app.test_client()
    body = json.dumps(workflow_event()).encode()
    response = hubspot_v3_post(client, body, peer="10.0.0.7")
    assert response.status_code == 200, response.get_json()
    (item,) = interactions(session, "mia.chen@example.com")
    assert (item.source, item.type) == ("hubspot", "form_submission")
    assert abs(item.occurred_at.timestamp() - time.time()) < 60
    key = make_key("integration")
    got = client.get(
        "/api/v1/brief?email=mia.chen@example.com",
        headers={"Authorization": f"Bearer {key}"},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert got.status_code == 200 and got.get_json()["lead"]["company"] == "Chen Robotics"


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(proxied_app, session):
    client = proxied_app.test_client()
    body = json.dumps(workflow_event()).encode()
    assert hubspot_v3_post(client, body, peer="203.0.113.9").status_code == 401
    assert interactions(session, "mia.chen@example.com") == []


def test_the_trusted_proxy_sets_the_client_address_and_secure_cookies(proxied_app):
    from flask import request

    seen = {}

    @proxied_app.get("/_probe_proxy")
    def _probe():  # pragma: no cover - called below
        seen.update(addr=request.remote_addr, secure=request.is_secure, url=request.url_root)
        return "ok"

    client = proxied_app.test_client()
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "crm.example",
        "X-Forwarded-For": "198.51.100.4",
    }
    client.get("/_probe_proxy", headers=headers, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert seen == {"addr": "198.51.100.4", "secure": True, "url": "https://crm.example/"}
    client.get("/_probe_proxy", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert seen == {"addr": "192.0.2.1", "secure": False, "url": "http://localhost/"}


def test_through_callprep_serve_the_signed_uri_is_the_raw_request_uri(
    database_url, session, monkeypatch
):
    """waitress (callprep serve) behind a TLS proxy on this machine: it must pass the
    forwarded headers on, and the raw URI must reach the signature check undecoded."""
    monkeypatch.setenv("CALLPREP_TRUSTED_PROXIES", "127.0.0.1")
    monkeypatch.setenv("CALLPREP_HUBSPOT_CLIENT_SECRET", HUBSPOT_SECRET)
    body = json.dumps(workflow_event(external_id="hs-form-9002")).encode()
    path = f"/api/v1/webhooks/events?{QUERY}"
    timestamp = str(int(time.time() * 1000))
    signature = webhooks.hubspot_signature(HUBSPOT_SECRET, "POST", PUBLIC + path, body, timestamp)
    with live_server(database_url) as (base, _output):
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            base + path,
            data=body,
            method="POST",
            headers={
                "X-HubSpot-Signature-v3": signature,
                "X-HubSpot-Request-Timestamp": timestamp,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "hooks.widgets.example",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            assert answer.status == 200
            assert json.loads(answer.read())["created"] == 1
    assert [i.external_id for i in interactions(session, "mia.chen@example.com")] == [
        "hs-form-9002"
    ]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-30T09:15:00+01:00", datetime(2026, 11, 30, 8, 15, tzinfo=UTC)),
        ("2013-09-26T06:56:35+0000", datetime(2013, 9, 26, 6, 56, 35, tzinfo=UTC)),
        ("2026-11-30T08:15:00Z", datetime(2026, 11, 30, 8, 15, tzinfo=UTC)),
        (1764490500, datetime(2025, 11, 30, 8, 15, tzinfo=UTC)),
        ("1764490500", datetime(2025, 11, 30, 8, 15, tzinfo=UTC)),
        (1764490500000, datetime(2025, 11, 30, 8, 15, tzinfo=UTC)),
        ("1764490500000", datetime(2025, 11, 30, 8, 15, tzinfo=UTC)),
    ],
)
def test_vendor_dates(value, expected):
    assert parse_vendor_datetime(value) == expected


def test_a_time_without_an_offset_is_utc_only_where_the_sender_says_so():
    assert parse_vendor_datetime("2026-11-30 08:15:00", naive_utc=True) == datetime(
        2026, 11, 30, 8, 15, tzinfo=UTC
    )
    for value in ("2026-11-30 08:15:00", "yesterday", "", None, True, -5, "1e400"):
        with pytest.raises(NotADate):
            parse_vendor_datetime(value)


# ---------------------------------------------------------------- Marketo


def upload(client, headers, kind, name, content, **form):
    data = {"kind": kind, "file": (io.BytesIO(content), name), **form}
    return client.post(
        "/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data"
    )


def test_marketo_activities_as_documented(client, auth, session):
    leads = b"Id,Email Address,First Name\n1,lee.wong@initech.example,Lee\n"
    assert upload(client, auth(), "leads", "l.csv", leads, mapping="marketo").status_code == 200
    page = (VENDORS / "marketo/activities.json").read_bytes()
    report = upload(client, auth("integration"), "marketo", "page.json", page).get_json()
    assert (report["created"], report["leads_created"], report["rejected"]) == (2, 1, 0)

    (visit,) = interactions(session, "lee.wong@initech.example")
    assert visit.occurred_at == datetime(2013, 9, 26, 6, 56, 35, tzinfo=UTC)
    assert visit.url == "/munchkinTest2.html" and visit.title_is_name

    dana = lead(session, "dana@widgetsinc.com")  # first seen in this form fill
    assert (dana.first_name, dana.last_name, dana.company, dana.title) == (
        "Dana",
        "Pérez",
        "Widgets Inc",
        "VP Operations",
    )
    (form,) = interactions(session, "dana@widgetsinc.com")
    assert form.url == "https://www.widgets.example/contact-sales?utm_source=adwords"
    assert form.comment == "We want pricing for 40 seats before April."
    assert form.title == "LP-Contact-Sales.Form" and form.title_is_name

    for email in ("dana@widgetsinc.com", "lee.wong@initech.example"):
        topics = json.dumps(brief(client, auth, email)["topics"]).lower()
        for name in ("lp", "contact-sales", "form", "localhost", "munchkin"):
            assert name not in topics, (email, topics)
    text = brief(client, auth, "dana@widgetsinc.com", fmt="text")
    assert "Dana" in text and "Hi there" not in text


# ---------------------------------------------------------------- CRM exports


def test_a_salesforce_report_export_with_its_footer_imports_cleanly(client, auth, session):
    content = (VENDORS / "salesforce/leads_report.csv").read_bytes()
    report = upload(
        client, auth(), "leads", "report1764490500123.csv", content, mapping="salesforce"
    )
    body = report.get_json()
    assert report.status_code == 200, body
    assert (body["created"], body["rejected"], body["skipped"]) == (2, 0, 3), body
    priya = lead(session, "priya.shah@northwind.example")
    assert priya.external_id_map == {"salesforce": salesforce_id18("00Q5e00000AbCdE")}
    assert priya.external_id_map["salesforce"] == "00Q5e00000AbCdEEAV"
    # A CRM button sends the 18-character id, a report the 15: both find her.
    for crm_id in ("00Q5e00000AbCdE", "00Q5e00000AbCdEEAV", "00Q5E00000ABCDEEAV"):
        got = client.get(
            f"/api/v1/brief?external_system=salesforce&external_id={crm_id}",
            headers=auth("integration"),
        )
        assert got.status_code == 200, (crm_id, got.get_json())
        assert got.get_json()["lead"]["email"] == "priya.shah@northwind.example"


def test_the_salesforce_footer_does_not_fail_the_command(tmp_path, database_url, app):
    target = tmp_path / "report.csv"
    target.write_bytes((VENDORS / "salesforce/leads_report.csv").read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "callprep.cli",
            "import",
            "leads",
            str(target),
            "--mapping",
            "salesforce",
        ],
        env={**os.environ, "CALLPREP_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "skipped 3" in done.stderr and "rejected 0" in done.stderr


def test_hubspot_contacts_export_with_associated_company_and_contact_id(client, auth, session):
    content = (VENDORS / "hubspot/contacts_export.csv").read_bytes()
    body = upload(client, auth(), "leads", "contacts.csv", content, mapping="hubspot").get_json()
    assert (body["created"], body["rejected"]) == (2, 0), body
    lena = lead(session, "lena.fischer@acme.example")
    assert (lena.company, lena.title, lena.phone) == ("Acme GmbH", "Procurement Lead", None)
    assert lena.external_id_map == {"hubspot": "51"}
    omar = lead(session, "omar@globex.example")
    assert (omar.last_name, omar.company) == (None, "Globex")


def test_marketo_bulk_extract_nulls_are_empty(client, auth, session):
    content = (VENDORS / "marketo/bulk_lead_extract.csv").read_bytes()
    body = upload(client, auth(), "leads", "extract.csv", content, mapping="marketo").get_json()
    assert (body["created"], body["rejected"]) == (2, 0), body
    dana = lead(session, "dana@widgetsinc.com")
    assert (dana.first_name, dana.last_name, dana.company, dana.title, dana.phone) == (
        "Dana",
        None,
        "Widgets Inc",
        None,
        None,
    )
    assert lead(session, "lee.wong@initech.example").company is None
    assert "null" not in brief(client, auth, "lee.wong@initech.example", fmt="text").lower()


def test_a_marketo_bulk_activity_extract_csv(client, auth, session):
    leads = b"Id,Email Address\n1,lee.wong@initech.example\n"
    assert upload(client, auth(), "leads", "l.csv", leads, mapping="marketo").status_code == 200
    extract = (VENDORS / "marketo/bulk_activity_extract.csv").read_bytes()
    report = upload(client, auth("integration"), "marketo", "extract.csv", extract).get_json()
    assert (report["rows"], report["created"], report["skipped"], report["rejected"]) == (
        3,
        2,
        1,  # Change Score: not an interaction
        0,
    ), report
    (visit,) = interactions(session, "lee.wong@initech.example")
    assert (visit.type, visit.url, visit.title_is_name) == ("web_visit", "/pricing", True)
    sam = lead(session, "sam.okafor@umbrella.example")
    assert (sam.first_name, sam.company, sam.title) == ("Sam", "Umbrella Corp", "CFO")
    assert sam.external_id_map == {"marketo": "3"}
    (form,) = interactions(session, "sam.okafor@umbrella.example")
    assert form.url == "https://go.widgets.example/webinar-q3"
    assert form.comment == "Please share the ROI calculator before the session."
    again = upload(client, auth("integration"), "marketo", "extract.csv", extract).get_json()
    assert again["created"] == 0 and again["duplicates"] == 2


def test_a_hubspot_workflow_contact_record_creates_then_updates_the_lead(client, auth, session):
    record = fixture("hubspot/workflow_contact.json")
    body = json.dumps(record).encode()
    response = client.post(
        "/api/v1/webhooks/events",
        data=body,
        headers={
            # HubSpot signs workflow webhooks with v2 (client secret + method + URI + body).
            "X-HubSpot-Signature": hashlib.sha256(
                HUBSPOT_SECRET.encode() + b"POSThttp://localhost/api/v1/webhooks/events" + body
            ).hexdigest(),
            "X-HubSpot-Signature-Version": "v2",
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["results"] == [{"index": 0, "status": "lead_created"}]
    codey = lead(session, "testingapis@hubspot.com")
    assert (codey.first_name, codey.last_name, codey.company, codey.title) == (
        "Codey",
        "Huang",
        "HubSpot",
        "Mascot",
    )
    assert codey.external_id_map == {"hubspot": "3234574"}
    got = client.get(
        "/api/v1/brief?external_system=hubspot&external_id=3234574", headers=auth("integration")
    )
    assert got.status_code == 200 and got.get_json()["lead"]["last_name"] == "Huang"

    # The newer shape, plain values, signed v3: the record's changes reach the lead.
    newer = {
        "objectId": 3234574,
        "properties": {"email": "testingapis@hubspot.com", "jobtitle": "Chief Mascot"},
    }
    body = json.dumps(newer).encode()
    timestamp = str(int(time.time() * 1000))
    signature = webhooks.hubspot_signature(
        HUBSPOT_SECRET, "POST", "http://localhost/api/v1/webhooks/events", body, timestamp
    )
    answer = client.post(
        "/api/v1/webhooks/events",
        data=body,
        headers={
            "X-HubSpot-Signature-v3": signature,
            "X-HubSpot-Request-Timestamp": timestamp,
            "Content-Type": "application/json",
        },
    ).get_json()
    assert answer["leads_updated"] == 1, answer
    assert lead(session, "testingapis@hubspot.com").title == "Chief Mascot"


def test_a_mautic_page_hit_of_a_tracked_email_link_is_an_email_click(client, session):
    hit = copy.deepcopy(fixture("mautic/page_on_hit.json"))
    hit["hit"].update(
        page=None,
        email={"id": 5, "name": "November newsletter", "subject": "What's new"},
        redirect={"id": 2, "url": "https://widgets.example/roi-guide"},
        url="http://mautic-gh.com/r/5f8c1?ct=abc",
        source="email",
        sourceId=5,
    )
    response = mautic_deliver(client, {"mautic.page_on_hit": [hit]})
    assert response.get_json()["results"] == [{"index": 0, "status": "created"}]
    (click,) = interactions(session, "email@formsubmit.com")
    assert (click.type, click.title, click.url) == (
        "email_click",
        "November newsletter",
        "https://widgets.example/roi-guide",
    )


def test_per_address_login_limits_count_the_client_behind_the_trusted_proxy(proxied_app, session):
    from tests.support.webtools import PASSWORD, login, make_user

    make_user(session, "rita.rep@example.test", "rep")

    def via_proxy(client_address):
        client = proxied_app.test_client()
        client.environ_base.update(REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR=client_address)
        return client

    guesser = via_proxy("198.51.100.61")
    for number in range(20):
        assert login(guesser, f"guess{number}@example.test", "wrong").status_code == 401
    assert login(guesser, "rita.rep@example.test", PASSWORD).status_code == 429
    # Another client behind the same proxy is a different address: not blocked.
    assert login(via_proxy("198.51.100.62"), "rita.rep@example.test", PASSWORD).status_code == 302


# ---------------------------------------------------------------- Mautic, untrimmed


SEND_TEST_PAYLOAD = VENDORS / "mautic" / "send_test_payload"


def php_json_encode(value) -> bytes:
    """PHP's json_encode() defaults, as Mautic's Client::post() encodes and signs: compact,
    `/` escaped as `\\/`, non-ASCII as `\\uXXXX`."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


def test_mautics_send_test_payload_with_every_event_type_ticked(client, auth, session):
    """Every asset Mautic ships, untrimmed, as "Send Test Payload" sends them when the admin
    ticks every event type: one object keyed by type (AjaxController::loadPayloads), a `c`
    timestamp, PHP-encoded and signed over those bytes."""
    ticked = [
        "mautic.lead_post_save_new",
        "mautic.lead_post_save_update",
        "mautic.form_on_submit",
        "mautic.page_on_hit",
        "mautic.email_on_open",
        "mautic.lead_points_change",
        "mautic.lead_post_delete",
        "mautic.lead_channel_subscription_changed",
    ]
    payload = {
        name: json.loads((SEND_TEST_PAYLOAD / f"{name.removeprefix('mautic.')}.json").read_text())
        for name in ticked
    }
    payload["timestamp"] = "2026-12-01T15:00:00+00:00"
    body = php_json_encode(payload)
    response = client.post(
        "/api/v1/webhooks/mautic",
        data=body,
        headers={
            "Webhook-Signature": webhooks.mautic_signature(MAUTIC_SECRET, body),
            "Content-Type": "application/json",
            "X-Origin-Base-URL": "http://mautic-gh.com",
        },
    )
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert [result["status"] for result in answer["results"]] == [
        "lead_created",  # john@doe.name
        "lead_updated",  # the same contact edited: company Mautic, more fields
        "created",  # form_on_submit
        "created",  # page_on_hit
        "created",  # email_on_open
        "skipped",
        "skipped",
        "skipped",
    ]
    skipped = {skip["event"]: skip["reason"] for skip in answer["skips"]}
    assert sorted(skipped) == [
        "mautic.lead_channel_subscription_changed",
        "mautic.lead_points_change",
        "mautic.lead_post_delete",
    ]
    assert all(reason.endswith("events are not stored by callprep") for reason in skipped.values())

    john = lead(session, "john@doe.name")
    assert (john.first_name, john.last_name, john.company) == ("John", "Doe", "Mautic")
    stored = {item.type: item for item in interactions(session, "email@formsubmit.com")}
    assert sorted(stored) == ["form_submission", "web_visit"]
    submitted, hit = stored["form_submission"], stored["web_visit"]
    assert (submitted.title, submitted.external_id) == ("lead points", "submission-13")
    assert hit.url == "http://mautic-gh.com/pagehit"
    (opened,) = interactions(session, "test@test.com")
    assert (opened.type, opened.title) == ("email_open", "Email")
    for email in ("john@doe.name", "email@formsubmit.com", "test@test.com"):
        assert brief(client, auth, email)["lead"]["email"] == email
    listed = client.get("/api/v1/deliveries?skipped=true", headers=auth()).get_json()["items"]
    assert [(d["source"], d["skipped"]) for d in listed] == [("mautic", 3)]


def test_mautics_queued_delivery_of_the_untrimmed_assets(client, session):
    """The queue's shape, `{"<type>": [<event + timestamp>, ...]}`, with Mautic's own
    assets: the same events as the test payload, stored once however often they come."""
    entries = {}
    for name in ("form_on_submit", "page_on_hit", "email_on_open"):
        asset = json.loads((SEND_TEST_PAYLOAD / f"{name}.json").read_text())
        entries[f"mautic.{name}"] = [{**asset, "timestamp": "2026-12-01T15:00:00+00:00"}]
    body = php_json_encode({**entries, "timestamp": "2026-12-01T15:00:01+00:00"})
    headers = {"Webhook-Signature": webhooks.mautic_signature(MAUTIC_SECRET, body)}
    first = client.post("/api/v1/webhooks/mautic", data=body, headers=headers).get_json()
    assert (first["created"], first["skipped"]) == (3, 0), first
    again = client.post("/api/v1/webhooks/mautic", data=body, headers=headers).get_json()
    assert (again["created"], again["duplicates"]) == (0, 3), again
