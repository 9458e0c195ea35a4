"""Test fixtures: a real database (a SQLite file by default, PostgreSQL when
CALLPREP_TEST_DATABASE_URL names one), migrated with Alembic, emptied after every test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.briefs.records import flush_pending
from callprep.migrate import upgrade
from callprep.models import Base
from callprep.models.accounts import USER_ROLES
from callprep.talktracks.store import seed_default_tracks
from tests.support.client import ClosingClient

# Every app a test makes (the fixture's and those made with other settings) tests with it.
Flask.test_client_class = ClosingClient

# Analysis jobs run right after each commit, in the committing thread: a test reads the brief
# right after its POST (the thread and queue modes have their own tests, tests/*/jobs).
# Set in the environment so apps and `callprep` subprocesses made by tests do the same.
os.environ.setdefault("CALLPREP_JOBS_MODE", "inline")
# The alert tests' receivers listen on 127.0.0.1, which a production server refuses as a
# webhook target; one test turns the refusal back on.
os.environ.setdefault("CALLPREP_ALERT_PRIVATE_TARGETS", "true")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> str:
    url = os.environ.get("CALLPREP_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'callprep-test.db'}"
    if url.startswith("postgresql"):
        if worker_id != "master":
            url = _worker_database(url, worker_id)
        # A connection failure here fails the run: on CI PostgreSQL must be tested, not skipped.
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    return url


def _worker_database(url: str, worker_id: str) -> str:
    """Each pytest-xdist worker gets its own database beside the named one (`test_gw0`, ...),
    so workers never drop each other's schema."""
    base = make_url(url)
    name = f"{base.database}_{worker_id}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(database_url):
    upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": "test"})
    yield app
    # Brief records still buffered (by this app or another of the test's) are written now,
    # while their engines are open, not later into the next test's leads.
    flush_pending()
    app.extensions["callprep.engine"].dispose()


@pytest.fixture
def engine(app):
    return app.extensions["callprep.engine"]


@pytest.fixture(autouse=True)
def _empty_tables_after_test(request) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    engine = request.getfixturevalue("app").extensions["callprep.engine"]
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    # The keys just deleted must not live on in the session app's key cache.
    accounts.KeyCache.forget_everything()


@pytest.fixture
def default_tracks(app) -> None:
    """The database as `callprep db upgrade` (or the first `serve`) leaves it: the shipped talk
    tracks stored. Reads never seed them; a test that reads briefs or the editor of a fresh
    install asks for this."""
    with Session(app.extensions["callprep.engine"]) as session, session.begin():
        seed_default_tracks(session)


@pytest.fixture
def session(app):
    session = app.extensions["callprep.sessionmaker"]()
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_key(app) -> Callable[..., str]:
    """make_key(role, user_email=None) -> a bearer key; creates the user when needed."""

    def make(role: str, user_email: str | None = None) -> str:
        session = app.extensions["callprep.sessionmaker"]()
        try:
            if (
                user_email
                and session.scalar(
                    text("SELECT id FROM users WHERE email = :e").bindparams(e=user_email)
                )
                is None
            ):
                user_role = role if role in USER_ROLES else "admin"
                accounts.create_user(
                    session, email=user_email, role=user_role, password="password-123"
                )
            _key, plain = accounts.create_api_key(
                session, role=role, name=f"test {role}", user_email=user_email
            )
            session.commit()
            return plain
        finally:
            session.close()

    return make


@pytest.fixture
def auth(make_key) -> Callable[..., dict[str, str]]:
    """auth(role, user_email=None) -> headers with a fresh bearer key."""

    def headers(role: str = "admin", user_email: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_key(role, user_email)}"}

    return headers


@pytest.fixture(autouse=True)
def _reset_rate_limits(request) -> Iterator[None]:
    """Rate-limit counters (memory storage, one Limiter per process) do not leak between tests."""
    yield
    if "app" in request.fixturenames:
        from callprep.extensions import limiter

        limiter.reset()
