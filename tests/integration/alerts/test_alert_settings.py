"""Your alert settings by API: defaults, validation that names the field and keeps what was
stored, a test alert; and erasure: a lead's alerts go with it."""

from __future__ import annotations

from sqlalchemy import func, select

from callprep.models import Alert, AlertDelivery, AlertDeliveryItem, AlertPreference, Erasure
from tests.integration.alerts.conftest import hand_raise, make_user, new_lead, post_events


def test_settings_default_to_email_when_smtp_is_configured(smtp_app, client, auth):
    headers = auth("rep", "ann@example.com")
    shown = client.get("/api/v1/me/alerts", headers=headers).get_json()
    assert shown["channels"] == [{"kind": "email", "target": "ann@example.com"}]
    assert shown["saved"] is False and "quiet_hours" not in shown


def test_settings_are_saved_and_bad_ones_refused_naming_the_field(
    app, client, auth, session, http_receiver
):
    headers = auth("rep", "bea@example.com")
    good = {
        "channels": [
            {"kind": "slack", "target": http_receiver.url("/s")},
            {"kind": "webhook", "target": http_receiver.url("/w")},
        ],
        "quiet_hours": {"start": "22:00", "end": "07:00"},
        "digest_seconds": 120,
    }
    saved = client.put("/api/v1/me/alerts", json=good, headers=headers)
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    secret = body["channels"][1]["secret"]
    assert len(secret) >= 32 and body["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    # Saved again without the secret: the webhook keeps the one it has.
    again = client.put("/api/v1/me/alerts", json=good, headers=headers).get_json()
    assert again["channels"][1]["secret"] == secret

    cases = [
        ({"channels": [{"kind": "pager", "target": "x"}]}, "channels"),
        ({"channels": [{"kind": "slack", "target": "ftp://x"}]}, "channels.0.target"),
        ({"channels": [{"kind": "email", "target": "a@b.c\r\nBcc: x@y.z"}]}, "channels.0.target"),
        ({"quiet_hours": {"start": "25:00", "end": "07:00"}}, "quiet_hours.start"),
        ({"digest_seconds": -1}, "digest_seconds"),
        ({"unassigned": True}, "unassigned"),
    ]
    for values, field in cases:
        refused = client.put("/api/v1/me/alerts", json=values, headers=headers)
        assert refused.status_code == 422, values
        errors = refused.get_json()["errors"]
        flat = _flatten(errors)
        assert any(name.startswith(field) for name in flat), (values, errors)
    session.expire_all()
    row = session.scalar(select(AlertPreference))
    assert row.digest_seconds == 120 and len(row.channels) == 2  # nothing lost


def _flatten(errors, prefix=""):
    names = []
    for key, value in errors.items():
        if key in ("json",):
            names += _flatten(value, prefix)
        elif isinstance(value, dict):
            names += _flatten(value, f"{prefix}{key}.")
        else:
            names.append(f"{prefix}{key}")
    return names


def test_a_key_of_no_user_has_no_alert_settings(client, auth):
    assert client.get("/api/v1/me/alerts", headers=auth("integration")).status_code == 403


def test_a_test_alert_goes_out_at_once(app, client, auth, http_receiver):
    headers = auth("rep", "cy@example.com")
    none_yet = client.post("/api/v1/me/alerts/test", headers=headers)
    assert none_yet.status_code == 422
    client.put(
        "/api/v1/me/alerts",
        json={
            "channels": [{"kind": "slack", "target": http_receiver.url()}],
            # Quiet all day long: a test alert is not held.
            "quiet_hours": {"start": "00:00", "end": "23:59"},
        },
        headers=headers,
    )
    sent = client.post("/api/v1/me/alerts/test", headers=headers)
    assert sent.status_code == 202 and sent.get_json()["channels"] == ["slack"]
    (received,) = http_receiver.wait_for(1)
    assert received.json()["text"].startswith("Test alert")


def test_erasing_a_lead_erases_its_alerts(app, client, auth, session, http_receiver):
    owner = make_user(
        app, channels=[{"kind": "slack", "target": http_receiver.url()}], digest_seconds=0
    )
    headers = auth("integration")
    erased = new_lead(client, headers, owner, first_name="Erin")
    kept = new_lead(client, headers, owner, first_name="Kim")
    post_events(client, headers, erased, [hand_raise()])
    post_events(client, headers, kept, [hand_raise()])
    assert session.scalar(select(func.count()).select_from(Alert)) == 2
    response = client.delete(f"/api/v1/leads/{erased}", headers=auth("admin"))
    assert response.status_code in (200, 204)
    session.expire_all()
    titles = session.scalars(select(Alert.title)).all()
    assert len(titles) == 1 and "Kim" in titles[0]
    assert not any("Erin" in t for t in titles)
    # The erased lead's delivery went with it; the other lead's stays.
    assert session.scalar(select(func.count()).select_from(AlertDelivery)) == 1
    assert session.scalar(select(func.count()).select_from(AlertDeliveryItem)) == 1
    counts = session.scalar(select(Erasure.counts))
    assert counts["alerts"] == 1 and counts["alert_deliveries"] == 1
