"""`callprep erase --vacuum-full` on PostgreSQL: it refuses (after a bounded wait) while
another session's snapshot predates the erasure — VACUUM FULL would copy the erased rows —
and when it rewrites, it checks the relation files and says what it verified."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from callprep.privacy import verify
from tests.integration.privacy.test_erasure import MARKER, _lead_with_history


@pytest.fixture
def postgres_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's snapshots and relation files")


def _erase(database_url, email, *extra):
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


def test_copies_kept_by_a_passing_snapshot_get_a_second_rewrite_that_is_reported(
    client, auth, session, database_url, postgres_only, monkeypatch
):
    """Seen once in CI: no older snapshot before the rewrite, yet the new files held the
    email. The command rewrites again (after the same wait) and says so. The first search's
    finding is stood in for here: the condition itself could not be provoked on demand."""
    lead = _lead_with_history(client, auth)
    session.close()
    erase_engine = create_engine(database_url)
    try:
        with erase_engine.begin() as connection:
            connection.execute(text("DELETE FROM leads WHERE id = :id"), {"id": lead["id"]})
        searched = []
        real_verify = verify._verify

        def first_search_finds_a_copy(connection, tables, needle, report):
            real_verify(connection, tables, needle, report)
            searched.append(report.verified)
            if len(searched) == 1:
                report.verified = False
                report.notes.append("1 file(s) still hold the email: base/0/0")

        monkeypatch.setattr(verify, "_verify", first_search_finds_a_copy)
        report = verify.vacuum_full(
            erase_engine, ["leads"], ["leads"], email=lead["email"], wait_seconds=5
        )
    finally:
        erase_engine.dispose()
    assert report.rewrites == 2 and report.verified is True
    said = "\n".join(report.lines())
    assert "(2 times)" in said and "rewritten again" in said and "verified: none of the" in said
