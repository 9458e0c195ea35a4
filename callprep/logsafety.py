"""Logs carry ids, never lead data. A database error's text holds the statement's parameters
(SQLAlchemy) and the offending values (PostgreSQL's DETAIL: "Key (email)=(...)"): such
errors are logged as their kind, SQLSTATE, constraint and traceback frames only, where no
erasure could reach them."""

from __future__ import annotations

import logging
import traceback

from sqlalchemy.exc import DBAPIError, StatementError

# Loggers that may log a database error with its traceback.
LOGGERS = ("callprep", "sqlalchemy", "sqlalchemy.pool", "sqlalchemy.engine", "waitress", "flask")


def _database_error(error: BaseException | None) -> BaseException | None:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, StatementError) or _is_driver_error(error):
            return error
        error = error.__cause__ or error.__context__
    return None


def _is_driver_error(error: BaseException) -> bool:
    module = type(error).__module__ or ""
    return module.split(".")[0] in ("psycopg", "psycopg2", "sqlite3")


def describe(error: BaseException) -> str:
    """The kind of a database error without any value: class, SQLSTATE, constraint."""
    driver = error.orig if isinstance(error, DBAPIError) else error
    parts = [type(error).__name__]
    if driver is not None and driver is not error:
        parts.append(f"{type(driver).__module__}.{type(driver).__name__}")
    diag = getattr(driver, "diag", None)
    sqlstate = getattr(driver, "sqlstate", None) or getattr(driver, "pgcode", None)
    if sqlstate:
        parts.append(f"SQLSTATE {sqlstate}")
    for name in ("table_name", "column_name", "constraint_name"):
        value = getattr(diag, name, None) if diag is not None else None
        if value:
            parts.append(f"{name.removesuffix('_name')} {value}")
    return ", ".join(parts)


class DatabaseErrorFilter(logging.Filter):
    """Rewrites records whose exception is (or was caused by) a database error."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or record.exc_info[1] is None:
            return True
        error = _database_error(record.exc_info[1])
        if error is None:
            return True
        frames = "".join(traceback.format_tb(record.exc_info[2]))
        message = record.getMessage()
        record.msg = f"{message}: {describe(error)} (values withheld)\n{frames.rstrip()}"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True


_FILTER = DatabaseErrorFilter()


def register_log_safety(app) -> None:
    for logger in (app.logger, *(logging.getLogger(name) for name in LOGGERS)):
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
