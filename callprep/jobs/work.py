"""The job code, the same whichever runner runs it (inline, worker thread, `callprep worker`).

The database says what is pending: interactions stored with ``analysis_pending``, and
``analysis_jobs`` rows for long operations and for parked jobs. So a job is only a pointer
(a lead id, a job id): running it twice gives the same result, and losing it loses nothing —
the next sweep finds the marks again. Each job owns its transactions (commit per step)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import delete, select, true, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from callprep.alerts.delivery import deliver_for_user, users_with_due_work
from callprep.db import utcnow
from callprep.errors import NotFound
from callprep.ingest import analysis
from callprep.leads.activity import refresh_lead_activity
from callprep.leads.service import MAX_ID
from callprep.logsafety import describe
from callprep.models import AnalysisJob, Interaction, Lead

log = logging.getLogger("callprep.jobs")

T = TypeVar("T")
DELIVER_ALERTS = "deliver_alerts"
# A job's follow-ups: (job, seconds from now), e.g. an alert to deliver, a retry due later.
FollowUps = list[tuple["Job", float]]
# The shortest wait before a user's alerts job runs again (never a busy loop).
MIN_FOLLOW_UP_SECONDS = 0.1
# What runs after a lead's analysis is committed, in a transaction of its own:
# ``fn(session, lead_id, config) -> user ids to deliver alerts to``. Set by
# ``register_jobs(app, after_analysis=...)`` (callprep/__init__.py names the alerts' trigger).
AFTER_ANALYSIS = "callprep.after_analysis"
AfterAnalysis = Callable[[Session, int, Any], list[int]]
# PostgreSQL's deadlock and serialization failures: the transaction is retried at once.
RETRYABLE_SQLSTATES = {"40P01", "40001"}
DB_RETRIES = 5


@dataclass(frozen=True)
class Job:
    """What a queue message carries: a kind and an id, never lead data."""

    kind: str  # "analyse_lead" | "stored" | "deliver_alerts" (the id is a user's)
    id: int

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}"


def analyse_lead_job(lead_id: int) -> Job:
    return Job("analyse_lead", lead_id)


def stored_job(job_id: int) -> Job:
    return Job("stored", job_id)


def deliver_alerts_job(user_id: int) -> Job:
    return Job(DELIVER_ALERTS, user_id)


def warm_up() -> None:
    """Load the NLP before the first job needs it (logged, never raised: the job that needs
    the pipeline then fails with the real error, retried and parked like any other)."""
    started = time.monotonic()
    try:
        analysis.warm_up()
    except Exception as error:  # a missing pipeline must not stop the server starting
        log.warning("NLP warm-up failed: %s", describe(error))
        return
    log.info("NLP loaded in %.1f s", time.monotonic() - started)


def run(
    app: Flask, job: Job, progress: Callable[[int, int | None], None] | None = None
) -> FollowUps:
    """Run one job to the end (raises on failure; the runner retries or parks it); the jobs
    it asks for next, which the runner submits."""
    with app.app_context():
        sessionmaker = app.extensions["callprep.sessionmaker"]
        if job.kind == "analyse_lead":
            analyse_lead(sessionmaker, job.id)
            after = app.extensions.get(AFTER_ANALYSIS)
            if after is None:
                return []
            # After the analysis is committed, in its own transaction: alerts read the brief
            # the rep will open. Delivery is a job of its own, so no channel holds this one.
            users = _retrying(sessionmaker, lambda session: after(session, job.id, app.config))
            return [(deliver_alerts_job(user_id), 0.0) for user_id in users]
        if job.kind == "stored":
            run_stored(sessionmaker, job.id, progress)
            return []
        if job.kind == DELIVER_ALERTS:
            # Channel failures are the delivery's own retries and dead letters, never this
            # job's: it only fails when the database does.
            again = deliver_for_user(sessionmaker, job.id, app.config)
            if again is None:
                return []
            return [(job, max(again, MIN_FOLLOW_UP_SECONDS))]
        raise ValueError(f"unknown job kind {job.kind!r}")


def _retrying(sessionmaker, step: Callable[[Session], T]) -> T:
    """One transaction of a job, retried when the database picked it as a deadlock victim."""
    for attempt in range(DB_RETRIES):
        session = sessionmaker()
        try:
            result = step(session)
            session.commit()
            return result
        except OperationalError as error:
            session.rollback()
            if not _retryable(error) or attempt == DB_RETRIES - 1:
                raise
            log.info("retrying a job transaction after %s", describe(error))
            time.sleep(0.05 * (attempt + 1))
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    raise AssertionError("unreachable")


def _retryable(error: DBAPIError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in RETRYABLE_SQLSTATES or "database is locked" in str(error.orig)


def analyse_lead(sessionmaker, lead_id: int) -> int:
    """Analyse a lead's pending interactions; returns how many were applied (0: nothing was
    pending, e.g. a second run or an erased lead).

    Step 1 runs spaCy on the new texts and commits the text analyses, holding no lock on the
    lead (ingest for the same lead goes on meanwhile). Step 2 locks the lead, claims its
    pending interactions (the claim and the results commit together) and updates the lead's
    topics, facts and activity summary: cheap, since the texts are analysed by then."""
    _retrying(sessionmaker, lambda session: _analyse_texts(session, lead_id))
    return _retrying(sessionmaker, lambda session: _apply_to_lead(session, lead_id))


def _analyse_texts(session: Session, lead_id: int) -> None:
    rows = session.execute(
        select(Interaction.title, Interaction.title_is_name, Interaction.comment).where(
            Interaction.lead_id == lead_id, Interaction.analysis_pending == true()
        )
    ).all()
    pairs: set[tuple[str, str]] = set()
    for title, title_is_name, comment in rows:
        if title and title.strip() and not title_is_name:
            pairs.add(("title", title))
        if comment and comment.strip():
            pairs.add(("comment", comment))
    if pairs:
        analysis.ensure_analyses(session, sorted(pairs), analysis.current_glossary(session))


def _apply_to_lead(session: Session, lead_id: int) -> int:
    # The lead's row lock orders this against ingest and other jobs for the same lead, so
    # its running topic weights are never updated side by side (SQLite: one writer anyway).
    if session.scalar(select(Lead.id).where(Lead.id == lead_id).with_for_update()) is None:
        return 0  # erased meanwhile: its interactions went with it
    # The claim: a second run (or a second worker) finds nothing left to apply.
    claimed = list(
        session.scalars(
            update(Interaction)
            .where(Interaction.lead_id == lead_id, Interaction.analysis_pending == true())
            .values(analysis_pending=False)
            .returning(Interaction.id)
        )
    )
    if claimed:
        interactions = session.scalars(
            select(Interaction)
            .where(Interaction.id.in_(claimed))
            .order_by(Interaction.id)
            .execution_options(populate_existing=True)
        ).all()
        analysis.analyse_new_interactions(session, lead_id, interactions)
        refresh_lead_activity(session, lead_id)
    # Parked or replayed jobs of this lead are settled by this success.
    session.execute(
        delete(AnalysisJob).where(
            AnalysisJob.kind == "analyse_lead", AnalysisJob.lead_id == lead_id
        )
    )
    return len(claimed)


def run_stored(
    sessionmaker, job_id: int, progress: Callable[[int, int | None], None] | None = None
) -> None:
    """A stored job (glossary apply, backfill): recompute stale analyses batch by batch,
    committing each with the job's progress, so an interrupted job resumes where it was."""

    def start(session: Session) -> int | None:
        job = session.get(AnalysisJob, job_id, with_for_update=True)
        if job is None or job.state == "done":
            return None
        job.state = "running"
        job.progress_total = job.progress_done + analysis.stale_count(session)
        return job.progress_total

    total = _retrying(sessionmaker, start)
    if total is None:
        return
    session = sessionmaker()
    try:
        job = session.get(AnalysisJob, job_id)
        done = job.progress_done
        batch_size = int((job.params or {}).get("batch_size") or 256)
        for count in analysis.backfill_batches(session, batch_size=batch_size):
            done += count
            job = session.get(AnalysisJob, job_id)
            job.progress_done = done
            job.progress_total = max(job.progress_total or 0, done)
            session.commit()
            if progress is not None:
                progress(done, job.progress_total)
        job = session.get(AnalysisJob, job_id)
        job.state = "done"
        job.progress_total = job.progress_done = done
        job.result = {"recomputed": done}
        job.finished_at = utcnow()
        job.error = None
        session.commit()
        if progress is not None:
            progress(done, done)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# ---------------------------------------------------------------- parking and replaying


def park(app: Flask, job: Job, attempts: int, error: BaseException) -> None:
    """A job that kept failing: kept in analysis_jobs as failed, for `callprep jobs failed`."""
    kind = describe(error)[:500]
    with app.app_context():
        sessionmaker = app.extensions["callprep.sessionmaker"]

        def record(session: Session) -> None:
            if job.kind == DELIVER_ALERTS:
                return  # the user's alerts stay pending: the next sweep runs them again
            if job.kind == "stored":
                row = session.get(AnalysisJob, job.id)
                if row is None:
                    return
            else:
                if session.get(Lead, job.id) is None:
                    return  # erased: nothing to keep
                row = session.scalar(
                    select(AnalysisJob).where(
                        AnalysisJob.kind == "analyse_lead", AnalysisJob.lead_id == job.id
                    )
                ) or AnalysisJob(kind="analyse_lead", lead_id=job.id, progress_done=0)
                session.add(row)
            row.state = "failed"
            row.attempts = (row.attempts or 0) + attempts
            row.error = kind
            row.finished_at = utcnow()

        _retrying(sessionmaker, record)
    log.error("job %s parked after %d attempts: %s", job.label, attempts, kind)


def failed_jobs(session: Session) -> list[AnalysisJob]:
    return list(
        session.scalars(
            select(AnalysisJob).where(AnalysisJob.state == "failed").order_by(AnalysisJob.id)
        )
    )


def get_job(session: Session, job_id: int) -> AnalysisJob:
    # Ids are INTEGER columns: a larger number names no job (PostgreSQL would refuse it).
    job = session.get(AnalysisJob, job_id) if 0 < job_id <= MAX_ID else None
    if job is None:
        raise NotFound(f"no job {job_id}")
    return job


def replay(session: Session, job_id: int) -> Job:
    """Put a parked job back to pending (flushes; submit the returned job after commit)."""
    row = get_job(session, job_id)
    row.state = "pending"
    row.error = None
    row.finished_at = None
    session.flush()
    return analyse_lead_job(row.lead_id) if row.kind == "analyse_lead" else stored_job(row.id)


def create_stored_job(session: Session, kind: str, **params: Any) -> AnalysisJob:
    job = AnalysisJob(kind=kind, state="pending", attempts=0, progress_done=0, params=params)
    session.add(job)
    session.flush()
    return job


def job_view(job: AnalysisJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "lead_id": job.lead_id,
        "state": job.state,
        "attempts": job.attempts,
        "error": job.error,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "result": job.result,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "finished_at": job.finished_at,
    }


# ---------------------------------------------------------------- what is pending


def pending_leads(session: Session, stored_before=None) -> list[int]:
    """Leads with interactions waiting for analysis (older than ``stored_before`` if given),
    except those whose analysis is parked as failed (replayed by an admin, not swept)."""
    parked = select(AnalysisJob.lead_id).where(
        AnalysisJob.kind == "analyse_lead", AnalysisJob.state == "failed"
    )
    query = select(Interaction.lead_id).where(
        Interaction.analysis_pending == true(), Interaction.lead_id.not_in(parked)
    )
    if stored_before is not None:
        query = query.where(Interaction.created_at < stored_before)
    return sorted(set(session.scalars(query.distinct())))


def pending_alert_users(session: Session) -> list[int]:
    """Users with an alert or a delivery (a retry, the end of quiet hours) due now."""
    return users_with_due_work(session)


def pending_stored_jobs(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(AnalysisJob.id).where(
                AnalysisJob.kind != "analyse_lead",
                AnalysisJob.state.in_(("pending", "running")),
            )
        )
    )
