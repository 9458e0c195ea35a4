"""Alembic environment: the URL comes from callprep's settings, never from alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from callprep.config import Config, configured_database_url
from callprep.db import make_engine
from callprep.models import Base

config = context.config
database_url = (
    config.attributes.get("database_url") or configured_database_url() or Config.DATABASE_URL
)


def run_migrations_offline() -> None:
    context.configure(url=database_url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=is_sqlite,  # SQLite alters tables by copying them
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Several workers starting at once must not migrate side by side.
                connection.execute(text("SELECT pg_advisory_xact_lock(727274)"))
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
