"""The `callprep` command, run as a user runs it: a real process on a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from callprep.models import Interaction, Lead


def run(database_url: str, *args: str, input: str | None = None):
    env = {**os.environ, "CALLPREP_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args],
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def fresh_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fresh.db'}"


def test_db_upgrade_on_empty_database_and_twice_in_a_row(fresh_url):
    first = run(fresh_url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    second = run(fresh_url, "db", "upgrade")
    assert second.returncode == 0, second.stderr
    engine = create_engine(fresh_url)
    with engine.connect() as connection:
        version = connection.scalar(text("SELECT version_num FROM alembic_version"))
        tables = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type='table'")))
    engine.dispose()
    assert version
    assert {"leads", "interactions", "users", "api_keys", "lead_external_ids"} <= tables


def test_users_and_keys_create_print_what_a_script_needs(fresh_url):
    assert run(fresh_url, "db", "upgrade").returncode == 0
    user = run(fresh_url, "users", "create", "--email", "Rita@Example.com", "--role", "rep")
    assert user.returncode == 0, user.stderr
    assert "password:" in user.stdout  # a generated password is shown once
    key = run(
        fresh_url, "keys", "create", "--role", "rep", "--name", "crm", "--user", "rita@example.com"
    )
    assert key.returncode == 0, key.stderr
    lines = key.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cpk_")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("users", "create", "--email", "a@example.com", "--role", "wizard"), "wizard"),
        (
            ("users", "create", "--email", "a@example.com", "--role", "rep", "--password", "x"),
            "8 characters",
        ),
        (("keys", "create", "--role", "rep", "--name", "k"), "rep"),
        (
            ("keys", "create", "--role", "admin", "--name", "k", "--user", "nobody@example.com"),
            "nobody@example.com",
        ),
        (("keys", "revoke", "deadbeef"), "deadbeef"),
    ],
)
def test_bad_cli_input_exits_non_zero_with_a_one_line_message(fresh_url, args, fragment):
    assert run(fresh_url, "db", "upgrade").returncode == 0
    result = run(fresh_url, *args)
    assert result.returncode != 0
    message = [line for line in result.stderr.splitlines() if line.strip()]
    assert fragment in message[-1]


def test_duplicate_user_is_refused(fresh_url):
    assert run(fresh_url, "db", "upgrade").returncode == 0
    args = (
        "users",
        "create",
        "--email",
        "a@example.com",
        "--role",
        "admin",
        "--password",
        "long-enough",
    )
    assert run(fresh_url, *args).returncode == 0
    again = run(fresh_url, *args)
    assert again.returncode != 0 and "exists" in again.stderr


def test_demo_loads_everything_and_twice_changes_nothing(fresh_url):
    first = run(fresh_url, "demo")
    assert first.returncode == 0, first.stderr
    engine = create_engine(fresh_url)

    def counts():
        with engine.connect() as connection:
            return (
                connection.scalar(select(func.count()).select_from(Lead)),
                connection.scalar(select(func.count()).select_from(Interaction)),
                connection.scalar(text("SELECT count(*) FROM users")),
            )

    before = counts()
    assert before[0] >= 32 and before[1] > 100 and before[2] >= 4
    second = run(fresh_url, "demo")
    assert second.returncode == 0, second.stderr
    assert counts() == before
    engine.dispose()


def test_migrations_match_the_models(database_url, app):
    """A model change without its migration fails here, not on a user's upgrade."""
    from alembic import command

    from callprep.migrate import alembic_config

    command.check(alembic_config(database_url))


def test_nlp_backfill_recomputes_stale_analyses(fresh_url):
    assert run(fresh_url, "demo").returncode == 0
    engine = create_engine(fresh_url)
    with engine.begin() as connection:
        total = connection.scalar(text("SELECT count(*) FROM text_analyses"))
        connection.execute(text("UPDATE text_analyses SET version = 'callprep-nlp/0+old'"))
    result = run(fresh_url, "nlp", "backfill", "--batch-size", "50")
    assert result.returncode == 0, result.stderr
    assert f"recomputed {total} analyses" in result.stderr
    assert "100%" in result.stderr  # the progress bar ran to the end
    with engine.connect() as connection:
        stale = connection.scalar(
            text("SELECT count(*) FROM text_analyses WHERE version LIKE 'callprep-nlp/0%'")
        )
    engine.dispose()
    assert stale == 0
