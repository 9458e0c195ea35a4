"""`callprep erase --vacuum-full` on PostgreSQL: it refuses (after a bounded wait) while
another session's snapshot predates the erasure — VACUUM FULL would copy the erased rows —
and when it rewrites, it checks the relation files and says what it verified."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, make_url, text

from callprep.privacy import verify
from tests.integration.privacy.test_erasure import MARKER, _lead_with_history


@pytest.fixture
def postgres_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's snapshots and relation files")


def _erase(database_url, email, *extra):
    # The suite's other worker writes in its own database: its transactions hold every
    # rewrite back (ids are server-wide), so a run that must verify waits long enough.
    if "--wait" not in extra:
        extra = (*extra, "--wait", "60")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "callprep.cli",
            "erase",
            "--email",
            email,
            "--vacuum-full",
            *extra,
        ],  # fmt: skip
        env={"CALLPREP_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_an_older_snapshot_makes_vacuum_full_refuse_then_a_rerun_verifies(
    client, auth, session, database_url, postgres_only
):
    lead = _lead_with_history(client, auth)
    session.close()
    other = create_engine(database_url)
    try:
        with other.connect() as reader:
            # A report that began before the erasure: its snapshot still sees the lead.
            reader.execute(text("BEGIN ISOLATION LEVEL REPEATABLE READ"))
            assert reader.scalar(text("SELECT count(*) FROM leads")) >= 1
            refused = _erase(database_url, lead["email"], "--wait", "1")
            assert refused.returncode != 0, refused.stderr
            assert "still see the erased rows" in refused.stderr
            assert "pid" in refused.stderr
            reader.execute(text("ROLLBACK"))
    finally:
        other.dispose()
    rerun = _erase(database_url, lead["email"])
    assert rerun.returncode == 0, rerun.stderr
    assert "no other session held a snapshot" in rerun.stderr
    assert "verified: none of the" in rerun.stderr
    assert MARKER.lower() not in rerun.stderr.lower()


def test_vacuum_full_says_what_it_verified(client, auth, session, database_url, postgres_only):
    lead = _lead_with_history(client, auth)
    session.close()
    result = _erase(database_url, lead["email"])
    assert result.returncode == 0, result.stderr
    assert "VACUUM FULL rewrote" in result.stderr
    assert "verified: none of the" in result.stderr and "relation files" in result.stderr


def test_a_failed_verification_says_the_copies_are_live_rows(
    client, auth, session, database_url, postgres_only, engine
):
    """The lead is not erased: its rows are live, so the rewritten files hold the email, and
    the report says they are live rows (erase again), not rows kept by a snapshot."""
    lead = _lead_with_history(client, auth)
    session.close()
    report = verify.vacuum_full(
        engine, ["leads", "interactions"], {"leads", "interactions"}, email=lead["email"]
    )
    assert report.verified is False
    joined = " ".join(report.lines())
    assert "live rows hold the email again" in joined and "leads 1" in joined
    assert "interactions 2" in joined


def test_copies_kept_by_a_snapshot_name_the_sessions_that_hold_one(
    client, auth, session, database_url, postgres_only, engine
):
    lead = _lead_with_history(client, auth)
    session.close()
    repeatable = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with repeatable as reader, engine.connect() as writer:
        # A report's transaction: its snapshot, taken now, keeps seeing the lead.
        assert reader.scalar(text("SELECT count(*) FROM leads")) == 1
        writer.execute(text("DELETE FROM leads WHERE id = :id"), {"id": lead["id"]})
        writer.commit()
        notes = verify._why_copies(writer, ["leads"], lead["email"])
        reader.rollback()
    assert notes[0].startswith("no live row holds it: deleted rows were kept")
    assert "client backend/idle in transaction" in notes[0]


def test_a_write_transaction_in_another_database_holds_the_rewrite_back(
    client, auth, session, database_url, postgres_only, engine
):
    """Transaction ids are cluster-wide: a write transaction begun before the erasure in
    another database lowers the xmin of the rewrite's own snapshot, so VACUUM FULL would
    copy the erased rows (the CI flake). The command waits for it, then verifies."""
    url = make_url(database_url)
    other_name = f"{url.database}_other"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": other_name}
        ):
            connection.execute(text(f'CREATE DATABASE "{other_name}"'))
    admin.dispose()
    elsewhere = create_engine(url.set(database=other_name))
    lead = _lead_with_history(client, auth)
    session.close()
    try:
        with elsewhere.connect() as writer:
            writer.execute(text("CREATE TABLE IF NOT EXISTS busy (n int)"))
            writer.commit()
            writer.execute(text("INSERT INTO busy VALUES (1)"))  # holds an xid, uncommitted
            refused = _erase(database_url, lead["email"], "--wait", "1")
            assert refused.returncode != 0, refused.stderr
            assert f"a write transaction in database {other_name}" in refused.stderr
            writer.rollback()
        rerun = _erase(database_url, lead["email"])
        assert rerun.returncode == 0, rerun.stderr
        assert "verified: none of the" in rerun.stderr
    finally:
        elsewhere.dispose()
