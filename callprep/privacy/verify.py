"""`callprep erase --vacuum-full` on PostgreSQL: rewrite the touched tables only when no
other session can still see the erased rows, then check the rewritten files.

VACUUM FULL copies every row that some open snapshot may still see. A transaction that
began before the erasure (a report, an idle-in-transaction session, a long pg_dump) keeps
the deleted rows visible, so VACUUM FULL would copy the erased values into the new files.
So: find sessions whose snapshot (`pg_stat_activity.backend_xmin`) or own transaction
(`backend_xid`) is older than a transaction started after the erasure committed; wait for
them, within a bound, or refuse. A transaction id is cluster-wide: a write transaction in
*another* database that began before the erasure lowers the xmin of every new snapshot, the
rewrite's own included, so its `backend_xid` counts whatever the database (seen in CI: a
test writing in its own database kept the erased rows of another). A snapshot alone
(`backend_xmin`) counts only in this database. After the rewrite, search each relation file of the
touched tables (heap, indexes, TOAST) for the erased email."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, text

from callprep.errors import CallprepError

DEFAULT_WAIT_SECONDS = 10.0


class OlderSnapshots(CallprepError):
    """Other sessions still see the erased rows: VACUUM FULL would copy them."""

    status = 409


@dataclass
class VacuumReport:
    tables: list[str]
    waited_seconds: float = 0.0
    files_checked: int = 0
    verified: bool | None = None  # None: the files could not be read (privileges)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"VACUUM FULL rewrote {', '.join(self.tables)}",
            "no other session held a snapshot from before the erasure"
            + (f" (waited {self.waited_seconds:.1f} s)" if self.waited_seconds >= 0.05 else ""),
        ]
        if self.verified:
            lines.append(
                f"verified: none of the {self.files_checked} relation files of these tables "
                "(heap, indexes, TOAST) contains the erased email"
            )
        elif self.verified is None:
            lines.append("NOT verified: " + "; ".join(self.notes))
        else:
            lines.append("FAILED verification: " + "; ".join(self.notes))
        return lines


_OLDER = text(
    """
    SELECT pid, state, coalesce(application_name, '') AS application,
           CASE WHEN datname = current_database() THEN '' ELSE coalesce(datname, '') END
             AS elsewhere
    FROM pg_stat_activity
    WHERE pid <> pg_backend_pid()
      AND (age(backend_xid) >= age(CAST(CAST(:horizon AS text) AS xid))
           OR ((datname = current_database() OR datname IS NULL)
               AND age(backend_xmin) >= age(CAST(CAST(:horizon AS text) AS xid))))
    ORDER BY pid
    """
)
_PREPARED = text(
    # Prepared transactions of any database: their ids are running, as above.
    "SELECT count(*) FROM pg_prepared_xacts "
    "WHERE age(transaction) >= age(CAST(CAST(:horizon AS text) AS xid))"
)


def older_snapshots(connection: Connection, horizon: int) -> list[str]:
    """Sessions (and prepared transactions) that can still see rows deleted before the
    transaction ``horizon``."""
    found = [
        f"pid {row.pid} ({', '.join(filter(None, [row.state or 'unknown', row.application]))}"
        + (f", a write transaction in database {row.elsewhere})" if row.elsewhere else ")")
        for row in connection.execute(_OLDER, {"horizon": horizon})
    ]
    prepared = connection.scalar(_PREPARED, {"horizon": horizon}) or 0
    if prepared:
        found.append(f"{prepared} prepared transaction(s)")
    return found


def vacuum_full(
    engine: Engine,
    tables: Sequence[str],
    allowed: Iterable[str],
    *,
    email: str | None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    poll_seconds: float = 0.25,
) -> VacuumReport:
    """After the erasure is committed: wait (at most ``wait_seconds``) until no session sees
    the erased rows, VACUUM FULL ``tables``, then search their files for ``email``."""
    allowed = set(allowed)
    tables = [t for t in tables if t in allowed]  # names from our metadata, never from input
    report = VacuumReport(tables=tables)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # A transaction id assigned now is newer than the erasure's (already committed).
        horizon = int(connection.scalar(text("SELECT txid_current()"))) % 2**32
        started = time.monotonic()
        while blockers := older_snapshots(connection, horizon):
            if time.monotonic() - started >= wait_seconds:
                raise OlderSnapshots(
                    f"not rewritten: {len(blockers)} session(s) still see the erased rows "
                    f"({'; '.join(blockers)}), so VACUUM FULL would copy them into the new "
                    f"files. The erasure itself is committed. End those transactions, then "
                    f"run `callprep erase --email ... --vacuum-full` again (waited "
                    f"{wait_seconds:.0f} s; --wait sets how long)",
                    errors={"snapshots": blockers},
                )
            time.sleep(poll_seconds)
        report.waited_seconds = time.monotonic() - started
        for table in tables:
            connection.execute(text(f'VACUUM (FULL) "{table}"'))
        if email:
            _verify(connection, tables, email.lower(), report)
        else:
            report.notes.append("no email to search for")
    return report


_FILES = text(
    """
    SELECT pg_relation_filepath(c.oid) FROM pg_class c
    WHERE pg_relation_filepath(c.oid) IS NOT NULL AND c.oid IN (
        SELECT CAST(CAST(t AS regclass) AS oid) FROM unnest(CAST(:tables AS text[])) AS t
        UNION SELECT i.indexrelid FROM pg_index i
              WHERE i.indrelid IN (SELECT CAST(CAST(t AS regclass) AS oid)
                                   FROM unnest(CAST(:tables AS text[])) AS t)
        UNION SELECT c2.reltoastrelid FROM pg_class c2
              WHERE c2.oid IN (SELECT CAST(CAST(t AS regclass) AS oid)
                               FROM unnest(CAST(:tables AS text[])) AS t)
        UNION SELECT i.indexrelid FROM pg_index i JOIN pg_class c3 ON i.indrelid = c3.reltoastrelid
              WHERE c3.oid IN (SELECT CAST(CAST(t AS regclass) AS oid)
                               FROM unnest(CAST(:tables AS text[])) AS t)
    )
    """
)
# Emails are stored lower-case; the needle travels as hex, so no escaping can bite.
_CONTAINS = text("SELECT position(decode(:needle, 'hex') IN pg_read_binary_file(:path)) > 0")
_SEGMENT = text("SELECT (pg_stat_file(:path, true)).size IS NOT NULL")


def _verify(connection: Connection, tables: list[str], needle: str, report: VacuumReport):
    try:
        connection.execute(text("CHECKPOINT"))  # the rewritten pages are on disk
        paths = list(connection.scalars(_FILES, {"tables": [f'"{t}"' for t in tables]}))
        found = []
        for path in paths:
            segment, number = path, 0
            while connection.scalar(_SEGMENT, {"path": segment}):
                report.files_checked += 1
                if connection.scalar(_CONTAINS, {"needle": needle.encode().hex(), "path": segment}):
                    found.append(segment)
                number += 1
                segment = f"{path}.{number}"
    except Exception as error:  # noqa: BLE001 - typically: not allowed to read server files
        report.verified = None
        report.notes.append(
            "the relation files could not be read (CHECKPOINT and pg_read_binary_file need "
            f"a superuser or pg_checkpoint + pg_read_server_files): {type(error).__name__}"
        )
        return
    report.verified = not found
    if found:
        report.notes.append(f"{len(found)} file(s) still hold the email: {', '.join(found)}")
        report.notes.extend(_why_copies(connection, tables, needle))


# Row values as text: an erased email in any column of a row that is still live.
_LIVE = 'SELECT count(*) FROM "{table}" AS r WHERE strpos(lower(CAST(r AS text)), :needle) > 0'
# Every session of the cluster holding a snapshot or a transaction id, whatever its database:
# what VACUUM's horizon may have counted when the wait above saw nothing in this database.
_SNAPSHOTS = text(
    """
    SELECT coalesce(datname, '-') AS db, backend_type AS kind, coalesce(state, '-') AS state,
           age(backend_xmin) AS xmin_age, age(backend_xid) AS xid_age
    FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)
    ORDER BY greatest(age(backend_xmin), age(backend_xid)) DESC NULLS LAST
    LIMIT 10
    """
)


def _why_copies(connection: Connection, tables: list[str], needle: str) -> list[str]:
    """Tell the two causes apart for whoever reads the failure: rows that hold the email
    and are live (written again after the erasure: erase again), or deleted rows kept by
    some snapshot (then the sessions the cluster shows). No session's query is printed."""
    live = {
        table: n
        for table in tables
        if (n := connection.scalar(text(_LIVE.format(table=table)), {"needle": needle}))
    }
    if live:
        rows = ", ".join(f"{table} {n}" for table, n in sorted(live.items()))
        return [f"live rows hold the email again (written after the erasure): {rows}"]
    sessions = [
        f"{row.db}/{row.kind}/{row.state} xmin age {row.xmin_age} xid age {row.xid_age}"
        for row in connection.execute(_SNAPSHOTS)
    ]
    return [
        "no live row holds it: deleted rows were kept; sessions with a snapshot now: "
        + ("; ".join(sessions) or "none")
    ]
