"""The `callprep` command: its group, and the commands that work on the app as a whole
(schema, users and keys, demo, serve, erasure, bulk import). The README lists the commands."""

from __future__ import annotations

import errno
import secrets
import signal
import sys

import click
import waitress.server
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.cli.alerts import alerts_group
from callprep.cli.common import CallprepGroup, cli_session
from callprep.cli.imports import import_group
from callprep.cli.jobs import jobs_group, worker
from callprep.cli.nlp import nlp_group
from callprep.cli.talktracks import talktracks_group
from callprep.errors import NotFound
from callprep.leads.activity import refresh_lead_activity
from callprep.models import ApiKey, Lead
from callprep.privacy import erasure, verify
from callprep.proxies import waitress_options
from callprep.talktracks.store import seed_default_tracks

# Start-up cost, not a hidden circle: a command imports the services that bring spaCy (the
# analysis, the demo, imports), the track sandbox or Alembic when it runs; importing them here
# would cost every command, `--help` included, seconds at start-up. Light ones are above.
main = CallprepGroup(
    "callprep",
    help="callprep: call briefs for reps. Settings come from CALLPREP_* environment variables "
    "(see the README).",
)
main = click.version_option(package_name="callprep", prog_name="callprep")(main)


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Create or migrate the schema to the latest version (safe to run twice)."""
    from callprep.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    seed_talk_tracks()
    click.echo("database is up to date", err=True)


@main.group()
def users() -> None:
    """People who log in to the web pages."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "marketing", "rep"]))
@click.option("--password", help="At least 8 characters; a random one is printed if omitted.")
@click.option("--name", help="Display name, e.g. for the rep in talk tracks.")
@with_appcontext
def users_create(email: str, role: str, password: str | None, name: str | None) -> None:
    """Create a user."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    with cli_session() as session:
        user = accounts.create_user(session, email=email, role=role, password=password, name=name)
    click.echo(f"created {user.role} {user.email}")
    if generated:
        click.echo(f"password: {password}")


@main.group()
def keys() -> None:
    """API keys for CRM buttons, integrations and scripts."""


@keys.command("create")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "marketing", "rep", "integration"])
)
@click.option("--name", required=True, help="What the key is for, e.g. 'salesforce button'.")
@click.option("--user", "user_email", help="The user the key acts for (required for reps).")
@with_appcontext
def keys_create(role: str, name: str, user_email: str | None) -> None:
    """Create a key and print it, alone on one line (it is not shown again)."""
    with cli_session() as session:
        _key, plain = accounts.create_api_key(session, role=role, name=name, user_email=user_email)
    click.echo(plain)


@keys.command("revoke")
@click.argument("prefix")
@with_appcontext
def keys_revoke(prefix: str) -> None:
    """Revoke the key with this prefix (the 8 characters after 'cpk_')."""
    with cli_session() as session:
        key = accounts.revoke_api_key(session, prefix)
    click.echo(f"revoked {key.prefix} ({key.name})", err=True)


@keys.command("list")
@with_appcontext
def keys_list() -> None:
    """List keys: prefix, role, name, user, last used, revoked."""
    with cli_session() as session:
        rows = [("PREFIX", "ROLE", "NAME", "USER", "LAST USED", "STATE")]
        for key in session.scalars(select(ApiKey).order_by(ApiKey.id)):
            user = key.user.email if key.user else "-"
            used = key.last_used_at.strftime("%Y-%m-%d %H:%M UTC") if key.last_used_at else "never"
            state = "revoked" if key.revoked_at else "active"
            rows.append((key.prefix, key.role, key.name, user, used, state))
    if len(rows) == 1:
        click.echo("no API keys yet: make one with `callprep keys create`", err=True)
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


@main.command("demo")
@with_appcontext
def demo() -> None:
    """Migrate, then load the demo data (running it twice changes nothing)."""
    from callprep.demo import load_demo
    from callprep.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    seed_talk_tracks()
    with cli_session() as session:
        summary = load_demo(session)
    click.echo(summary.describe(), err=True)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 1000))
@click.option("--demo", "with_demo", is_flag=True, help="Load the demo data first.")
def serve(host: str, port: int, threads: int, with_demo: bool) -> None:
    """Serve the app with waitress, a production WSGI server."""
    # The whole app (the other commands work on its settings and database alone).
    app = create_app()
    with app.app_context():
        _serve(app, host, port, threads, with_demo)


def _serve(app, host: str, port: int, threads: int, with_demo: bool) -> None:
    from callprep.demo import DEMO_PASSWORD, demo_console_key, load_demo
    from callprep.migrate import upgrade

    # Bind first: a busy port is one line and a non-zero exit, before anything is printed.
    server = _bind(app, host, port, threads)
    upgrade(app.config["DATABASE_URL"])
    seed_talk_tracks()  # the first start of a fresh database stores the shipped tracks
    base = f"http://{host}:{port}"
    if with_demo:
        with cli_session() as session:
            summary = load_demo(session)
            key = demo_console_key(session, app.config["SECRET_KEY"])
        click.echo(summary.describe())
        click.echo(f"Log in at {base}/login with any demo user, password '{DEMO_PASSWORD}':")
        for email, role in summary.users:
            click.echo(f"  {role:<10} {email}")
        click.echo(f"Demo API key (admin): {key}")
        click.echo(f'  curl -H "Authorization: Bearer {key}" {base}/api/v1/leads')
    # Analysis left pending by an earlier run (stopped mid-job) is picked up now.
    from callprep.jobs.runners import runner_of

    runner_of(app).start()
    click.echo(f"Serving callprep on {base} (API docs: {base}/api/docs)")
    sys.stdout.flush()
    # SIGTERM (a service manager's stop) ends like Ctrl-C: exit handlers run, so the brief
    # records still buffered are written (callprep.briefs.records).
    signal.signal(signal.SIGTERM, _stop)
    server.run()


def _stop(_signum, _frame) -> None:
    raise SystemExit(0)


def _bind(app, host: str, port: int, threads: int):
    try:
        return waitress.server.create_server(
            app, host=host, port=port, threads=threads, ident="callprep", **waitress_options(app)
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            reason = "is in use by another program; pick another with --port"
        elif error.errno == errno.EACCES:
            reason = "needs more privileges; use a port above 1023"
        else:
            reason = f"cannot be opened ({error.strerror or error})"
        raise click.ClickException(f"{host}:{port} {reason}") from error


main.add_command(nlp_group)
main.add_command(import_group)
main.add_command(jobs_group)
main.add_command(worker)
main.add_command(alerts_group)


@nlp_group.command("backfill")
@click.option("--batch-size", default=256, show_default=True, type=click.IntRange(1, 10_000))
@with_appcontext
def nlp_backfill(batch_size: int) -> None:
    """Recompute analyses made by another extractor version or glossary, as a job (the
    queue's workers run it when one is configured; this command follows its progress)."""
    from callprep.cli.jobs import follow
    from callprep.config import jobs_mode
    from callprep.jobs import work
    from callprep.jobs.runners import submit_after_commit

    with cli_session() as session:
        job = work.create_stored_job(session, "backfill", batch_size=batch_size)
        job_id = job.id
        if jobs_mode(current_app.config) == "queue":
            submit_after_commit(session, work.stored_job(job_id))
    runner = None
    if jobs_mode(current_app.config) != "queue":
        # No queue: the same job code on a thread of this command; the bar follows it.
        import threading

        from callprep.jobs.runners import InlineRunner

        inline = InlineRunner(current_app._get_current_object())
        runner = threading.Thread(target=inline.submit, args=([work.stored_job(job_id)],))
        runner.start()
    view = follow(job_id, "backfill", alive=runner.is_alive if runner else None)
    if runner is not None:
        runner.join()
    if view["state"] != "done":
        raise click.ClickException(f"backfill job {job_id} failed: {view['error']}")
    click.echo(f"recomputed {view['result']['recomputed']} analyses", err=True)


def seed_talk_tracks() -> None:
    """Store the shipped talk tracks not in the database yet (marketing's edits are kept)."""
    with cli_session() as session:
        created = seed_default_tracks(session)
    if created:
        click.echo(f"stored {created} default talk tracks", err=True)


@main.group()
def briefs() -> None:
    """Call briefs."""


@briefs.command("refresh-activity")
@with_appcontext
def briefs_refresh_activity() -> None:
    """Recompute every lead's activity summary (after changing the brief settings) and
    resolve the dates of facts stored before they were resolved at ingest."""
    from callprep.ingest.analysis import resolve_missing_time_refs

    with cli_session() as session:
        lead_ids = list(session.scalars(select(Lead.id).order_by(Lead.id)))
        for lead_id in lead_ids:
            refresh_lead_activity(session, lead_id)
        resolve_missing_time_refs(session)  # facts stored before dates were resolved
    click.echo(f"refreshed the activity of {len(lead_ids)} leads", err=True)


@briefs.command("lint")
@click.option(
    "--corpus",
    default=500,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="How many generated synthetic leads to check besides the stored ones.",
)
@click.option("--seed", default=11, show_default=True, type=int)
@click.option(
    "--demo/--no-demo",
    "with_demo",
    default=True,
    show_default=True,
    help="Load the demo leads first.",
)
@click.option("--show", default=40, show_default=True, help="How many flags to print.")
def briefs_lint(corpus: int, seed: int, with_demo: bool, show: int) -> None:
    """Render every lead's brief and a generated corpus; flag what a rep must never say."""
    from callprep.cli.briefs import run_lint

    sys.exit(run_lint(corpus=corpus, seed=seed, with_demo=with_demo, show=show))


@briefs.command("evaluate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--show", default=30, show_default=True, help="How many failures to print.")
@click.option("--min-pass-rate", default=0.0, show_default=True, type=click.FloatRange(0, 1))
def briefs_evaluate(path: str, show: int, min_pass_rate: float) -> None:
    """Score judged brief scenarios (JSON lines) against briefs built by the real pipeline."""
    from callprep.cli.briefs import run_evaluate

    sys.exit(run_evaluate(path, show=show, min_pass_rate=min_pass_rate))


@main.command("erase")
@click.option("--email", required=True, help="The lead's email.")
@click.option(
    "--suppress", is_flag=True, help="Keep a keyed hash so imports/webhooks refuse the person."
)
@click.option(
    "--vacuum-full",
    is_flag=True,
    help="PostgreSQL: rewrite the touched tables (VACUUM FULL) so no file keeps the values; "
    "locks each table while it runs.",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(0, 3600),
    default=10.0,
    show_default=True,
    help="--vacuum-full on PostgreSQL: how long to wait for sessions that still see the "
    "erased rows before refusing.",
)
@with_appcontext
def erase(email: str, suppress: bool, vacuum_full: bool, wait_seconds: float) -> None:
    """Erase a lead and everything derived from it (GDPR Art. 17)."""
    engine = current_app.extensions["callprep.engine"]
    try:
        with cli_session() as session:
            result = erasure.erase_by_email(session, email, actor_role="admin", suppress=suppress)
    except NotFound:
        if not (vacuum_full and engine.dialect.name == "postgresql"):
            raise
        # Already erased (e.g. an earlier run refused to rewrite): rewrite and verify now.
        click.echo("no lead with this email; rewriting the erasure's tables again", err=True)
        tables = list(erasure.CORE_TABLES)
    else:
        counts = ", ".join(f"{name} {n}" for name, n in sorted(result.counts.items()) if n)
        state = " (suppressed)" if result.suppressed else ""
        click.echo(f"erasure {result.erasure_id}: {counts or 'nothing stored'}{state}", err=True)
        tables = result.tables
    if not (vacuum_full and engine.dialect.name == "postgresql"):
        erasure.scrub_free_space(engine, tables, full=vacuum_full)
        return
    report = verify.vacuum_full(
        engine,
        tables,
        erasure.known_tables(),
        email=erasure.normalise_email(email),
        wait_seconds=wait_seconds,
    )
    for line in report.lines():
        click.echo(line, err=True)
    if report.verified is False:
        raise click.ClickException("the rewritten files still hold the erased email")


main.add_command(talktracks_group)
