"""One database session per request; the request commits once at the end and rolls back
on any error (Indico's rule: services flush, never commit; views never commit either).

The commit happens before the answer goes out, so a failed commit is an error answer (a
webhook sender retries), never a 200 for something not stored. Work that must follow the
commit (the free-space scrub after an erasure) is queued with `after_commit`. A view that
answers a refused change with a page (not an error status) calls `discard_changes` instead of
rolling back itself."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session

from callprep.db import make_engine, make_sessionmaker


def register_db(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["callprep.engine"] = engine
    app.extensions["callprep.sessionmaker"] = make_sessionmaker(engine)
    app.after_request(_commit_if_ok)
    app.teardown_appcontext(_close)


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["callprep.sessionmaker"]()
    return g.db_session


def after_commit(action: Callable[[], None]) -> None:
    """Run `action` once this request's work is committed (not at all if it is rolled back)."""
    g.setdefault("after_commit", []).append(action)


def discard_changes() -> None:
    """Roll back what this request has written so far (a refused form redisplayed)."""
    session: Session | None = g.get("db_session")
    if session is not None:
        session.rollback()


def _commit_if_ok(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            session.commit()
            for action in g.pop("after_commit", []):
                action()
        else:
            session.rollback()
    return response


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back anything not committed
