"""Accept, then analyse: ingest commits the interactions and answers; the analysis follows in
jobs (inline in the suite, on a worker thread by default), retried, parked when it keeps
failing, replayed by an admin; the brief of a lead still being analysed says so."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from callprep import create_app
from callprep.imports import bulk as imports
from callprep.imports import reading
from callprep.ingest import events as ingest
from callprep.jobs import work
from callprep.jobs.runners import runner_of
from callprep.leads import service as leads
from callprep.models import AnalysisJob, Interaction, LeadFact, LeadTopic, TextAnalysis

NOW = datetime.now(UTC)
COMMENT = (
    "My colleague Sarah Lee referred me. We need a widget ROI solution, "
    "budget is approved and we want it before Q3."
)


def events(n: int = 3, prefix: str = "e"):
    return [
        {
            "type": "form_submission" if i == 0 else "content_download",
            "occurred_at": (NOW - timedelta(hours=i + 1)).isoformat(),
            "title": "Contact Sales" if i == 0 else f"The Lifecycle of a Widget, part {i}",
            "comment": COMMENT if i == 0 else None,
            "source": "website",
            "external_id": f"{prefix}-{i}",
        }
        for i in range(n)
    ]


def new_lead(client, headers, email="joe@example.com") -> int:
    return client.post("/api/v1/leads", json={"email": email}, headers=headers).get_json()["id"]


def lead_state(session, lead_id):
    session.expire_all()
    topics = session.scalars(
        select(LeadTopic).where(LeadTopic.lead_id == lead_id).order_by(LeadTopic.name)
    ).all()
    facts = session.scalars(
        select(LeadFact).where(LeadFact.lead_id == lead_id).order_by(LeadFact.id)
    ).all()
    pending = session.scalar(
        select(func.count())
        .select_from(Interaction)
        .where(Interaction.lead_id == lead_id, Interaction.analysis_pending)
    )
    return (
        [(t.name, round(t.weight_log, 9), t.mentions, list(t.evidence)) for t in topics],
        [(f.kind, f.value, f.start, f.end) for f in facts],
        pending,
    )


def test_a_post_is_stored_pending_and_analysed_after_its_commit(client, auth, session):
    headers = auth("integration")
    lead_id = new_lead(client, headers)
    response = client.post(f"/api/v1/leads/{lead_id}/interactions", json=events(), headers=headers)
    assert response.status_code == 201
    topics, facts, pending = lead_state(session, lead_id)
    assert topics and {"referrer", "budget"} <= {kind for kind, *_ in facts}
    assert pending == 0
    brief = client.get(f"/api/v1/leads/{lead_id}/brief", headers=auth("admin")).get_json()
    assert brief["analysis_pending"] is False and brief["topics"]


def test_analysing_a_lead_twice_gives_the_same_result(app, client, auth, session):
    headers = auth("integration")
    lead_id = new_lead(client, headers)
    client.post(f"/api/v1/leads/{lead_id}/interactions", json=events(), headers=headers)
    once = lead_state(session, lead_id)
    sessionmaker = app.extensions["callprep.sessionmaker"]
    with app.app_context():
        assert work.analyse_lead(sessionmaker, lead_id) == 0  # nothing left to claim
        assert work.analyse_lead(sessionmaker, lead_id) == 0
    assert lead_state(session, lead_id) == once


def test_a_failing_analysis_is_retried_parked_and_replayed(client, auth, session, monkeypatch):
    headers, admin = auth("integration"), auth("admin")
    lead_id = new_lead(client, headers)
    # A real failure: the configured spaCy pipeline cannot be loaded.
    monkeypatch.setenv("CALLPREP_SPACY_MODEL", "/nonexistent/pipeline")
    response = client.post(f"/api/v1/leads/{lead_id}/interactions", json=events(), headers=headers)
    assert response.status_code == 201 and response.get_json()["created"] == 3  # stored anyway
    assert lead_state(session, lead_id)[2] == 3

    brief = client.get(f"/api/v1/leads/{lead_id}/brief", headers=admin)
    assert brief.status_code == 200
    assert brief.get_json()["analysis_pending"] is True
    assert any("still running" in w for w in brief.get_json()["warnings"])
    text = client.get(f"/api/v1/leads/{lead_id}/brief?format=text", headers=admin)
    assert "still running" in text.get_data(as_text=True)

    failed = client.get("/api/v1/jobs", headers=admin).get_json()
    assert [(job["kind"], job["lead_id"], job["state"]) for job in failed] == [
        ("analyse_lead", lead_id, "failed")
    ]
    assert failed[0]["attempts"] == 5 and failed[0]["error"] == "PipelineNotFound"
    assert COMMENT not in str(failed)  # ids and error kinds only
    assert client.get("/api/v1/jobs", headers=headers).status_code == 403

    monkeypatch.delenv("CALLPREP_SPACY_MODEL")
    replayed = client.post(f"/api/v1/jobs/{failed[0]['id']}/replay", headers=admin)
    assert replayed.status_code == 202
    topics, facts, pending = lead_state(session, lead_id)
    assert topics and facts and pending == 0
    assert client.get("/api/v1/jobs", headers=admin).get_json() == []
    assert (
        client.get(f"/api/v1/leads/{lead_id}/brief", headers=admin).get_json()["analysis_pending"]
        is False
    )


def test_unknown_job_is_404_and_a_bad_state_is_422(client, auth):
    admin = auth("admin")
    assert client.get("/api/v1/jobs/999999", headers=admin).status_code == 404
    # Past the INTEGER column (PostgreSQL refused the query with a 500 before).
    assert client.get("/api/v1/jobs/2147483648", headers=admin).status_code == 404
    assert client.post("/api/v1/jobs/2147483648/replay", headers=admin).status_code == 404
    bad = client.get("/api/v1/jobs?state=lost", headers=admin)
    assert bad.status_code == 422 and "state" in bad.get_json()["errors"]["query"]


def test_an_import_batch_is_committed_before_it_is_analysed(app, session):
    with app.app_context():
        reader = reading.RecordReader(
            io.StringIO(
                "email,type,occurred_at,title,comment,source,external_id\n"
                f"ann@example.com,form_submission,{NOW.isoformat()},Contact Sales,"
                f'"{COMMENT}",import,i-1\n'
            ),
            "csv",
            "interactions",
        )
        importing = app.extensions["callprep.sessionmaker"]()
        run = imports.BulkImport(importing, "interactions", reader, reader=reader)
        for _rows in run.batches():
            lead_id = importing.scalar(select(Interaction.lead_id))
            # Stored, flushed, not analysed: nothing of NLP inside the storing transaction.
            assert importing.scalar(select(func.count()).select_from(TextAnalysis)) == 0
            importing.commit()
        importing.close()
    topics, facts, pending = lead_state(session, lead_id)
    assert topics and facts and pending == 0


# ---------------------------------------------------------------- the worker thread


@pytest.fixture
def thread_app(database_url):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "t",
            "JOBS_MODE": "thread",
            "JOBS_MIN_BACKOFF_SECONDS": 0.05,
        }
    )
    yield app
    assert runner_of(app).wait_idle(timeout=60)
    app.extensions["callprep.engine"].dispose()


def test_the_worker_thread_analyses_after_the_answer(thread_app, auth, session):
    client = thread_app.test_client()
    headers = auth("integration")
    lead_id = new_lead(client, headers)
    response = client.post(f"/api/v1/leads/{lead_id}/interactions", json=events(), headers=headers)
    assert response.status_code == 201
    assert runner_of(thread_app).wait_idle(timeout=60)
    topics, facts, pending = lead_state(session, lead_id)
    assert topics and facts and pending == 0


def test_the_worker_thread_picks_up_what_a_stopped_server_left(thread_app, app, session):
    # Stored and committed by a process that stopped before analysing (no runner heard it).
    lead = leads.create_lead(session, {"email": "left@example.com"})
    item = {**events(1)[0], "occurred_at": NOW}
    ingest.add_interactions(session, lead, [item], defer_analysis=True)
    session.info.pop(ingest.PENDING_LEADS)
    session.commit()
    assert lead_state(session, lead.id)[2] == 1
    runner_of(thread_app).start()  # what `callprep serve` does on start
    assert runner_of(thread_app).wait_idle(timeout=60)
    topics, facts, pending = lead_state(session, lead.id)
    assert topics and facts and pending == 0


def test_the_worker_thread_retries_with_backoff_then_parks(thread_app, auth, session, monkeypatch):
    client = thread_app.test_client()
    headers = auth("integration")
    lead_id = new_lead(client, headers)
    monkeypatch.setenv("CALLPREP_SPACY_MODEL", "/nonexistent/pipeline")
    client.post(f"/api/v1/leads/{lead_id}/interactions", json=events(), headers=headers)
    assert runner_of(thread_app).wait_idle(timeout=60)
    parked = session.scalars(select(AnalysisJob)).all()
    assert [(j.kind, j.lead_id, j.state, j.attempts) for j in parked] == [
        ("analyse_lead", lead_id, "failed", 5)
    ]
    # A parked lead is not swept again and again: an admin replays it.
    assert work.pending_leads(session) == []


# ---------------------------------------------------------------- concurrent writers


@pytest.fixture
def postgres_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's row locks and deadlock detection")


def test_two_imports_meeting_the_same_new_titles_do_not_deadlock(app, session, postgres_only):
    """Two importers on a fresh database, the same 200 new titles in opposite orders."""
    titles = [f"Widget guide number {i}" for i in range(200)]

    def csv_for(who: str, order) -> str:
        lines = ["email,type,occurred_at,title,source,external_id"]
        for n, title in enumerate(order):
            lines.append(
                f"{who}{n % 20}@example.com,content_download,{NOW.isoformat()},{title},"
                f"import,{who}-{n}"
            )
        return "\n".join(lines) + "\n"

    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(who: str, order) -> None:
        try:
            with app.app_context():
                reader = reading.RecordReader(
                    io.StringIO(csv_for(who, order)), "csv", "interactions"
                )
                importing = app.extensions["callprep.sessionmaker"]()
                try:
                    run = imports.BulkImport(
                        importing, "interactions", reader, reader=reader, batch_size=50
                    )
                    start.wait()
                    for _rows in run.batches():
                        importing.commit()
                finally:
                    importing.close()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=("a", titles)),
        threading.Thread(target=run, args=("b", list(reversed(titles)))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert session.scalar(select(func.count()).select_from(TextAnalysis)) == 200
    assert session.scalar(select(func.count()).select_from(Interaction)) == 400
    assert work.pending_leads(session) == []


def test_two_analysis_runs_of_the_same_new_texts_do_not_deadlock(app, session, postgres_only):
    """The analysis step itself, twice at once over the same new texts in opposite orders."""
    from callprep.ingest import analysis

    texts = [("title", f"A brand new widget study {i}") for i in range(150)]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(order) -> None:
        try:
            with app.app_context(), app.extensions["callprep.sessionmaker"]() as own:
                glossary = analysis.current_glossary(own)
                start.wait()
                analysis.ensure_analyses(own, order, glossary)
                own.commit()
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(texts,)),
        threading.Thread(target=run, args=(list(reversed(texts)),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert session.scalar(select(func.count()).select_from(TextAnalysis)) == 150
