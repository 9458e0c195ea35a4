"""What every `callprep` command shares: the app it works on and one transaction per command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import ScriptInfo
from sqlalchemy.orm import Session

from callprep import configured_app
from callprep.errors import CallprepError
from callprep.validation import text_problem


class CallprepGroup(click.Group):
    """A plain click group (callprep's commands only, none of Flask's `run`/`shell`/`routes`)
    whose commands build the app on first use (`flask.cli.with_appcontext`), so `--help` and
    the commands that need no app never build one. That app is the settings and database
    alone (`configured_app`): no command but `serve` pays for the API, the pages and spaCy.
    A test passes its own app in `obj`."""

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:
            _refuse_unusable_arguments(args)
        if "obj" not in extra and (parent is None or parent.obj is None):
            extra["obj"] = ScriptInfo(create_app=configured_app, set_debug_flag=False)
        return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        # One line on stderr and a non-zero exit for every expected failure.
        try:
            return super().invoke(ctx)
        except CallprepError as error:
            raise click.ClickException(error.message) from error


def _refuse_unusable_arguments(args: list[str]) -> None:
    """callprep.validation for the command line: bytes that are no UTF-8 reach Python as lone
    surrogates, which no database or spaCy can take. Named by option, never echoed."""
    for index, arg in enumerate(args):
        if problem := text_problem(arg):
            option = next((a for a in reversed(args[:index]) if a.startswith("-")), None)
            where = option or f"argument {index + 1}"
            raise click.UsageError(f"{where}: {problem}")


@contextmanager
def cli_session() -> Iterator[Session]:
    """The command's one transaction: commit at the end, roll back on any error."""
    session = current_app.extensions["callprep.sessionmaker"]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
