"""Running the Alembic migrations from the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

import callprep


def migrations_dir() -> Path:
    # Editable/source checkout: <repo>/migrations; installed wheel: callprep/migrations.
    for candidate in (
        Path(callprep.__file__).resolve().parent.parent / "migrations",
        Path(callprep.__file__).resolve().parent / "migrations",
    ):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("callprep's migrations folder is missing from this installation")


def alembic_config(database_url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)
