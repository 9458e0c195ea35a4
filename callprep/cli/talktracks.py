"""`callprep talktracks export DIR` and `import DIR`: tracks as files, for teams using git."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from callprep.cli.common import cli_session

# Start-up cost: the track files bring the track sandbox (Jinja, inflect); imported when a
# command runs.

talktracks_group = click.Group(
    "talktracks", help="Talk tracks as templates/talktracks-style *.j2 files."
)


@talktracks_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--include-archived", is_flag=True, help="Archived tracks too.")
@with_appcontext
def export_command(directory: Path, include_archived: bool) -> None:
    """Write each track's latest version to DIRECTORY/<name>.j2 (metadata in a leading
    Jinja comment)."""
    from callprep.talktracks.files import export_tracks

    with cli_session() as session:
        written = export_tracks(session, directory, include_archived=include_archived)
    click.echo(f"exported {len(written)} talk tracks to {directory}", err=True)


@talktracks_group.command("import")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--publish", is_flag=True, help="Publish each new or changed version as variant A.")
@click.option("--author", default="callprep import", show_default=True)
@with_appcontext
def import_command(directory: Path, publish: bool, author: str) -> None:
    """Store DIRECTORY/*.j2: new tracks, and a new draft version only where the body changed.

    Every file is validated first; a bad file exits non-zero naming the file and line, and
    nothing is imported."""
    from callprep.talktracks.files import import_tracks

    with cli_session() as session:
        result = import_tracks(session, directory, author=author, publish=publish)
    click.echo(result.describe(), err=True)


@talktracks_group.command("reallocate")
@with_appcontext
def reallocate_command() -> None:
    """Recompute the Thompson-sampling split of every track in that mode now (outcomes do
    it by themselves at most every CALLPREP_ALLOCATION_MINUTES)."""
    from callprep.talktracks.allocation import reallocate_all

    with cli_session() as session:
        count = reallocate_all(session)
    click.echo(f"reallocated {count} talk track(s) allocated by Thompson sampling", err=True)
