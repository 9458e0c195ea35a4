"""`callprep jobs failed|replay` and `callprep worker` on the command line (subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import func, select

from callprep.models import AnalysisJob, Interaction, LeadTopic

NOW = datetime.now(UTC)


def run(database_url: str, *args: str, **env: str):
    return subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args],
        env={**os.environ, "CALLPREP_DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_parked_import_is_listed_and_replayed(database_url, app, session, tmp_path):
    data = tmp_path / "interactions.csv"
    data.write_text(
        "email,type,occurred_at,title,comment,source,external_id\n"
        f"ann@example.com,form_submission,{NOW.isoformat()},Contact Sales,"
        '"We need a widget ROI solution before Q3.",import,c-1\n'
    )
    broken = run(
        database_url,
        "import",
        "interactions",
        str(data),
        CALLPREP_SPACY_MODEL="/nonexistent/pipeline",
        CALLPREP_JOBS_MODE="thread",
        CALLPREP_JOBS_MIN_BACKOFF_SECONDS="0.01",
    )
    assert broken.returncode == 0, broken.stderr  # stored and committed all the same
    assert "created 1" in broken.stderr
    assert session.scalar(select(func.count()).select_from(Interaction)) == 1
    assert session.scalar(select(AnalysisJob.state)) == "failed"

    listed = run(database_url, "jobs", "failed")
    assert listed.returncode == 0, listed.stderr
    job_id, kind, lead_id, attempts, error, _when = listed.stdout.strip().split("\t")
    assert (kind, attempts, error) == ("analyse_lead", "5", "PipelineNotFound")
    assert "1 failed jobs" in listed.stderr

    replayed = run(database_url, "jobs", "replay", job_id, CALLPREP_JOBS_MODE="thread")
    assert replayed.returncode == 0, replayed.stderr
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AnalysisJob)) == 0
    assert session.scalar(select(func.count()).select_from(LeadTopic)) > 0
    assert not session.scalar(select(Interaction.analysis_pending))
    assert run(database_url, "jobs", "failed").stdout == ""


def test_worker_without_a_queue_says_what_to_set(database_url, app):
    result = run(database_url, "worker", CALLPREP_JOBS_MODE="", CALLPREP_QUEUE_URL="")
    assert result.returncode != 0
    assert "CALLPREP_QUEUE_URL" in result.stderr.strip().splitlines()[-1]


def test_replay_needs_ids_or_all(database_url, app):
    result = run(database_url, "jobs", "replay")
    assert result.returncode != 0 and "--all" in result.stderr
