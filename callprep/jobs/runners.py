"""Where jobs run. The same job code (callprep.jobs.work) in three places:

- ``InlineRunner``: right after the commit, in the committing thread (tests; deterministic);
- ``ThreadRunner``: a worker thread of this process (the embedded default: nothing to install);
- ``QueueRunner``: Dramatiq on Redis, run by ``callprep worker`` processes.

Every runner follows one policy (``attempt``): a failed job is retried with exponential
backoff and parked in analysis_jobs after ``JOBS_MAX_ATTEMPTS``."""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import threading
import time
from collections.abc import Iterable
from datetime import timedelta

from flask import Flask
from sqlalchemy import event

from callprep.config import jobs_mode
from callprep.db import utcnow
from callprep.ingest.events import PENDING_LEADS
from callprep.jobs import work
from callprep.logsafety import describe

log = logging.getLogger("callprep.jobs")

STORED_JOBS = "callprep.stored_jobs"
MAX_BACKOFF_SECONDS = 300.0


def attempt(app: Flask, job: work.Job, number: int) -> str:
    """Run ``job`` once (``number`` counts from 0): "done", "retry" or "parked"."""
    log.info("job %s started (attempt %d)", job.label, number + 1)
    try:
        follow_ups = work.run(app, job)
        log.info("job %s done", job.label)
    except Exception as error:  # any failure of a job is retried, then parked
        return _failed(app, job, number, error)
    if follow_ups:
        try:
            runner_of(app).submit_later(follow_ups)
        except Exception as error:  # what they would do is in the database: the sweep finds it
            log.error("could not submit %d follow-up jobs: %s", len(follow_ups), describe(error))
    return "done"


def _failed(app: Flask, job: work.Job, number: int, error: Exception) -> str:
    max_attempts = app.config["JOBS_MAX_ATTEMPTS"]
    log.warning(
        "job %s failed (attempt %d of %d): %s",
        job.label,
        number + 1,
        max_attempts,
        describe(error),
    )
    if number + 1 >= max_attempts:
        work.park(app, job, number + 1, error)
        return "parked"
    return "retry"


def backoff(app: Flask, number: int) -> float:
    return min(app.config["JOBS_MIN_BACKOFF_SECONDS"] * 2**number, MAX_BACKOFF_SECONDS)


def submit_after_commit(session, job: work.Job) -> None:
    """Hand ``job`` to the runner once ``session`` commits (dropped on rollback)."""
    session.info.setdefault(STORED_JOBS, []).append(job)


class Runner:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def submit(self, jobs: Iterable[work.Job]) -> None:
        raise NotImplementedError

    def start(self) -> None:
        """Called by the serving and worker commands: pick up what an earlier run left."""

    def submit_later(self, jobs: Iterable[tuple[work.Job, float]]) -> None:
        """Jobs due now are submitted; later ones are scheduled where the runner can (here:
        left to the sweep, which finds their work in the database when it is due)."""
        now = [job for job, delay in jobs if delay <= 0]
        if now:
            self.submit(now)
        for job, delay in jobs:
            if delay > 0:
                self.schedule(job, delay)

    def schedule(self, job: work.Job, delay: float) -> None:
        """Run ``job`` in ``delay`` seconds (the inline runner leaves it to a sweep)."""

    def wait_idle(self, timeout: float | None = None) -> bool:
        return True

    def sweep(self, stored_before=None) -> int:
        """Submit every lead with pending analysis (and unfinished stored jobs), and every
        user with alerts due."""
        with self.app.app_context(), self.app.extensions["callprep.sessionmaker"]() as session:
            leads = work.pending_leads(session, stored_before)
            stored = [] if stored_before is not None else work.pending_stored_jobs(session)
            alerted = work.pending_alert_users(session)
        jobs = [work.analyse_lead_job(i) for i in leads] + [work.stored_job(i) for i in stored]
        jobs += [work.deliver_alerts_job(i) for i in alerted]
        if jobs:
            log.info("sweep found %d pending jobs", len(jobs))
            self.submit(jobs)
        return len(jobs)


class InlineRunner(Runner):
    """Runs each job at once, retrying without waiting: the suite sees the analysis right
    after the POST, through the very code the workers run."""

    def submit(self, jobs: Iterable[work.Job]) -> None:
        for job in jobs:
            for number in range(self.app.config["JOBS_MAX_ATTEMPTS"]):
                if attempt(self.app, job, number) != "retry":
                    break


class ThreadRunner(Runner):
    """One worker thread in this process, started on the first job; retries wait their
    backoff in its schedule, and it sweeps now and then for anything left behind. Alert
    deliveries run on a second thread (a lane of their own, which does not sweep): a slow
    channel never holds up the analysis of what lands next."""

    def __init__(self, app: Flask, *, sweeps: bool = True) -> None:
        super().__init__(app)
        self._sweeps = sweeps
        self._alerts = ThreadRunner(app, sweeps=False) if sweeps else None
        self._lock = threading.Condition()
        self._schedule: list[tuple[float, int, work.Job, int]] = []
        self._queued: set[work.Job] = set()  # submitted, not started: a burst is one job
        self._running = 0
        self._counter = itertools.count()
        self._thread: threading.Thread | None = None
        self._next_sweep = 0.0

    def submit(self, jobs: Iterable[work.Job]) -> None:
        jobs = list(jobs)
        if self._alerts is not None:
            self._alerts.submit([job for job in jobs if job.kind == work.DELIVER_ALERTS])
            jobs = [job for job in jobs if job.kind != work.DELIVER_ALERTS]
        if not jobs:
            return
        with self._lock:
            for job in jobs:
                if job not in self._queued:
                    self._queued.add(job)
                    self._push(time.monotonic(), job, 0)
            self._ensure_thread()
            self._lock.notify_all()

    def schedule(self, job: work.Job, delay: float) -> None:
        if self._alerts is not None and job.kind == work.DELIVER_ALERTS:
            self._alerts.schedule(job, delay)
            return
        with self._lock:
            # Not in ``_queued``: a job due later must not swallow the same job due now.
            self._push(time.monotonic() + delay, job, 0)
            self._ensure_thread()
            self._lock.notify_all()

    def start(self) -> None:
        # This process analyses: load the NLP beside serving, not on the first hand-raise.
        # Not a daemon: a process told to stop mid-load waits the few seconds it takes,
        # where exiting under spaCy's BLIS code aborts the interpreter ("libblis: Aborting").
        threading.Thread(target=work.warm_up, name="callprep-nlp-warm-up", daemon=False).start()
        with self._lock:
            self._ensure_thread()
        self.sweep()

    def _push(self, due: float, job: work.Job, number: int) -> None:
        heapq.heappush(self._schedule, (due, next(self._counter), job, number))

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._next_sweep = (
                time.monotonic() + self.app.config["JOBS_SWEEP_SECONDS"]
                if self._sweeps
                else math.inf
            )
            name = "callprep-jobs" if self._sweeps else "callprep-alerts"
            self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._lock:
                while True:
                    now = time.monotonic()
                    if self._schedule and self._schedule[0][0] <= now:
                        _due, _seq, job, number = heapq.heappop(self._schedule)
                        self._queued.discard(job)
                        self._running += 1
                        break
                    if now >= self._next_sweep:
                        job = None
                        self._running += 1
                        break
                    due = self._schedule[0][0] if self._schedule else self._next_sweep
                    wake = min(due, self._next_sweep)
                    self._lock.wait(None if wake == math.inf else max(0.0, wake - now))
            try:
                if job is None:
                    self._next_sweep = time.monotonic() + self.app.config["JOBS_SWEEP_SECONDS"]
                    self._sweep_stale()
                elif attempt(self.app, job, number) == "retry":
                    with self._lock:
                        self._push(time.monotonic() + backoff(self.app, number), job, number + 1)
            except Exception as error:  # the thread must outlive any one job
                log.error("job runner error: %s", describe(error))
            finally:
                with self._lock:
                    self._running -= 1
                    self._lock.notify_all()

    def _sweep_stale(self) -> None:
        # Only what has waited a whole sweep period: fresh marks have their job queued.
        seconds = self.app.config["JOBS_SWEEP_SECONDS"]
        self.sweep(stored_before=utcnow() - timedelta(seconds=seconds))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is queued (retries due later count) or running."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._schedule or self._running:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._lock.wait(remaining if remaining is not None else 1.0)
        if self._alerts is None:
            return True
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        return self._alerts.wait_idle(left)


def make_runner(app: Flask) -> Runner:
    mode = jobs_mode(app.config)
    if mode == "inline":
        return InlineRunner(app)
    if mode == "thread":
        return ThreadRunner(app)
    from callprep.jobs.queue import QueueRunner  # Dramatiq and Redis only when configured

    return QueueRunner(app)


def register_jobs(app: Flask, after_analysis: work.AfterAnalysis | None = None) -> None:
    """The app's runner, fed by a commit hook on its sessions: whatever a request, command or
    job stored as pending is submitted once (and only if) it is committed. ``after_analysis``
    runs once a lead's analysis is committed (the alerts' trigger)."""
    runner = make_runner(app)
    app.extensions["callprep.jobs"] = runner
    if after_analysis is not None:
        app.extensions[work.AFTER_ANALYSIS] = after_analysis
    sessionmaker = app.extensions["callprep.sessionmaker"]

    @event.listens_for(sessionmaker, "after_commit")
    def _submit(session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released: the outer transaction commits (or not) later
        leads = session.info.pop(PENDING_LEADS, None)
        stored = session.info.pop(STORED_JOBS, None)
        jobs = [work.analyse_lead_job(i) for i in sorted(leads or ())] + list(stored or ())
        if not jobs:
            return
        try:
            runner.submit(jobs)
        except Exception as error:  # committed is committed: the sweep picks it up later
            log.error("could not submit %d jobs: %s", len(jobs), describe(error))

    @event.listens_for(sessionmaker, "after_soft_rollback")
    def _forget(session, previous) -> None:
        if previous.nested:
            return  # a savepoint: the outer transaction may still commit what it stored
        session.info.pop(PENDING_LEADS, None)
        session.info.pop(STORED_JOBS, None)


def runner_of(app: Flask) -> Runner:
    return app.extensions["callprep.jobs"]
