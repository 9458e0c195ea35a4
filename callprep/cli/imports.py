"""`callprep import leads|interactions|marketo`: bulk files, batch by batch, each batch
committed here (the command owns the transactions; the importer only flushes)."""

from __future__ import annotations

import csv
import os
import sys
from contextlib import ExitStack, contextmanager

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from callprep.cli.jobs import drain

# Start-up cost: the importers are imported when a command runs (they bring the analysis, and
# spaCy with it).


@click.group("import")
def import_group() -> None:
    """Bulk import: leads and interactions from CSV / JSON lines, Marketo activity pages."""


def _import_options(command):
    command = click.option(
        "--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Default: from the extension."
    )(command)
    command = click.option(
        "--mapping",
        help="Column mapping: presets salesforce, hubspot, marketo and/or header=field items, "
        "comma-separated.",
    )(command)
    command = click.option(
        "--errors",
        "errors_path",
        type=click.Path(dir_okay=False, writable=True),
        help="Write every rejected row (row, field, message) to this CSV file.",
    )(command)
    command = click.option("--encoding", default="utf-8-sig", show_default=True)(command)
    command = click.option("--batch-size", default=500, show_default=True, type=int)(command)
    return click.argument("path", type=click.Path(exists=True, dir_okay=False))(command)


@import_group.command("leads")
@_import_options
@with_appcontext
def import_leads(path, fmt, mapping, errors_path, encoding, batch_size) -> None:
    """Import leads (matched by email: known leads are updated)."""
    _run_import("leads", path, fmt, mapping, errors_path, encoding, batch_size)


@import_group.command("interactions")
@_import_options
@with_appcontext
def import_interactions(path, fmt, mapping, errors_path, encoding, batch_size) -> None:
    """Import interactions (idempotent on source + external_id; unknown emails become leads)."""
    _run_import("interactions", path, fmt, mapping, errors_path, encoding, batch_size)


def _run_import(kind, path, fmt, mapping, errors_path, encoding, batch_size) -> None:
    from callprep.imports import bulk as imports
    from callprep.imports import reading

    fmt = reading.detect_format(path, fmt)
    with (
        open(path, "rb") as raw,
        _ErrorFile(errors_path) as error_file,
        _progress(os.path.getsize(path), raw) as progress,
    ):
        text = reading.DecodedText(raw, encoding)
        reader = reading.RecordReader(text, fmt, kind, mapping)
        session = current_app.extensions["callprep.sessionmaker"]()
        try:
            run = imports.BulkImport(
                session,
                kind,
                reader,
                batch_size=batch_size,
                max_errors=10,
                on_error=error_file.write,
                reader=reader,
            )
            for rows in run.batches():
                session.commit()  # each batch is its own transaction; analysis follows it
                progress(rows)
            report = run.report
        except UnicodeDecodeError as error:
            raise click.ClickException(
                f"the file is not {encoding}: {error.reason}; try --encoding cp1252"
            ) from error
        finally:
            session.close()
    drain()
    _print_report(report, errors_path)


def _print_report(report, errors_path) -> None:
    if report.ignored_columns:
        click.echo(f"ignored columns: {', '.join(report.ignored_columns)}", err=True)
    for error in report.errors:
        click.echo(f"row {error.row}: {error.field}: {error.message}", err=True)
    if report.errors_truncated:
        click.echo(
            "... more rejected rows" + (f" in {errors_path}" if errors_path else ""), err=True
        )
    click.echo(report.summary(), err=True)
    if report.rejected:
        where = f" (all in {errors_path})" if errors_path else " (use --errors FILE for all)"
        raise click.ClickException(f"{report.rejected} rows rejected{where}")


class _ErrorFile:
    """Rejected rows streamed to a CSV file as they are found (a million-row file may have many)."""

    def __init__(self, path: str | None):
        self.path = path
        self.file = None
        self.writer = None

    def __enter__(self):
        if self.path:
            self.file = open(self.path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            self.writer = csv.writer(self.file)
            self.writer.writerow(["row", "field", "message"])
        return self

    def write(self, error) -> None:
        if self.writer is not None:
            self.writer.writerow([error.row, error.field, error.message])

    def __exit__(self, *_exc):
        if self.file is not None:
            self.file.close()


@contextmanager
def _progress(total_bytes: int, raw):
    """A tqdm bar on stderr over the bytes read, with the row count alongside."""
    with tqdm(
        total=total_bytes,
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        mininterval=0.5,
        disable=False,
    ) as bar:
        rows = 0

        def advance(batch_rows: int) -> None:
            nonlocal rows
            rows += batch_rows
            bar.update(max(0, raw.tell() - bar.n))
            bar.set_postfix(rows=rows, refresh=False)

        yield advance
        bar.update(max(0, total_bytes - bar.n))


@import_group.command("marketo")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--activity-types",
    "activity_types",
    type=click.Path(exists=True, dir_okay=False),
    help='JSON mapping of activityTypeId to interaction type, e.g. {"46": "webinar_attended"}.',
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write every rejected activity (row, field, message) to this CSV file.",
)
@click.option("--batch-size", default=500, show_default=True, type=int)
@with_appcontext
def import_marketo(paths, activity_types, errors_path, batch_size) -> None:
    """Import pages of Marketo's Get Lead Activities (JSON files)."""
    from callprep.imports import bulk as imports
    from callprep.imports import marketo

    rules_text = None
    if activity_types:
        with open(activity_types, encoding="utf-8") as file:
            rules_text = file.read()
    rules = marketo.load_rules(rules_text)
    total = sum(os.path.getsize(path) for path in paths)
    with ExitStack() as stack, _ErrorFile(errors_path) as error_file:
        files = [(os.path.basename(p), stack.enter_context(open(p, "rb"))) for p in paths]
        bar = stack.enter_context(_progress(total, _Consumed(files)))
        session = current_app.extensions["callprep.sessionmaker"]()
        stack.callback(session.close)
        run = imports.BulkImport(
            session,
            "marketo",
            marketo.read_pages(files),
            batch_size=batch_size,
            max_errors=10,
            on_error=error_file.write,
            store=marketo.store_activities(rules),
        )
        for rows in run.batches():
            session.commit()  # each batch is its own transaction
            bar(rows)
        report = run.report
    drain()
    _print_report(report, errors_path)


class _Consumed:
    """tell() over several files: the bytes read so far, for the progress bar."""

    def __init__(self, files):
        self.files = [file for _name, file in files]

    def tell(self) -> int:
        return sum(file.tell() for file in self.files)
