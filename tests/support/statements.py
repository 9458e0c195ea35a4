"""Counting the SQL statements an action sends: the cost tests' one helper."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def statements_of(engine: Engine, action: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``action`` and return its result with the statements it sent on ``engine`` from
    this thread. Other threads' statements are left out: the brief-record writer and the
    job runner flush from their own threads whenever the machine lets them, and counting
    them made these tests flaky under load."""
    seen: list[str] = []
    thread = threading.get_ident()

    def record(_conn, _cursor, statement, *_args) -> None:
        if threading.get_ident() == thread:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return result, seen
