"""`callprep alerts dead-letters` and `callprep alerts replay ID`: failed alert deliveries."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from callprep.cli.common import cli_session


@click.group("alerts")
def alerts_group() -> None:
    """Alert deliveries that failed every attempt (dead letters): list and replay."""


@alerts_group.command("dead-letters")
@with_appcontext
def dead_letters() -> None:
    """List dead letters: id, channel, user id, attempts, last error, alert ids, created."""
    from callprep.alerts import delivery

    with cli_session() as session:
        rows = delivery.dead_letters(session)
        ids = delivery.alert_ids_of(session, [row.id for row in rows])
        for row in rows:
            click.echo(
                f"{row.id}\t{row.channel}\t{row.user_id}\t{row.attempts}\t"
                f"{row.last_error or '-'}\t{','.join(map(str, ids[row.id])) or '-'}\t"
                f"{row.created_at.isoformat()}"
            )
    click.echo(f"{len(rows)} dead letters", err=True)


@alerts_group.command("replay")
@click.argument("delivery_ids", nargs=-1, type=int, required=True)
@with_appcontext
def replay(delivery_ids: tuple[int, ...]) -> None:
    """Send dead letters again (their attempts start over)."""
    from callprep.alerts import delivery
    from callprep.cli.jobs import drain
    from callprep.jobs import work
    from callprep.jobs.runners import submit_after_commit

    with cli_session() as session:
        for delivery_id in delivery_ids:
            row = delivery.replay(session, delivery_id)
            submit_after_commit(session, work.deliver_alerts_job(row.user_id))
    drain()
    click.echo(f"replayed {len(delivery_ids)} alert deliveries", err=True)
