"""A Mautic delivery of any size is stored whole: no submission is dropped."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from callprep.imports import webhooks as webhooks
from callprep.models import Interaction

SECRET = "mautic-shared-secret"


@pytest.fixture(autouse=True)
def secret(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAUTIC_SECRET", SECRET)


def submission(n: int) -> dict:
    return {
        "submission": {
            "id": n,
            "form": {"id": 3, "name": "Newsletter"},
            "dateSubmitted": "2026-11-21T16:04:11+00:00",
            "results": {"email": f"lead{n % 50}@example.com"},
        }
    }


def test_1500_submissions_are_all_stored(client, session):
    body = json.dumps({"mautic.form_on_submit": [submission(n) for n in range(1500)]}).encode()
    headers = {
        "Content-Type": "application/json",
        "Webhook-Signature": webhooks.mautic_signature(SECRET, body),
    }
    response = client.post("/api/v1/webhooks/mautic", data=body, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["created"] == 1500
    assert session.scalar(select(func.count()).select_from(Interaction)) == 1500
