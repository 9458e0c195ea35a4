"""Implausible dates are refused at every entry point, and no stored date breaks a brief."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from callprep.config import Config
from callprep.db import utcnow
from callprep.leads.topic_weights import EPOCH, current_weight, mention_log_weight
from callprep.models import Interaction
from tests.support.briefkit import event, make_lead

RITA = "rita@example.com"


def _post(client, headers, lead_id, when: str):
    return client.post(
        f"/api/v1/leads/{lead_id}/interactions",
        json=[{"type": "web_visit", "occurred_at": when, "title": "Pricing"}],
        headers=headers,
    )


def test_a_date_centuries_ahead_is_refused_by_name(client, auth, session):
    lead = make_lead(session, email="joe@example.com")
    response = _post(client, auth("admin"), lead.id, "2206-05-01T10:00:00+00:00")
    assert response.status_code == 422
    assert "occurred_at" in str(response.get_json()["errors"])


def test_a_date_before_the_minimum_is_refused(client, auth, session):
    lead = make_lead(session, email="joe@example.com")
    assert _post(client, auth("admin"), lead.id, "1989-12-31T10:00:00+00:00").status_code == 422
    assert _post(client, auth("admin"), lead.id, "1990-01-02T10:00:00+00:00").status_code == 201


def test_a_date_slightly_ahead_is_accepted_beyond_the_setting_refused(client, auth, session):
    lead = make_lead(session, email="joe@example.com")
    soon = (utcnow() + timedelta(hours=20)).isoformat()
    later = (utcnow() + timedelta(hours=30)).isoformat()
    assert _post(client, auth("admin"), lead.id, soon).status_code == 201
    assert _post(client, auth("admin"), lead.id, later).status_code == 422


def test_a_datetime_that_overflows_in_utc_is_a_422(client, auth, session):
    lead = make_lead(session, email="joe@example.com")
    for when in ("9999-12-31T23:00:00-14:00", "0001-01-01T00:30:00+14:00"):
        response = _post(client, auth("admin"), lead.id, when)
        assert response.status_code == 422, when


def test_the_webhook_refuses_an_implausible_date(client, app, session):
    # The generic webhook shares the interaction schema's date check.
    from callprep.imports.bulk import INTERACTION_SCHEMA

    with app.app_context():
        errors = INTERACTION_SCHEMA.validate(
            {"type": "web_visit", "occurred_at": "2206-01-01T00:00:00Z"}
        )
    assert "occurred_at" in errors


def test_settings_are_read_from_the_environment():
    config = Config.from_env({"CALLPREP_MAX_FUTURE_HOURS": "2", "CALLPREP_MIN_DATE": "2000-01-01"})
    assert config.MAX_FUTURE_HOURS == 2
    assert config.MIN_DATE.year == 2000
    assert Config.from_env({}).MAX_FUTURE_HOURS == 24
    assert Config.from_env({}).MIN_DATE.year == 1990


def test_a_stored_date_in_2206_does_not_break_the_brief_or_the_queue(client, auth, session):
    lead = make_lead(
        session,
        email="joe@example.com",
        owner_email=RITA,
        events=[event("comment", utcnow() - timedelta(days=1), "Pricing", comment="SSO pricing")],
    )
    # Stored before the entry points refused it (or written by hand): the brief still answers.
    when = utcnow().replace(year=2206)
    session.execute(
        insert(Interaction),
        [
            {
                "lead_id": lead.id,
                "type": "form_submission",
                "occurred_at": when,
                "title": "Contact",
                "comment": "Need SSO pricing for 200 seats",
                "source": "x",
                "external_id": "typo",
            }
        ],  # fmt: skip
    )
    from callprep.ingest import events as ingest

    ingest.add_interactions(
        session,
        lead,
        [event("form_submission", when, "Contact", comment="Need SSO pricing for 200 seats")],
    )
    session.commit()
    headers = auth("rep", RITA)
    assert client.get(f"/api/v1/leads/{lead.id}/brief", headers=headers).status_code == 200
    assert client.get("/api/v1/queue", headers=headers).status_code == 200


def test_current_weight_never_overflows():
    far = EPOCH + timedelta(days=365 * 186)
    assert current_weight(mention_log_weight("comment", far), EPOCH) < float("inf")
    assert current_weight(1e308, EPOCH) < float("inf")
