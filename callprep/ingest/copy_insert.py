"""New interactions into PostgreSQL by COPY: the batch is streamed into a temporary table, then
one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING id`` moves what is new.

Why: an executemany of 500 rows with RETURNING is sent as pages of one multi-row VALUES
statement with 12 parameters a row; psycopg converts such a statement's placeholders afresh
each time (it caches only short statements), and that conversion, not the database, was the
largest cost of storing an import batch. COPY sends the rows as data, and the two statements
around it are short and cached. The rules are the ones of the executemany: the database
settles duplicates and races (ON CONFLICT on the unique (source, external_id)), and rows are
inserted in the order given (the caller's one order for every writer, so overlapping batches
cannot deadlock on the unique index). SQLite keeps the executemany."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from sqlalchemy.orm import Session

from callprep.db import utcnow

# Written out, not composed: fixed statements, nothing from outside in their text.
COLUMNS = (
    "lead_id",
    "type",
    "occurred_at",
    "title",
    "asset_type",
    "url",
    "comment",
    "campaign",
    "source",
    "external_id",
    "title_is_name",
    "analysis_pending",
    "created_at",
)
# The staging table takes the interactions' column types (and nothing else: no constraint,
# no sequence). One per connection; emptied at each commit, and after each use.
_CREATE = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS callprep_incoming ON COMMIT DELETE ROWS AS "
    "SELECT 0 AS position, lead_id, type, occurred_at, title, asset_type, url, comment, "
    "campaign, source, external_id, title_is_name, analysis_pending, created_at "
    "FROM interactions WITH NO DATA"
)
_COPY = (
    "COPY callprep_incoming (position, lead_id, type, occurred_at, title, asset_type, url, "
    "comment, campaign, source, external_id, title_is_name, analysis_pending, created_at) "
    "FROM STDIN"
)
_MOVE = (
    "INSERT INTO interactions (lead_id, type, occurred_at, title, asset_type, url, comment, "
    "campaign, source, external_id, title_is_name, analysis_pending, created_at) "
    "SELECT lead_id, type, occurred_at, title, asset_type, url, comment, campaign, source, "
    "external_id, title_is_name, analysis_pending, created_at FROM callprep_incoming "
    "ORDER BY position ON CONFLICT (source, external_id) DO NOTHING RETURNING id"
)
_EMPTY = "TRUNCATE callprep_incoming"


def copy_new_interactions(session: Session, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert ``rows`` (interaction columns, in insert order) that are not stored yet; the
    ids of those inserted. Runs on the session's connection, inside its transaction."""
    # The session's own connection: the rows land in the caller's transaction (savepoint).
    driver = session.connection().connection.driver_connection
    created_at = utcnow()
    with driver.cursor() as cursor:
        cursor.execute(_CREATE)
        with cursor.copy(_COPY) as copy:
            for position, row in enumerate(rows):
                values = [row[name] for name in COLUMNS[:-1]]
                values[2] = values[2].astimezone(UTC)  # occurred_at, as UTCDateTime binds it
                copy.write_row((position, *values, created_at))
        cursor.execute(_MOVE)
        ids = [id_ for (id_,) in cursor.fetchall()]
        # A later batch in the same transaction (an import's per-row retry) starts empty.
        cursor.execute(_EMPTY)
    return ids
