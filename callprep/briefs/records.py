"""Brief records written in batches, off the request that served the brief.

Every brief fetched over the API leaves a ``BriefRecord`` (which track, version and variant
was shown), so an outcome can be tied to it. Writing that row in the request made every brief a
write transaction: on SQLite the one write lock was held from the insert through rendering to
the commit, so concurrent briefs queued behind each other. Here a brief only appends the row
to an in-process buffer; a background thread inserts the buffer in one statement every
``interval`` seconds (or sooner when it fills), and at a clean shutdown (atexit) the rest.

Readers that need a record at once do not wait for the thread: an outcome for a brief still
buffered in this process takes the row into its own transaction (``take_pending``), and an
erasure drops the lead's buffered rows (``discard_pending``). A row whose lead was erased in
another process meanwhile is skipped at insert (its foreign key fails), never retried."""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep.models import BriefRecord

log = logging.getLogger(__name__)

# The app's recorder, in ``app.extensions``.
BRIEF_RECORDS = "callprep.brief_records"

# Every live recorder of this process (one per app), for the services above and for atexit.
_recorders: weakref.WeakSet[BriefRecorder] = weakref.WeakSet()


class BriefRecorder:
    def __init__(
        self, sessions: Callable[[], Session], interval: float = 0.5, batch: int = 500
    ) -> None:
        self._sessions = sessions
        self._interval = interval
        self._batch = batch
        self._rows: list[dict[str, Any]] = []
        self._lock = threading.Lock()  # guards _rows
        self._writing = threading.Lock()  # one flush at a time
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        _recorders.add(self)

    def add(self, row: dict[str, Any]) -> None:
        """Buffer one record (the columns of ``BriefRecord``); written within ``interval``."""
        with self._lock:
            self._rows.append(row)
            full = len(self._rows) >= self._batch
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=_run, args=(weakref.ref(self),), name="brief-records", daemon=True
                )
                self._thread.start()
        if full or self._closed:
            self._wake.set()

    def pending(self) -> int:
        with self._lock:
            return len(self._rows)

    def take(self, brief_id: str) -> dict[str, Any] | None:
        with self._lock:
            for n, row in enumerate(self._rows):
                if row["id"] == brief_id:
                    return self._rows.pop(n)
        return None

    def discard_lead(self, lead_id: int) -> int:
        with self._lock:
            kept = [row for row in self._rows if row["lead_id"] != lead_id]
            dropped = len(self._rows) - len(kept)
            self._rows = kept
        return dropped

    def flush(self) -> int:
        """Write what is buffered now, in its own short transaction; the rows written."""
        with self._writing:
            with self._lock:
                rows, self._rows = self._rows, []
            if not rows:
                return 0
            try:
                return self._write(rows)
            except Exception:
                # The database is away: keep the rows for the next round (nothing is lost
                # while the process lives), and say so without any of their values.
                with self._lock:
                    self._rows[:0] = rows
                log.warning("brief records: %d not written yet; retrying", len(rows))
                raise

    def close(self) -> None:
        """Stop the thread and write the rest (a clean shutdown loses nothing)."""
        self._closed = True
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self.flush()

    def _write(self, rows: list[dict[str, Any]]) -> int:
        session = self._sessions()
        try:
            try:
                session.execute(insert(BriefRecord), rows)
                session.commit()
                return len(rows)
            except IntegrityError:
                session.rollback()
            # One row breaks the batch (its lead was erased, or an outcome already stored
            # it): write the others one by one and skip those.
            written = 0
            for row in rows:
                try:
                    session.execute(insert(BriefRecord), [row])
                    session.commit()
                    written += 1
                except IntegrityError:
                    session.rollback()
            return written
        finally:
            session.close()


def _run(recorder_ref: weakref.ref[BriefRecorder]) -> None:
    """The flushing thread; it ends with its recorder (closed, or its app gone)."""
    while True:
        recorder = recorder_ref()
        if recorder is None:
            return
        wake, interval = recorder._wake, recorder._interval
        del recorder  # not kept alive by its own thread while waiting
        wake.wait(interval)
        wake.clear()
        recorder = recorder_ref()
        if recorder is None:
            return
        # A failed flush is logged there and its rows kept; the thread keeps going.
        with contextlib.suppress(Exception):
            recorder.flush()
        if recorder._closed:
            return
        del recorder


def register_brief_records(app: Flask) -> None:
    app.extensions[BRIEF_RECORDS] = BriefRecorder(
        app.extensions["callprep.sessionmaker"],
        interval=float(app.config.get("BRIEF_RECORDS_FLUSH_SECONDS") or 0.5),
    )


def flush_pending() -> int:
    """Write every buffered record of this process now (tests, and before reading them)."""
    return sum(recorder.flush() for recorder in list(_recorders))


def take_pending(brief_id: str) -> dict[str, Any] | None:
    """The row of a brief still buffered in this process (removed from the buffer), if any."""
    for recorder in list(_recorders):
        row = recorder.take(brief_id)
        if row is not None:
            return row
    return None


def discard_pending(lead_id: int) -> int:
    """Drop this process's buffered records of an erased lead."""
    return sum(recorder.discard_lead(lead_id) for recorder in list(_recorders))


@atexit.register
def _flush_all_at_exit() -> None:
    for recorder in list(_recorders):
        try:
            recorder.close()
        except Exception:  # noqa: BLE001 - the database may already be gone at exit
            log.warning("brief records: %d lost at exit", recorder.pending())
