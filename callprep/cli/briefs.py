"""`callprep briefs lint` and `callprep briefs evaluate`: each on a temporary SQLite database
of its own, so neither writes synthetic or judged leads into a real one."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.config import configured_database_url
from callprep.db import make_engine, make_sessionmaker
from callprep.models import Lead
from callprep.talktracks.store import seed_default_tracks


@contextmanager
def scratch_session() -> Iterator[Session]:
    """A session on a new SQLite file, migrated and with the shipped talk tracks stored (as
    `callprep db upgrade` leaves a database); the file goes when the block ends."""
    # Start-up cost (here and below): Alembic, the speech checks and the demo (spaCy) are
    # imported when a command runs.
    from callprep.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="callprep-") as folder:
        url = f"sqlite:///{Path(folder) / 'scratch.db'}"
        upgrade(url)
        engine = make_engine(url)
        session = make_sessionmaker(engine)()
        try:
            # Without them every brief would fall back to the built-in track, so the lint
            # and the evaluation would judge a track no installation speaks.
            seed_default_tracks(session)
            session.flush()
            yield session
        finally:
            session.rollback()
            session.close()
            engine.dispose()


def run_lint(*, corpus: int, seed: int, with_demo: bool, show: int) -> int:
    from callprep.brief_checks.lint import LintReport, lint_database, lint_leads
    from callprep.demo import load_demo

    now = datetime.now(UTC)
    report = LintReport()
    with scratch_session() as session:
        if with_demo:
            load_demo(session, now=now)
            session.flush()
        report = lint_database(session, now, corpus=corpus, seed=seed)
    configured = configured_database_url()
    if configured:
        # The configured database's own leads too, read only (briefs are not recorded).
        engine = make_engine(configured)
        session = make_sessionmaker(engine)()
        try:
            ids = list(session.scalars(select(Lead.id).order_by(Lead.id)))
            stored = lint_leads(session, ids, now)
            report.briefs += stored.briefs
            report.flags += stored.flags
        finally:
            session.rollback()
            session.close()
            engine.dispose()
    for flag in report.flags[:show]:
        click.echo(str(flag))
    if len(report.flags) > show:
        click.echo(f"... and {len(report.flags) - show} more")
    click.echo(report.summary())
    return 0 if report.ok else 1


def run_evaluate(path: str, *, show: int, min_pass_rate: float) -> int:
    from callprep.brief_checks.evaluation import evaluate, read_scenarios

    scenarios = read_scenarios(path)
    with scratch_session() as session:
        report = evaluate(session, scenarios)
    failed = [r for r in report.results if not r.passed]
    for result in failed[:show]:
        click.echo(f"{result.id}: {'; '.join(result.failures)}")
        click.echo(f"    opener: {result.opening_line}")
    if len(failed) > show:
        click.echo(f"... and {len(failed) - show} more")
    click.echo(report.summary())
    return 0 if report.pass_rate >= min_pass_rate else 1
