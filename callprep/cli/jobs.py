"""`callprep worker` and `callprep jobs failed|replay`: the analysis jobs (callprep.jobs)."""

from __future__ import annotations

import logging
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from callprep.cli.common import cli_session


@click.command("worker")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def worker(threads: int) -> None:
    """Run analysis jobs from the queue (CALLPREP_QUEUE_URL) until stopped (SIGTERM/Ctrl-C)."""
    from callprep.config import jobs_mode
    from callprep.jobs.runners import runner_of

    if jobs_mode(current_app.config) != "queue":
        raise click.ClickException(
            "no queue configured: set CALLPREP_QUEUE_URL=redis://host:6379/N "
            "(without one, `callprep serve` analyses on its own worker thread)"
        )
    # Job lines carry kinds and ids only (callprep.logsafety keeps database errors bare).
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )
    click.echo(f"callprep worker: {threads} threads on the analysis queue", err=True)
    runner_of(current_app).run_worker(threads)


@click.group("jobs")
def jobs_group() -> None:
    """Parked (failed) analysis jobs: list and replay."""


@jobs_group.command("failed")
@with_appcontext
def jobs_failed() -> None:
    """List jobs that kept failing: id, kind, lead, attempts, error kind, when."""
    from callprep.jobs import work

    with cli_session() as session:
        rows = work.failed_jobs(session)
        for job in rows:
            click.echo(
                f"{job.id}\t{job.kind}\t{job.lead_id or '-'}\t{job.attempts}\t"
                f"{job.error or '-'}\t{job.finished_at.isoformat() if job.finished_at else '-'}"
            )
    click.echo(f"{len(rows)} failed jobs", err=True)


@jobs_group.command("replay")
@click.argument("job_ids", nargs=-1, type=int)
@click.option("--all", "replay_all", is_flag=True, help="Replay every failed job.")
@with_appcontext
def jobs_replay(job_ids: tuple[int, ...], replay_all: bool) -> None:
    """Put failed jobs back on the queue (or run them here without a queue)."""
    from callprep.jobs import work
    from callprep.jobs.runners import submit_after_commit

    if not job_ids and not replay_all:
        raise click.UsageError("name job ids, or --all")
    with cli_session() as session:
        ids = list(job_ids) or [job.id for job in work.failed_jobs(session)]
        for job_id in ids:
            submit_after_commit(session, work.replay(session, job_id))
    drain()
    click.echo(f"replayed {len(ids)} jobs", err=True)


def drain() -> None:
    """Without a queue the jobs run on this process's worker thread: wait for them before
    the command exits (with a queue, the workers do them)."""
    from callprep.jobs.runners import runner_of

    runner = runner_of(current_app)
    if not runner.wait_idle(timeout=0):
        click.echo("analysing what was stored ...", err=True)
        sys.stderr.flush()
        runner.wait_idle()


def follow(job_id: int, desc: str, alive=None) -> dict:
    """A tqdm bar over a stored job's progress until it is done or failed; the job's view."""
    import time

    from tqdm import tqdm

    from callprep.jobs import work
    from callprep.models import AnalysisJob

    sessionmaker = current_app.extensions["callprep.sessionmaker"]
    with tqdm(total=None, unit="text", desc=desc, file=sys.stderr) as bar:
        while True:
            # Read after checking the runner: its last commit is then seen.
            stopped = alive is not None and not alive()
            with sessionmaker() as session:
                view = work.job_view(session.get(AnalysisJob, job_id))
            total, done = view["progress"]["total"], view["progress"]["done"]
            if total is not None and bar.total != total:
                bar.total = total
                bar.refresh()
            bar.update(done - bar.n)
            if view["state"] in ("done", "failed") or stopped:
                return view
            time.sleep(0.5)
