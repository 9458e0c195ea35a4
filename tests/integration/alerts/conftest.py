"""Alert tests: real local receivers, users with alert settings, hand-raises by the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.alerts.preferences import save_preferences
from callprep.jobs.runners import runner_of
from callprep.models import User
from tests.support.receivers import HttpReceiver, SmtpReceiver

_serial = count(1)
COMMENT = (
    "My colleague Sarah Lee referred me. We need a widget ROI solution, "
    "budget is approved and we want it before Q3."
)


@pytest.fixture
def http_receiver():
    receiver = HttpReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def smtp_receiver():
    receiver = SmtpReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def smtp_app(app, smtp_receiver, monkeypatch):
    """The suite's app (inline jobs) sending email to the local SMTP server."""
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_receiver.port)
    return app


@pytest.fixture
def thread_app(database_url, smtp_receiver):
    """Jobs on worker threads, as `callprep serve` runs them; fast retries."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "t",
            "JOBS_MODE": "thread",
            "ALERT_MIN_BACKOFF_SECONDS": 0.3,
            "ALERT_TIMEOUT_SECONDS": 1.0,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_receiver.port,
        }
    )
    yield app
    assert runner_of(app).wait_idle(timeout=60)
    app.extensions["callprep.engine"].dispose()


def make_user(app, *, role="rep", zone=None, **prefs) -> User:
    """A user with alert settings (``prefs`` in the API's shape)."""
    sessionmaker = app.extensions["callprep.sessionmaker"]
    with sessionmaker() as session, session.begin():
        user = accounts.create_user(
            session, email=f"rep{next(_serial)}@example.com", role=role, password="password-123"
        )
        user.time_zone = zone
        if prefs:
            save_preferences(session, user, prefs)
        session.flush()
        session.expunge(user)
    return user


def hand_raise(when: datetime | None = None, comment: str = COMMENT, title="Contact Sales"):
    return {
        "type": "form_submission",
        "occurred_at": (when or datetime.now(UTC) - timedelta(minutes=2)).isoformat(),
        "title": title,
        "comment": comment,
        "source": "website",
        "external_id": f"hr-{next(_serial)}",
    }


def new_lead(client, headers, owner: User | None, **fields) -> int:
    body = {
        "email": f"lead{next(_serial)}@example.com",
        "first_name": "Joe",
        "last_name": "Smith",
        "company": "Acme",
        **fields,
    }
    if owner is not None:
        body["owner_email"] = owner.email
    response = client.post("/api/v1/leads", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def post_events(client, headers, lead_id: int, items) -> None:
    response = client.post(f"/api/v1/leads/{lead_id}/interactions", json=items, headers=headers)
    assert response.status_code == 201, response.get_json()
