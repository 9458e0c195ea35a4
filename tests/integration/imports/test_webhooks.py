"""Signed webhooks: only correctly signed, fresh deliveries are stored; each event once."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from callprep.imports import webhooks
from callprep.models import Interaction, Lead

SECRET, OLD_SECRET = "whsec-current-2026", "whsec-previous-2025"
HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
MAUTIC_SECRET = "mautic-shared-secret"


@pytest.fixture(autouse=True)
def secrets(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_SECRETS", [SECRET, OLD_SECRET])
    monkeypatch.setitem(app.config, "HUBSPOT_CLIENT_SECRET", HUBSPOT_SECRET)
    monkeypatch.setitem(app.config, "MAUTIC_SECRET", MAUTIC_SECRET)


def event(n=1, **overrides):
    return {
        "email": "Joe@Example.com",
        "first_name": "Joe",
        "type": "form_submission",
        "occurred_at": "2026-11-22T09:15:00+00:00",
        "title": "Contact Sales",
        "comment": "A colleague referred me; we need widget ROI before Q3.",
        "source": "website",
        "external_id": f"sub-{n}",
        **overrides,
    }


def deliver(client, payload, *, secret=SECRET, timestamp=None, signature=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "X-Callprep-Timestamp": timestamp,
        "X-Callprep-Signature": signature or webhooks.sign_callprep(secret, timestamp, body),
        "Content-Type": "application/json",
    }
    return client.post("/api/v1/webhooks/events", data=body, headers=headers)


def stored(session, model=Interaction):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_signed_delivery_is_stored_and_creates_the_unknown_lead(client, session):
    response = deliver(client, {"events": [event(1), event(2, type="web_visit", comment=None)]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert {k: body[k] for k in ("created", "duplicates", "leads_created", "suppressed")} == {
        "created": 2,
        "duplicates": 0,
        "leads_created": 1,
        "suppressed": 0,
    }
    assert body["events"] == 2 and body["skipped"] == 0 and body["skips"] == []
    lead = session.scalar(select(Lead).where(Lead.email == "joe@example.com"))
    assert lead.first_name == "Joe"
    assert stored(session) == 2


def test_a_redelivered_event_is_a_no_op(client, session):
    deliver(client, event(1))
    again = deliver(client, event(1))
    assert again.status_code == 200
    assert again.get_json()["created"] == 0 and again.get_json()["duplicates"] == 1
    assert again.get_json()["results"] == [{"index": 0, "status": "duplicate"}]
    assert stored(session) == 1 and stored(session, Lead) == 1


def test_the_delivery_is_committed_before_it_is_acknowledged(client, app):
    assert deliver(client, event(7)).status_code == 200
    other = app.extensions["callprep.sessionmaker"]()  # another connection sees it at once
    try:
        assert other.scalar(select(func.count()).select_from(Interaction)) == 1
    finally:
        other.close()


def test_a_failed_commit_is_never_acknowledged(client, session, monkeypatch):
    from sqlalchemy.orm import Session

    def fail(_self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session, "commit", fail)
    with pytest.raises(RuntimeError):
        deliver(client, event(8))
    monkeypatch.undo()
    assert stored(session) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"signature": "v1=" + "0" * 64}, "does not match"),
        ({"secret": "whsec-guessed"}, "does not match"),
        ({"timestamp": -305}, "5 minutes"),
        ({"timestamp": +305}, "5 minutes"),
        ({"timestamp": "yesterday"}, "integer"),
        ({"signature": "sha256=abc"}, "does not match"),
    ],
)
def test_bad_or_stale_signatures_are_401_and_store_nothing(client, session, kwargs, message):
    if isinstance(kwargs.get("timestamp"), int):  # an offset from now, in seconds
        kwargs = {"timestamp": int(time.time()) + kwargs["timestamp"]}
    response = deliver(client, event(1), **kwargs)
    assert response.status_code == 401
    assert message in response.get_json()["message"]
    assert stored(session) == 0 and stored(session, Lead) == 0


def test_a_tampered_body_fails_its_signature(client, session):
    body = json.dumps(event(1)).encode()
    timestamp = str(int(time.time()))
    signature = webhooks.sign_callprep(SECRET, timestamp, body)
    tampered = body.replace(b"Contact Sales", b"Contact Sa1es")
    response = deliver(client, None, raw=tampered, timestamp=timestamp, signature=signature)
    assert response.status_code == 401 and stored(session) == 0


def test_missing_signature_headers_are_401_even_with_an_api_key(client, auth):
    response = client.post("/api/v1/webhooks/events", json=event(1), headers=auth("admin"))
    assert response.status_code == 401


def test_rotation_the_previous_secret_still_works_until_it_is_removed(client, app, monkeypatch):
    assert deliver(client, event(1), secret=OLD_SECRET).status_code == 200
    monkeypatch.setitem(app.config, "WEBHOOK_SECRETS", [SECRET])
    assert deliver(client, event(2), secret=OLD_SECRET).status_code == 401
    # A sender mid-rotation may sign with both; one match is enough.
    body = json.dumps(event(3)).encode()
    timestamp = str(int(time.time()))
    both = ",".join(webhooks.sign_callprep(s, timestamp, body) for s in ("whsec-next-2027", SECRET))
    response = deliver(client, None, raw=body, timestamp=timestamp, signature=both)
    assert response.status_code == 200


def test_without_configured_secrets_nothing_is_accepted(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_SECRETS", [])
    response = deliver(client, event(1))
    assert response.status_code == 401 and "not configured" in response.get_json()["message"]


def test_a_bad_event_is_skipped_naming_the_field_and_the_others_are_stored(client, session):
    response = deliver(client, {"events": [event(1), event(2, type="phone_call", email="nope")]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["created"] == 1 and body["skipped"] == 1
    (skip,) = body["skips"]
    assert skip["index"] == 1 and skip["external_id"] == "sub-2"
    assert "type:" in skip["reason"] and "email:" in skip["reason"]
    assert "nope" not in skip["reason"]  # never the rejected value
    assert [r["status"] for r in body["results"]] == ["created", "skipped"]
    assert stored(session) == 1

    missing = deliver(client, {k: v for k, v in event(3).items() if k != "external_id"})
    assert missing.status_code == 200 and "external_id" in missing.get_json()["skips"][0]["reason"]
    naive = deliver(client, event(4, occurred_at="2026-11-22T09:15:00"))
    assert naive.status_code == 200 and "occurred_at" in naive.get_json()["skips"][0]["reason"]
    assert stored(session) == 1


@pytest.mark.parametrize("payload", [{"events": []}, {"events": "x"}, "text", 7])
def test_deliveries_holding_no_events_are_422(client, payload):
    assert deliver(client, payload).status_code == 422


def test_a_list_of_non_objects_is_acknowledged_with_every_item_skipped(client, session):
    response = deliver(client, [1, 2])
    assert response.status_code == 200
    assert [s["reason"] for s in response.get_json()["skips"]] == ["an event must be an object"] * 2


def test_a_body_that_is_not_json_is_422(client):
    assert deliver(client, None, raw=b"\xff<xml/>").status_code == 422


def test_suppressed_people_are_acknowledged_but_not_brought_back(client, auth, session):
    lead = client.post("/api/v1/leads", json={"email": "joe@example.com"}, headers=auth("admin"))
    client.delete(f"/api/v1/leads/{lead.get_json()['id']}?suppress=true", headers=auth("admin"))
    response = deliver(client, event(1))
    assert response.status_code == 200 and response.get_json()["suppressed"] == 1
    assert response.get_json()["results"] == [{"index": 0, "status": "suppressed"}]
    assert stored(session, Lead) == 0 and stored(session) == 0


# ---------------------------------------------------------------- HubSpot v3


def test_hubspot_v3_signature_matches_hubspots_published_example():
    # The example of HubSpot's own client library (hubspot-api-python, test_signature.py).
    signature = webhooks.hubspot_signature(
        HUBSPOT_SECRET,
        "POST",
        "https://www.example.com/webhook_uri",
        b"{'example_field':'example_value'}",
        "15000000",
    )
    assert signature == "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="
    webhooks.verify_hubspot(
        "POST",
        "https://www.example.com/webhook_uri",
        b"{'example_field':'example_value'}",
        "15000000",
        signature,
        HUBSPOT_SECRET,
        now=15000000 / 1000 + 60,
    )
    with pytest.raises(webhooks.BadSignature, match="5 minutes"):
        webhooks.verify_hubspot(
            "POST",
            "https://www.example.com/webhook_uri",
            b"{'example_field':'example_value'}",
            "15000000",
            signature,
            HUBSPOT_SECRET,
            now=15000000 / 1000 + 301,
        )


def test_hubspot_decodes_the_characters_it_documents_in_the_uri():
    plain = webhooks.hubspot_signature("s", "POST", "https://x.test/a?b=c@d", b"", "1")
    encoded = webhooks.hubspot_signature("s", "POST", "https://x.test/a%3Fb=c%40d", b"", "1")
    assert plain == encoded


def hubspot_deliver(client, payload, *, timestamp_ms=None, secret=HUBSPOT_SECRET):
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time() * 1000) if timestamp_ms is None else timestamp_ms)
    url = "http://localhost/api/v1/webhooks/events"
    signature = webhooks.hubspot_signature(secret, "POST", url, body, timestamp)
    return client.post(
        url,
        data=body,
        headers={
            "X-HubSpot-Signature-v3": signature,
            "X-HubSpot-Request-Timestamp": timestamp,
            "Content-Type": "application/json",
        },
    )


def test_a_hubspot_signed_delivery_is_stored_with_source_hubspot(client, session):
    payload = event(1)
    del payload["source"]
    response = hubspot_deliver(client, payload)
    assert response.status_code == 200, response.get_json()
    assert session.scalar(select(Interaction.source)) == "hubspot"
    assert response.get_json()["skipped"] == 0


def test_hubspot_deliveries_older_than_5_minutes_or_badly_signed_are_401(client, session):
    old = int((time.time() - 301) * 1000)
    assert hubspot_deliver(client, event(1), timestamp_ms=old).status_code == 401
    assert hubspot_deliver(client, event(1), secret="wrong").status_code == 401
    assert stored(session) == 0


# ---------------------------------------------------------------- Mautic


def mautic_payload(submission_id=90, **results):
    return {
        "mautic.form_on_submit": [
            {
                "submission": {
                    "id": submission_id,
                    "form": {"id": 3, "name": "Contact Sales", "alias": "contactsales"},
                    "lead": {"id": 45, "fields": {"core": {"email": {"value": "ann@example.com"}}}},
                    "dateSubmitted": "2026-11-21T16:04:11+00:00",
                    "referer": "https://widgets.example.com/contact",
                    "results": {
                        "firstname": "Ann",
                        "company": "Acme",
                        "how_can_we_help": "Demo please, our budget is approved for Q1.",
                        **results,
                    },
                },
                "timestamp": "2026-11-21T16:04:12+00:00",
            }
        ],
        "timestamp": "2026-11-21T16:04:12+00:00",
    }


def mautic_deliver(client, payload, secret=MAUTIC_SECRET):
    body = json.dumps(payload).encode()
    headers = {
        "Webhook-Signature": webhooks.mautic_signature(secret, body),
        "Content-Type": "application/json",
    }
    return client.post("/api/v1/webhooks/mautic", data=body, headers=headers)


def test_a_mautic_form_submission_becomes_an_interaction(client, session):
    response = mautic_deliver(client, mautic_payload())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 1 and response.get_json()["leads_created"] == 1
    interaction = session.scalar(select(Interaction))
    assert (interaction.type, interaction.title, interaction.source) == (
        "form_submission",
        "Contact Sales",
        "mautic",
    )
    assert interaction.comment == "Demo please, our budget is approved for Q1."
    assert interaction.url == "https://widgets.example.com/contact"
    lead = session.scalar(select(Lead))
    assert (lead.email, lead.first_name, lead.company) == ("ann@example.com", "Ann", "Acme")
    assert mautic_deliver(client, mautic_payload()).get_json()["duplicates"] == 1


def test_mautic_bad_signature_is_401(client, session):
    assert mautic_deliver(client, mautic_payload(), secret="other").status_code == 401
    assert stored(session) == 0


def test_mautic_events_that_cannot_be_stored_are_skipped_with_the_field_named(client, session):
    payload = mautic_payload()
    submission = payload["mautic.form_on_submit"][0]["submission"]
    submission["lead"] = {}
    response = mautic_deliver(client, payload)
    assert response.status_code == 200
    assert response.get_json()["skips"][0]["reason"].startswith("anonymous")
    assert mautic_deliver(client, {"timestamp": "2026-11-21T16:04:12+00:00"}).status_code == 422
    assert stored(session) == 0


@pytest.mark.parametrize("run", range(2))
def test_two_deliveries_racing_for_a_new_lead_both_succeed_and_store_once(app, session, run):
    """Both deliveries create the same unknown lead at the same moment: one wins, the other
    retries against the lead that now exists; neither sender sees an error."""
    import threading

    payload = {"events": [event(n, email=f"race{run}@example.com") for n in range(50)]}
    barrier = threading.Barrier(2)
    results: list[int] = []

    def send():
        local = app.test_client()
        barrier.wait()
        results.append(deliver(local, payload).status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [200, 200]
    assert stored(session, Lead) == 1 and stored(session) == 50
