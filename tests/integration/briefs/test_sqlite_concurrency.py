"""On a SQLite file, briefs are served while other connections write: WAL mode, a busy timeout,
and no "database is locked" reaching a reader or a writer."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import insert, text

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.db import make_engine, utcnow
from callprep.leads.activity import refresh_lead_activity
from callprep.migrate import upgrade
from callprep.models import Interaction
from tests.support.briefkit import event, make_lead


def test_a_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA busy_timeout")) >= 5000
    engine.dispose()


def test_an_in_memory_sqlite_database_still_opens():
    engine = make_engine("sqlite://")
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "memory"
    engine.dispose()


@pytest.fixture
def file_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "TESTING": True,
            "SECRET_KEY": "t",
            "RATELIMIT_DEFAULT": "1000000 per minute",
        }
    )
    yield app
    app.extensions["callprep.engine"].dispose()


def test_briefs_and_writers_at_once_never_see_database_is_locked(file_app):
    maker = file_app.extensions["callprep.sessionmaker"]
    session = maker()
    now = utcnow()
    lead = make_lead(
        session,
        events=[event("form_submission", now - timedelta(hours=1), "Contact Sales")],
        first_name="Joe",
    )
    lead_id = lead.id
    _key, plain = accounts.create_api_key(session, role="admin", name="busy")
    session.commit()
    session.close()
    headers = {"Authorization": f"Bearer {plain}"}
    failures: list[str] = []
    writing = threading.Event()

    def writer(n: int) -> None:
        for batch in range(15):
            writer_session = maker()
            try:
                writer_session.execute(
                    insert(Interaction),
                    [
                        {
                            "lead_id": lead_id,
                            "type": "web_visit",
                            "occurred_at": now - timedelta(minutes=batch + 1, seconds=i),
                            "title": f"Pricing {i}",
                            "source": "busy",
                            "external_id": f"w{n}-{batch}-{i}",
                        }
                        for i in range(200)
                    ],
                )
                refresh_lead_activity(writer_session, lead_id)
                writing.set()
                writer_session.commit()
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                failures.append(f"writer: {exc}")
                return
            finally:
                writer_session.close()

    def reader() -> None:
        client = file_app.test_client()
        writing.wait(10)
        for _ in range(25):
            response = client.get(f"/api/v1/leads/{lead_id}/brief", headers=headers)
            if response.status_code != 200:
                failures.append(f"brief: {response.status_code} {response.get_data(True)[:200]}")
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
