"""The README documents every setting and every command (datasette's rule)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from callprep.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_every_setting_read_from_the_environment_is_in_the_readme():
    code = "\n".join(p.read_text() for p in (ROOT / "callprep").rglob("*.py"))
    code += "\n".join(p.read_text() for p in (ROOT / "nlp").rglob("*.py"))
    settings = set(re.findall(r"CALLPREP_[A-Z_]*[A-Z]", code)) - {"CALLPREP_SOURCE"}
    assert settings, "the scan found the settings"
    missing = sorted(name for name in settings if name not in README)
    assert not missing, f"undocumented settings: {missing}"


def _commands(group: click.Group, prefix: str = "callprep"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path


def test_every_command_is_in_the_readme():
    flask_builtins = {"callprep run", "callprep shell", "callprep routes"}
    missing = [
        path
        for path in _commands(main)
        if path not in flask_builtins and path.split(" ", 1)[1] not in README
    ]
    assert not missing, f"undocumented commands: {missing}"
