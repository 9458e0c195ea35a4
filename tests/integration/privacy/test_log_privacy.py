"""Logs carry ids, never lead data: database errors (their statements, parameters and the
driver's DETAIL lines) are logged without the values."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError

from callprep import create_app
from callprep.imports import webhooks
from callprep.leads import service as lead_service
from callprep.models import Lead, LeadExternalId

EMAIL, NAME, COMPANY = "zoe.private@example.com", "Zoewhisper", "Secretcorp"


@pytest.fixture
def logging_app(database_url, app):
    # TESTING propagates exceptions to the test; a real server logs them instead.
    quiet = create_app({"DATABASE_URL": database_url, "TESTING": False, "SECRET_KEY": "t"})
    yield quiet
    quiet.extensions["callprep.engine"].dispose()


def _duplicate_insert(session, data):
    row = {"email": EMAIL, "first_name": NAME, "company": COMPANY}
    session.execute(insert(Lead).values(**row))
    session.execute(insert(Lead).values(**row))  # the unique email index refuses it


def _null_insert(session, data):
    session.execute(insert(Lead).values(email=None, first_name=NAME, company=COMPANY))


def _nul_insert(session, data):
    # PostgreSQL refuses NUL in text (SQLite stores it: no error to provoke there).
    session.execute(insert(Lead).values(email=EMAIL, first_name=NAME + "\x00", company=COMPANY))


@pytest.mark.parametrize("fail", [_duplicate_insert, _null_insert, _nul_insert])
def test_a_database_error_logs_no_lead_data(
    logging_app, make_key, caplog, monkeypatch, fail, database_url
):
    if fail is _nul_insert and database_url.startswith("sqlite"):
        pytest.skip("SQLite stores NUL in text")
    monkeypatch.setattr(lead_service, "create_lead", fail)
    headers = {"Authorization": f"Bearer {make_key('admin')}"}
    caplog.set_level(logging.DEBUG)
    response = logging_app.test_client().post(
        "/api/v1/leads", json={"email": "joe@example.com"}, headers=headers
    )
    assert response.status_code == 500
    logged = caplog.text + "".join(
        logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info
    )
    assert "Exception on /api/v1/leads" in logged or "error" in logged.lower()
    for secret in (EMAIL, NAME, COMPANY):
        assert secret not in logged, logged[-2000:]


def test_the_engine_hides_parameters(app):
    assert app.extensions["callprep.engine"].hide_parameters


# PostgreSQL's own server log: a unique violation there reads `DETAIL: Key (email)=(...)
# already exists.`, a file erasure cannot reach. The service must not provoke one.

RACE_EMAIL, RACE_NAME = "quinn.racer@example.com", "Quinnrace"
IMPORT_EMAIL, IMPORT_NAME = "ivy.importer@example.com", "Ivyimport"
HOOK_EMAIL, HOOK_NAME = "hal.hooked@example.com", "Halhooked"
CRM_EMAIL, CRM_NAME, CRM_ID = "cora.crm@example.com", "Coracrm", "hs-race-4711"


def _server_log(engine) -> Path | None:
    """The file the PostgreSQL server writes its log to, if this process can read it: the
    logging collector's current file, else Debian's /var/log/postgresql (pg_ctlcluster)."""
    with engine.connect() as connection:
        current = connection.scalar(text("SELECT pg_current_logfile()"))
        data_directory = connection.scalar(text("SHOW data_directory"))
        major = int(connection.scalar(text("SHOW server_version_num"))) // 10000
    candidates = [Path(data_directory) / current] if current else []
    candidates += sorted(Path("/var/log/postgresql").glob(f"postgresql-{major}-*.log"))
    for candidate in candidates:
        try:
            with candidate.open("rb"):
                return candidate
        except OSError:
            continue
    return None


def _racing_another_insert(engine, email: str, call, external_id: tuple[str, str] | None = None):
    """``call()`` while another transaction has inserted a lead with ``email`` (and
    ``external_id``) and not yet committed: the request's own check finds nothing, its insert
    waits on the unique index, and the other transaction then commits. (The lost race, made
    certain.)"""
    with engine.connect() as other:
        transaction = other.begin()
        lead_id = other.scalar(
            insert(Lead).values(email=email, first_name="Other").returning(Lead.id)
        )
        if external_id:
            system, value = external_id
            other.execute(
                insert(LeadExternalId).values(lead_id=lead_id, system=system, external_id=value)
            )
        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(call)
            for _ in range(100):  # until the request waits for our row lock
                with engine.connect() as watcher:
                    waiting = watcher.scalar(
                        text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                    )
                if waiting or answer.done():
                    break
                time.sleep(0.05)
            transaction.commit()
            return answer.result(timeout=30)


@pytest.mark.postgres_only
def test_a_lost_race_for_an_email_leaves_no_lead_data_in_the_postgresql_log(
    logging_app, make_key, database_url, monkeypatch
):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's server log")
    engine = logging_app.extensions["callprep.engine"]
    log = _server_log(engine)
    if log is None:
        pytest.skip("the PostgreSQL server log is not readable by this process")
    start = log.stat().st_size
    headers = {"Authorization": f"Bearer {make_key('admin')}"}
    client = logging_app.test_client()

    created = _racing_another_insert(
        engine,
        RACE_EMAIL,
        lambda: client.post(
            "/api/v1/leads", json={"email": RACE_EMAIL, "first_name": RACE_NAME}, headers=headers
        ),
    )
    assert created.status_code == 409 and created.get_json()["lead_id"]

    # Another lead takes the CRM id this new lead asks for: a 409 naming it, not a violation
    # whose DETAIL logs the id.
    claimed_id = _racing_another_insert(
        engine,
        "someone.else@example.com",
        lambda: client.post(
            "/api/v1/leads",
            json={"email": CRM_EMAIL, "first_name": CRM_NAME, "external_ids": {"hubspot": CRM_ID}},
            headers=headers,
        ),
        external_id=("hubspot", CRM_ID),
    )
    assert claimed_id.status_code == 409 and claimed_id.get_json()["lead_id"]
    assert "external_ids" in claimed_id.get_json()["errors"]

    csv_body = f"email,first_name\n{IMPORT_EMAIL},{IMPORT_NAME}\n".encode()
    imported = _racing_another_insert(
        engine,
        IMPORT_EMAIL,
        lambda: client.post(
            "/api/v1/imports",
            data={"kind": "leads", "file": (io.BytesIO(csv_body), "leads.csv")},
            headers=headers,
            content_type="multipart/form-data",
        ),
    )
    assert imported.status_code == 200
    assert imported.get_json()["rejected"] == 0, imported.get_json()

    monkeypatch.setitem(logging_app.config, "WEBHOOK_SECRETS", ["race-secret"])
    delivery = json.dumps(
        {
            "email": HOOK_EMAIL,
            "first_name": HOOK_NAME,
            "type": "form_submission",
            "occurred_at": datetime.now(UTC).isoformat(),
            "title": "Contact Sales",
            "source": "website",
            "external_id": "race-1",
        }
    ).encode()
    stamp = str(int(time.time()))
    hooked = _racing_another_insert(
        engine,
        HOOK_EMAIL,
        lambda: client.post(
            "/api/v1/webhooks/events",
            data=delivery,
            headers={
                "X-Callprep-Timestamp": stamp,
                "X-Callprep-Signature": webhooks.sign_callprep("race-secret", stamp, delivery),
                "Content-Type": "application/json",
            },
        ),
    )
    assert hooked.status_code == 200 and hooked.get_json()["created"] == 1, hooked.get_json()

    # A marker error proves the log is live and this test reads the right file.
    marker = f"callprep_log_marker_{start}"
    with engine.connect() as connection, contextlib.suppress(DBAPIError):
        connection.execute(text(f"SELECT 1 / 0 AS {marker}"))
    for _ in range(50):
        with log.open("rb") as handle:
            handle.seek(start)
            written = handle.read().decode("utf-8", "replace")
        if marker in written:
            break
        time.sleep(0.1)
    assert marker in written
    secrets = (RACE_EMAIL, RACE_NAME, IMPORT_EMAIL, IMPORT_NAME, HOOK_EMAIL, HOOK_NAME)
    for secret in (*secrets, CRM_EMAIL, CRM_NAME, CRM_ID):
        assert secret not in written, written[-2000:]
