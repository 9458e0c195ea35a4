"""What `callprep --help` and `--version` show, and that starting a command costs no spaCy."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version

from click.testing import CliRunner

from callprep.cli import main


def test_help_lists_callprep_commands_only():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    for flask_only in ("run ", "shell ", "routes ", "--env-file", "--app", "Flask"):
        assert flask_only not in result.output
    for command in ("db", "demo", "serve", "users", "keys", "import", "nlp", "talktracks"):
        assert f"  {command} " in result.output


def test_version_is_callprep_s():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"callprep, version {version('callprep')}"


def test_every_command_has_a_help_text():
    def walk(group, path):
        for name, command in group.commands.items():
            assert (command.help or "").strip(), f"{path} {name} has no help"
            if hasattr(command, "commands"):
                walk(command, f"{path} {name}")

    walk(main, "callprep")


def test_starting_the_command_loads_neither_spacy_nor_the_app():
    code = (
        "import sys; import callprep.cli; "
        "print(sorted(m for m in ('spacy', 'nlp.analyse', 'nlp.pipeline', 'flask_smorest') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_commands_that_need_no_spacy_work_on_the_settings_and_database_alone(tmp_path):
    # `db upgrade` (which stores the shipped tracks) and `keys list` build no API, pages or
    # track sandbox, and load no language model: each starts in well under a second. (Every
    # app registers the analysis job runner, which names the `nlp` package's light modules;
    # `import nlp` loads spaCy only when an analysis runs, so the model stays out.)
    code = (
        "import sys; from callprep.cli import main; "
        "main(['db', 'upgrade'], standalone_mode=False); "
        "main(['keys', 'list'], standalone_mode=False); "
        "print(sorted(m for m in ('spacy', 'nlp.analyse', 'nlp.pipeline', 'flask_smorest', "
        "'inflect', 'callprep.api', 'callprep.web', 'callprep.trackengine.sandbox') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "CALLPREP_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
