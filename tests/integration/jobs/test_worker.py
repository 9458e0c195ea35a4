"""The queue mode: jobs on Dramatiq's Redis broker (the Redis on this machine, a database and
namespace per pytest-xdist worker), run by real `callprep worker` subprocesses; a worker
killed with SIGKILL in the middle of a job loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy import func, select

from callprep import create_app
from callprep.ingest.intake import ImportReport, LeadRef, store_events
from callprep.jobs.runners import runner_of
from callprep.models import Interaction, Lead, LeadTopic

NOW = datetime.now(UTC)
REDIS_DATABASES = {"master": 8, "gw0": 9, "gw1": 10}
SENTENCE = (
    "We are evaluating widget ROI platforms for our plant in Ohio; our CFO asked for a "
    "pricing comparison and a demo before the budget review next month, number {n}."
)


@pytest.fixture
def queue(worker_id):
    """(url, namespace): only this test worker's keys, removed before and after."""
    # CALLPREP_TEST_REDIS_URL: a Redis database of one's own on a shared machine.
    url = os.environ.get("CALLPREP_TEST_REDIS_URL") or (
        f"redis://127.0.0.1:6379/{REDIS_DATABASES.get(worker_id, 11)}"
    )
    # The process id too: two runs side by side (SQLite and PostgreSQL) share no keys.
    namespace = f"callprep-test-{worker_id}-{os.getpid()}"
    client = redis.Redis.from_url(url)

    def flush() -> None:
        for key in client.scan_iter(f"{namespace}*"):
            client.delete(key)

    flush()
    yield url, namespace
    flush()
    client.close()


@pytest.fixture
def queue_app(database_url, queue):
    url, namespace = queue
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "t",
            "JOBS_MODE": "queue",
            "QUEUE_URL": url,
            "QUEUE_NAMESPACE": namespace,
        }
    )
    yield app
    runner_of(app).broker.close()
    app.extensions["callprep.engine"].dispose()


class Worker:
    """A `callprep worker` subprocess whose log lines are collected as they come."""

    def __init__(self, database_url: str, queue: tuple[str, str]) -> None:
        env = {
            **os.environ,
            "CALLPREP_DATABASE_URL": database_url,
            "CALLPREP_QUEUE_URL": queue[0],
            "CALLPREP_QUEUE_NAMESPACE": queue[1],
            "CALLPREP_JOBS_MODE": "queue",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "callprep.cli", "worker", "--threads", "1"],
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"worker never said {text!r}: {''.join(self.lines)[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        self.process.stderr.close()


@pytest.fixture
def workers(database_url, queue):
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(database_url, queue)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def batch(n: int, prefix: str):
    return [
        {
            "type": "form_submission",
            "occurred_at": (NOW - timedelta(minutes=i + 1)).isoformat(),
            "title": "Contact Sales",
            "comment": SENTENCE.format(n=f"{prefix}{i}") * 3,
            "source": "website",
            "external_id": f"{prefix}-{i}",
        }
        for i in range(n)
    ]


def pending(session, lead_id) -> int:
    session.expire_all()
    return session.scalar(
        select(func.count())
        .select_from(Interaction)
        .where(Interaction.lead_id == lead_id, Interaction.analysis_pending)
    )


def topics(session, lead_id) -> int:
    return session.scalar(
        select(func.count()).select_from(LeadTopic).where(LeadTopic.lead_id == lead_id)
    )


def wait_analysed(session, lead_id, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pending(session, lead_id) == 0:
            return
        time.sleep(0.2)
    raise AssertionError(f"lead {lead_id} still has {pending(session, lead_id)} pending")


@pytest.mark.slow
def test_a_worker_analyses_what_the_api_accepted(queue_app, workers, auth, session):
    client = queue_app.test_client()
    headers = auth("integration")
    lead_id = client.post(
        "/api/v1/leads", json={"email": "joe@example.com"}, headers=headers
    ).get_json()["id"]
    response = client.post(
        f"/api/v1/leads/{lead_id}/interactions", json=batch(20, "a"), headers=headers
    )
    assert response.status_code == 201
    brief = client.get(f"/api/v1/leads/{lead_id}/brief", headers=auth("admin")).get_json()
    assert brief["analysis_pending"] is True  # no worker yet: served from what is stored
    assert runner_of(queue_app).pending_messages() == 1  # one job per lead, ids only
    worker = workers()
    worker.wait_for("worker started")
    wait_analysed(session, lead_id)
    assert topics(session, lead_id) > 0
    brief = client.get(f"/api/v1/leads/{lead_id}/brief", headers=auth("admin")).get_json()
    assert brief["analysis_pending"] is False and brief["topics"]


@pytest.mark.slow
def test_a_worker_killed_mid_job_loses_nothing(queue_app, workers, auth, session):
    client = queue_app.test_client()
    headers = auth("integration")
    lead_id = client.post(
        "/api/v1/leads", json={"email": "ann@example.com"}, headers=headers
    ).get_json()["id"]
    first = workers()
    first.wait_for("worker started")
    client.post(f"/api/v1/leads/{lead_id}/interactions", json=batch(150, "k"), headers=headers)
    first.wait_for(f"job analyse_lead:{lead_id} started")
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=30)
    # Killed before the job committed: the marks are still there, nothing half-applied.
    assert pending(session, lead_id) == 150
    assert topics(session, lead_id) == 0

    second = workers()  # sweeps the database on start; Redis also requeues the message
    second.wait_for("worker started")
    wait_analysed(session, lead_id, timeout=180)
    assert topics(session, lead_id) > 0


@pytest.mark.slow
def test_one_commit_for_several_leads_enqueues_every_job_at_once(queue_app, workers, session):
    # An import batch naming several leads: their jobs go to Redis together (one pipeline),
    # each a message of its own that a worker runs.
    leads = []
    with queue_app.app_context():
        writer = queue_app.extensions["callprep.sessionmaker"]()
        events = [
            (
                n,
                LeadRef(email=f"batch{n % 3}@example.com"),
                {**item, "occurred_at": NOW - timedelta(minutes=n + 1)},
            )
            for n, item in enumerate(batch(6, "p"))
        ]
        store_events(writer, events, ImportReport(kind="interactions"), lambda error: None)
        writer.commit()
        leads = sorted(writer.scalars(select(Lead.id)).all())
        writer.close()
    assert len(leads) == 3
    assert runner_of(queue_app).pending_messages() == 3
    worker = workers()
    worker.wait_for("worker started")
    for lead_id in leads:
        wait_analysed(session, lead_id)
        assert topics(session, lead_id) > 0
