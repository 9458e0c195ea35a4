"""Brief records are written off the request: a brief takes no write lock, the record lands
within a second from the background thread, an outcome can follow at once, a record whose lead
was erased meanwhile is skipped, and a clean shutdown of `callprep serve` loses none."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.request
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import make_url, select

from callprep.accounts import users as accounts
from callprep.briefs.records import BRIEF_RECORDS, BriefRecorder
from callprep.db import utcnow
from callprep.models import BriefRecord
from tests.support.briefkit import event, make_lead
from tests.support.live_server import live_server


@pytest.fixture
def joe(session):
    now = utcnow()
    return make_lead(
        session,
        email="joe@example.com",
        first_name="Joe",
        events=[event("form_submission", now - timedelta(minutes=40), "Contact Sales")],
    )


def _record(session, brief_id: str) -> BriefRecord | None:
    session.rollback()  # a fresh snapshot
    return session.get(BriefRecord, brief_id)


def test_a_brief_is_served_while_another_connection_holds_the_write_lock(
    client, auth, joe, database_url
):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one write lock")
    headers = auth("admin")
    url = f"/api/v1/leads/{joe.id}/brief"
    assert client.get(url, headers=headers).status_code == 200  # the key's first use is noted
    writer = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an import's long write transaction
    statuses: list[int] = []
    try:
        fetch = threading.Thread(
            target=lambda: statuses.append(client.get(url, headers=headers).status_code)
        )
        fetch.start()
        fetch.join(10)
        assert statuses == [200]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        fetch.join(60)


def test_the_record_lands_without_anyone_flushing(client, auth, joe, session):
    brief = client.get(f"/api/v1/leads/{joe.id}/brief", headers=auth("admin")).get_json()
    deadline = time.monotonic() + 10
    while _record(session, brief["brief_id"]) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    record = _record(session, brief["brief_id"])
    assert record is not None and record.shown_in == "api"
    assert record.track_version == brief["talk_track"]["version"]


def test_an_outcome_right_after_the_brief_finds_its_record(client, auth, joe, app):
    headers = auth("admin")
    app.extensions[BRIEF_RECORDS]._interval = 3600  # the thread will not get there first
    brief = client.get(f"/api/v1/leads/{joe.id}/brief", headers=headers).get_json()
    outcome = client.post(
        f"/api/v1/briefs/{brief['brief_id']}/outcome",
        json={"disposition": "connected"},
        headers=headers,
    )
    assert outcome.status_code == 201
    assert outcome.get_json()["track_name"] == brief["talk_track"]["name"]


def test_a_record_whose_lead_is_gone_is_skipped_and_the_rest_written(app, joe, session):
    recorder = BriefRecorder(app.extensions["callprep.sessionmaker"], interval=3600)
    row = {
        "situation": "hand_raiser",
        "track_name": "inbound",
        "track_version": 1,
        "variant": "A",
        "generated_at": utcnow(),
        "shown_in": "api",
        "user_id": None,
    }
    kept, orphan = str(uuid.uuid4()), str(uuid.uuid4())
    recorder.add({**row, "id": kept, "lead_id": joe.id})
    recorder.add({**row, "id": orphan, "lead_id": joe.id + 1000})
    assert recorder.flush() == 1
    assert session.get(BriefRecord, kept) is not None
    assert session.get(BriefRecord, orphan) is None
    assert recorder.pending() == 0
    recorder.close()


def test_a_clean_shutdown_of_serve_writes_the_buffered_records(tmp_path):
    url = f"sqlite:///{tmp_path / 'shutdown.db'}"
    from callprep import create_app
    from callprep.migrate import upgrade

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "t"})
    maker = app.extensions["callprep.sessionmaker"]
    with maker() as session:
        lead = make_lead(session, events=[event("form_submission", utcnow(), "Contact Sales")])
        lead_id = lead.id
        _key, plain = accounts.create_api_key(session, role="admin", name="shutdown")
        session.commit()
    ids = []
    # An hour between flushes: only the shutdown can write them.
    with live_server(url, env={"CALLPREP_RECORDS_FLUSH_SECONDS": "3600"}) as (base, _output):
        for _ in range(5):
            request = urllib.request.Request(  # noqa: S310 - our own loopback server
                f"{base}/api/v1/leads/{lead_id}/brief",
                headers={"Authorization": f"Bearer {plain}"},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                ids.append(json.load(answer)["brief_id"])
    # live_server sent SIGTERM and waited for the exit.
    with maker() as session:
        stored = set(session.scalars(select(BriefRecord.id).where(BriefRecord.id.in_(ids))))
    app.extensions["callprep.engine"].dispose()
    assert stored == set(ids)
