"""Erasure (GDPR Art. 17): everything about the person goes, shared content stays, the log
holds no personal data, the database file keeps no copy, and suppression keeps them out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from callprep.models import (
    BriefRecord,
    Erasure,
    Interaction,
    Lead,
    LeadExternalId,
    LeadFact,
    LeadTopic,
    Outcome,
    TextAnalysis,
)
from callprep.privacy import erasure, verify

MARKER = "Zqxmarker"
SHARED_COMMENT = "Please send pricing."
TITLE = "10 Tips for Improving your Widget ROI"


def _lead_with_history(client, auth, name=MARKER):
    email = f"{name.lower()}@example.com"
    headers = auth("admin")
    lead = client.post(
        "/api/v1/leads",
        json={
            "email": email,
            "first_name": name,
            "last_name": f"{name}son",
            "external_ids": {"salesforce": f"00Q{email}"},
        },
        headers=headers,
    ).get_json()
    assert "id" in lead, lead
    items = [
        {
            "type": "form_submission",
            "occurred_at": "2026-11-20T10:00:00+00:00",
            "title": "Contact Sales",
            "comment": f"My colleague {name} Lee referred me; we need widget ROI before Q3.",
            "source": "marketo",
            "external_id": f"{email}-1",
        },
        {
            "type": "form_submission",
            "occurred_at": "2026-11-21T10:00:00+00:00",
            "title": TITLE,
            "comment": SHARED_COMMENT,
            "source": "marketo",
            "external_id": f"{email}-2",
        },
    ]
    response = client.post(f"/api/v1/leads/{lead['id']}/interactions", json=items, headers=headers)
    assert response.status_code == 201
    return lead


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_admin_erases_the_lead_and_everything_derived(client, auth, session):
    lead = _lead_with_history(client, auth)
    other = _lead_with_history(client, auth, name="Other")
    # The real NLP at ingest derived topics and facts from what the lead wrote.
    facts_before = _count(session, LeadFact, LeadFact.lead_id == lead["id"])
    topics_before = _count(session, LeadTopic, LeadTopic.lead_id == lead["id"])
    assert facts_before and topics_before
    analyses_before = _count(session, TextAnalysis)

    response = client.delete(f"/api/v1/leads/{lead['id']}", headers=auth("admin"))

    assert response.status_code == 204
    session.expire_all()
    assert client.get(f"/api/v1/leads/{lead['id']}", headers=auth("admin")).status_code == 404
    assert _count(session, Interaction, Interaction.lead_id == lead["id"]) == 0
    assert _count(session, LeadTopic, LeadTopic.lead_id == lead["id"]) == 0
    assert _count(session, LeadFact, LeadFact.lead_id == lead["id"]) == 0
    assert _count(session, LeadExternalId, LeadExternalId.lead_id == lead["id"]) == 0
    # Only the analysis of the comment nobody else wrote is gone: titles and the comment
    # the other lead wrote too are shared content.
    assert _count(session, TextAnalysis) == analyses_before - 1
    assert _count(session, TextAnalysis, TextAnalysis.content_hash.like(f"%{MARKER}%")) == 0
    assert _count(session, Interaction, Interaction.lead_id == other["id"]) == 2

    entry = session.scalars(select(Erasure)).one()
    assert entry.actor_role == "admin" and entry.email_hash is None
    assert entry.counts["interactions"] == 2 and entry.counts["comments"] == 2
    assert entry.counts["lead_facts"] == facts_before
    assert entry.counts["lead_topics"] == topics_before
    assert entry.counts["leads"] == 1 and entry.counts["text_analyses"] == 1
    assert MARKER.lower() not in str(entry.counts).lower()


@pytest.mark.parametrize("role", ["marketing", "rep", "integration"])
def test_only_an_admin_may_erase(client, auth, role):
    lead = _lead_with_history(client, auth)
    headers = auth(role, "rita@example.com" if role == "rep" else None)
    response = client.delete(f"/api/v1/leads/{lead['id']}", headers=headers)
    assert response.status_code == 403
    assert client.get(f"/api/v1/leads/{lead['id']}", headers=auth("admin")).status_code == 200


def test_erasing_an_unknown_lead_is_404_and_logs_nothing(client, auth, session):
    response = client.delete("/api/v1/leads/987654", headers=auth("admin"))
    assert response.status_code == 404
    assert response.get_json()["code"] == 404
    for beyond in (2**31, 2**63):  # found by schemathesis: were 500s
        assert client.delete(f"/api/v1/leads/{beyond}", headers=auth("admin")).status_code == 404
    assert _count(session, Erasure) == 0


def test_registered_erasers_run_inside_the_erasure_and_their_counts_are_logged(
    client, auth, session, monkeypatch
):
    lead = _lead_with_history(client, auth)
    seen = []

    def erase_briefs(hook_session, hook_lead):
        # Runs before the core deletes: the lead's interactions are still there to be found.
        seen.append(_count(hook_session, Interaction, Interaction.lead_id == hook_lead.id))
        return {"briefs": 3}

    monkeypatch.setitem(erasure._ERASERS, "test.erase_briefs", erase_briefs)
    assert client.delete(f"/api/v1/leads/{lead['id']}", headers=auth("admin")).status_code == 204
    assert seen == [2]
    assert session.scalars(select(Erasure)).one().counts["briefs"] == 3


def test_a_failing_eraser_aborts_the_whole_erasure(client, auth, session, monkeypatch):
    lead = _lead_with_history(client, auth)

    def broken(_session, _lead):
        raise RuntimeError("outcomes table locked")

    monkeypatch.setitem(erasure._ERASERS, "test.broken", broken)
    with pytest.raises(RuntimeError):
        client.delete(f"/api/v1/leads/{lead['id']}", headers=auth("admin"))
    assert _count(session, Lead, Lead.id == lead["id"]) == 1
    assert _count(session, Interaction, Interaction.lead_id == lead["id"]) == 2
    assert _count(session, Erasure) == 0


def test_register_eraser_twice_keeps_one_hook(monkeypatch):
    monkeypatch.setattr(erasure, "_ERASERS", {})

    def hook(_session, _lead):
        return None

    erasure.register_eraser(hook)
    erasure.register_eraser(hook)
    assert erasure.registered_erasers() == [hook]


def test_suppression_stores_only_a_keyed_hash_and_is_recognised(client, auth, session):
    lead = _lead_with_history(client, auth)
    response = client.delete(f"/api/v1/leads/{lead['id']}?suppress=true", headers=auth("admin"))
    assert response.status_code == 204
    entry = session.scalars(select(Erasure)).one()
    assert entry.email_hash and len(entry.email_hash) == 64
    assert MARKER.lower() not in entry.email_hash
    assert erasure.is_suppressed(session, f"  {MARKER.upper()}@EXAMPLE.com ")
    assert not erasure.is_suppressed(session, "someone.else@example.com")


def test_nobody_is_suppressed_on_a_fresh_installation(session):
    assert not erasure.is_suppressed(session, "anyone@example.com")


def _database_files(database_url: str) -> list[Path]:
    path = Path(make_url(database_url).database)
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists()]


def _marker_in_files(database_url: str) -> bool:
    # Read in a child process: closing a file this process opened would drop every POSIX
    # lock it holds on that file, SQLite's included (then another process may reset the WAL
    # under this process's open connections: "disk I/O error").
    paths = [str(p) for p in _database_files(database_url)]
    script = (
        "import sys; needle = sys.argv[1].encode(); "
        "print(any(needle in d or needle.lower() in d "
        "for d in (open(p, 'rb').read() for p in sys.argv[2:])))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script, MARKER, *paths], capture_output=True, text=True, check=True
    )
    return found.stdout.strip() == "True"


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("reads the bytes of the SQLite database file")


def test_no_trace_of_the_erased_values_stays_in_the_sqlite_file(
    client, auth, session, database_url, sqlite_only
):
    lead = _lead_with_history(client, auth)
    session.close()
    assert _marker_in_files(database_url)  # the check can see the values before erasure

    assert client.delete(f"/api/v1/leads/{lead['id']}", headers=auth("admin")).status_code == 204

    assert not _marker_in_files(database_url)


def test_cli_erase_removes_the_lead_and_leaves_no_trace_in_the_file(
    client, auth, session, database_url, sqlite_only
):
    lead = _lead_with_history(client, auth)
    session.close()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "callprep.cli",
            "erase",
            "--email",
            lead["email"],
            "--suppress",
            "--vacuum-full",
        ],
        env={"CALLPREP_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "interactions 2" in result.stderr and "(suppressed)" in result.stderr
    assert MARKER.lower() not in result.stderr.lower()
    assert not _marker_in_files(database_url)
    assert erasure.is_suppressed(session, lead["email"])


def test_cli_erase_of_an_unknown_email_fails_with_one_line(database_url, app):
    result = subprocess.run(
        [sys.executable, "-m", "callprep.cli", "erase", "--email", "nobody@example.com"],
        env={"CALLPREP_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "no lead with this email" in result.stderr.strip().splitlines()[-1]


def test_postgres_erasure_vacuums_the_touched_tables(client, auth, session, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("VACUUM is PostgreSQL's")
    lead = _lead_with_history(client, auth)
    session.close()
    assert client.delete(f"/api/v1/leads/{lead['id']}", headers=auth("admin")).status_code == 204
    with session.bind.connect() as connection:
        dead = connection.scalar(
            text("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'leads'")
        )
        vacuumed = connection.scalar(
            text("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'leads'")
        )
    assert vacuumed is not None and dead == 0


def test_postgres_vacuum_full_leaves_no_trace_in_the_relation_files(
    client, auth, session, database_url, app
):
    """Plain VACUUM leaves erased bytes in index pages (observed); `erase --vacuum-full`
    rewrites the touched tables and their indexes, and then no file holds them."""
    if not database_url.startswith("postgresql"):
        pytest.skip("reads PostgreSQL's relation files")
    lead = _lead_with_history(client, auth)
    session.close()
    files_query = text(
        "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't') "
        "AND pg_relation_filepath(c.oid) IS NOT NULL"
    )
    needle = MARKER.lower().encode().hex()

    def marker_on_disk() -> bool:
        with session.bind.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            try:
                c.execute(text("CHECKPOINT"))
                paths = list(c.scalars(files_query))
            except Exception as error:  # noqa: BLE001 - a non-superuser cannot do this
                pytest.skip(f"cannot checkpoint or list relation files: {error}")
            return any(
                c.scalar(
                    text(
                        "SELECT position(decode(:needle, 'hex') in "
                        "lower(encode(pg_read_binary_file(:path), 'escape'))::bytea) > 0"
                    ),
                    {"needle": needle, "path": path},
                )
                for path in paths
            )

    assert marker_on_disk()
    worker = app.extensions["callprep.sessionmaker"]()
    try:
        result = erasure.erase_by_email(worker, lead["email"], actor_role="admin")
        worker.commit()
    finally:
        worker.close()
    # As `erase --vacuum-full` does: wait until no transaction (the suite's other worker
    # writes in its own database, and ids are server-wide) holds the rewrite back.
    report = verify.vacuum_full(
        session.bind, result.tables, erasure.known_tables(), email=lead["email"], wait_seconds=60
    )
    assert report.verified, report.lines()
    assert not marker_on_disk()


def test_erasure_keeps_outcomes_for_the_statistics_without_the_note(client, auth, session):
    lead = _lead_with_history(client, auth)
    admin = auth("admin")
    brief = client.get(f"/api/v1/leads/{lead['id']}/brief", headers=admin).get_json()
    note = f"{MARKER} said to call back after the board meeting"
    logged = client.post(
        f"/api/v1/briefs/{brief['brief_id']}/outcome",
        json={"disposition": "meeting_booked", "lead_quality": "ready", "note": note},
        headers=admin,
    )
    assert logged.status_code == 201

    assert client.delete(f"/api/v1/leads/{lead['id']}", headers=admin).status_code == 204

    session.expire_all()
    outcome = session.scalars(select(Outcome)).one()
    assert outcome.note is None and outcome.lead_id is None and outcome.brief_id is None
    assert outcome.disposition == "meeting_booked" and outcome.track_name
    assert _count(session, BriefRecord) == 0
    entry = session.scalars(select(Erasure)).one()
    assert entry.counts["briefs"] >= 1 and entry.counts["outcomes"] == 1
