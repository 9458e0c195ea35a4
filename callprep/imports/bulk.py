"""Bulk import of leads and interactions from CSV or JSON lines, streamed in batches.

Rows are read one at a time, validated with the API's marshmallow schemas, and stored in
batches (one transaction each: the caller commits after every batch), so a million-row file
runs in bounded memory and a crash loses at most the batch in flight. Re-running a file is
safe:
- leads are matched by email (case-insensitive): a known lead is UPDATED with the non-empty
  cells of its row (empty cells keep what is stored; external ids are added or replaced per
  system); an identical row counts as `unchanged`;
- interactions are idempotent on (source, external_id) through `ingest.add_interactions`;
  a row names its lead by `email` (unknown: the lead is created) or by `lead_id`.
A suppressed (erased on request) email is neither created nor given new interactions; such
rows count as `suppressed`, not as errors.

Rejected rows are reported as (row, field, message). Row numbers are what a spreadsheet
shows: the CSV header is row 1, so the first data row is row 2; in JSON lines the row is the
line number. Messages never repeat the rejected value (it may be personal data)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import marshmallow as ma
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from callprep.accounts.users import normalise_email
from callprep.companies.membership import Placement, place_leads
from callprep.errors import InvalidInput
from callprep.imports.reading import (  # re-exported: the importers' callers read them here
    Record,
    RecordReader,
    UnreadableFile,
)
from callprep.ingest.intake import ImportReport, LeadRef, RowError, store_events
from callprep.ingest.schemas import InteractionSchema, LeadSchema
from callprep.leads.service import account_refs, claim_new_leads
from callprep.models import Lead, LeadExternalId
from callprep.privacy import erasure

BATCH_SIZE = 500
IMPORT_SOURCE = "import"
KINDS = ("leads", "interactions")


class ErrorSink:
    """Collects rejected rows: counted always, kept up to `keep`, each passed to `on_error`."""

    def __init__(
        self, report: ImportReport, keep: int, on_error: Callable[[RowError], None] | None
    ):
        self.report, self.keep, self.on_error = report, keep, on_error
        self._last_row: int | None = None

    def add(self, error: RowError) -> None:
        # A row's errors arrive together: count the row once, report every field.
        if error.row != self._last_row:
            self.report.rejected += 1
            self._last_row = error.row
        self.report.mark(error.row, "rejected")
        if len(self.report.errors) < self.keep:
            self.report.errors.append(error)
        else:
            self.report.errors_truncated = True
        if self.on_error is not None:
            self.on_error(error)


class ImportStopped(InvalidInput):
    """The file cannot be read past a point: where, and what was stored before it."""


# ---------------------------------------------------------------- validation


_email_field = ma.fields.Email()
_PROFILE_FIELDS = ("first_name", "last_name", "company", "country", "region", "state")


# The API's own schemas, so an imported row is held to exactly the rules of a POST.
LEAD_SCHEMA = LeadSchema()
INTERACTION_SCHEMA = InteractionSchema()
PROFILE_SCHEMA = LeadSchema(only=_PROFILE_FIELDS)  # a new lead's profile, from an event row


def _flatten_messages(messages: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten_messages(value, name)
    elif isinstance(messages, list | tuple):
        for message in messages:
            yield from _flatten_messages(message, prefix)
    else:
        yield prefix or "_row", str(messages)


def _row_errors(row: int, error: ma.ValidationError) -> list[RowError]:
    return [RowError(row, name, message) for name, message in _flatten_messages(error.messages)]


def validate_interaction_row(record: Record) -> tuple[LeadRef, dict[str, Any]] | list[RowError]:
    values = dict(record.values)
    ref = LeadRef()
    errors: list[RowError] = []
    if "lead_id" in values:
        try:
            ref.lead_id = int(values.pop("lead_id"))
        except (TypeError, ValueError):
            errors.append(RowError(record.row, "lead_id", "Not a valid integer."))
    if "email" in values:
        try:
            ref.email = normalise_email(_email_field.deserialize(values.pop("email")))
        except ma.ValidationError as error:
            errors.extend(RowError(record.row, "email", m) for m in error.messages)
    profile = {name: values.pop(name) for name in _PROFILE_FIELDS if name in values}
    ref.account_ids = tuple((values.pop("account_ids", None) or {}).items())
    try:
        ref.profile = PROFILE_SCHEMA.load(profile)
    except ma.ValidationError as error:
        errors.extend(_row_errors(record.row, error))
    if ref.lead_id is None and ref.email is None and not errors:
        errors.append(RowError(record.row, "email", "email or lead_id is required"))
    try:
        item = INTERACTION_SCHEMA.load(values)
    except ma.ValidationError as error:
        errors.extend(_row_errors(record.row, error))
    return errors or (ref, item)


# ---------------------------------------------------------------- storing

# store(session, records, report, reject): validate and store one batch of readable records.
StoreBatch = Callable[[Session, list["Record"], "ImportReport", Callable[["RowError"], None]], None]


class BulkImport:
    """Store valid rows batch by batch, report the rest. The caller owns the transactions:
    ``batches()`` yields each batch's row count once the batch is stored (flushed), and the
    caller commits before asking for the next; ``report`` is the running report.
    `store` handles one batch; by default the one of `kind` (leads or interactions)."""

    def __init__(
        self,
        session: Session,
        kind: str,
        records: Iterable[Record],
        *,
        batch_size: int = BATCH_SIZE,
        max_errors: int = 100,
        on_error: Callable[[RowError], None] | None = None,
        reader: RecordReader | None = None,
        store: StoreBatch | None = None,
    ) -> None:
        if store is None:
            if kind not in KINDS:
                raise InvalidInput(
                    f"kind must be one of {', '.join(KINDS)}", errors={"kind": [kind]}
                )
            store = _store_leads if kind == "leads" else _store_interactions
        self.session, self.records, self.batch_size = session, records, batch_size
        self.reader, self.store = reader, store
        self.report = ImportReport(kind=kind)
        self.sink = ErrorSink(self.report, max_errors, on_error)

    def batches(self) -> Iterator[int]:
        """Store batch by batch, yielding each batch's row count; the caller commits after
        each. A file that cannot be read past a point raises ImportStopped once the rows
        before it are stored (and committed by the caller), saying where and how many."""
        report, sink, reader = self.report, self.sink, self.reader
        stopped: list[UnreadableFile] = []
        iterator = _until_unreadable(self.records, stopped)
        while batch := list(islice(iterator, self.batch_size)):
            report.rows += len(batch)
            readable = []
            for record in batch:
                if record.skip is not None:
                    report.skipped += 1
                elif record.error is not None:
                    sink.add(record.error)
                else:
                    readable.append(record)
            store_batch(self.session, self.store, readable, report, sink)
            report.flush_rows()
            if reader is not None:
                report.ignored_columns = reader.ignored_columns
            yield len(batch)
            self.session.expunge_all()  # nothing of a finished batch stays in memory
        if reader is not None:
            report.ignored_columns = reader.ignored_columns
        if stopped:
            stored = report.created + report.updated + report.unchanged + report.duplicates
            raise ImportStopped(
                f"{stopped[0]}; the {stored} rows before it were stored (a re-run skips them)",
                errors={"file": [f"unreadable from line {stopped[0].line}"], **stopped[0].errors},
                report=report.as_dict(),
            )


def _until_unreadable(records: Iterable[Record], stopped: list[UnreadableFile]):
    """The records up to the point the file cannot be read past (noted in ``stopped``), so
    the rows read before it are stored and reported, not thrown away with the batch."""
    try:
        yield from records
    except UnreadableFile as error:
        stopped.append(error)


def store_batch(session, store, records, report: ImportReport, sink: ErrorSink) -> None:
    """The batch in one savepoint; if a concurrent writer got in the way (a lead created
    meanwhile), roll the savepoint back and store its rows one savepoint each."""
    trial = ImportReport(kind=report.kind)
    trial_errors: list[RowError] = []
    try:
        with session.begin_nested():
            store(session, records, trial, trial_errors.append)
    except IntegrityError:
        pass
    else:
        _merge(report, trial, trial_errors, sink)
        return
    for record in records:
        one = ImportReport(kind=report.kind)
        one_errors: list[RowError] = []
        try:
            with session.begin_nested():
                store(session, [record], one, one_errors.append)
        except IntegrityError:
            sink.add(RowError(record.row, "_row", "conflicts with a concurrent write; re-run"))
            continue
        _merge(report, one, one_errors, sink)


def _merge(report: ImportReport, part: ImportReport, errors: list[RowError], sink) -> None:
    for name in ("created", "updated", "unchanged", "duplicates", "leads_created", "suppressed"):
        setattr(report, name, getattr(report, name) + getattr(part, name))
    report.skipped += part.skipped
    for row, outcome in part.pending.items():
        report.mark(row, outcome)
    for error in errors:
        sink.add(error)


def _store_leads(session: Session, records: list[Record], report, reject) -> None:
    rows: list[tuple[int, dict[str, Any]]] = []
    for record in records:
        try:
            data = LEAD_SCHEMA.load(record.values)
        except ma.ValidationError as error:
            for row_error in _row_errors(record.row, error):
                reject(row_error)
            continue
        data["email"] = normalise_email(data["email"])
        data["account_ids"] = account_refs(data)  # not a lead column: placed after the rows
        rows.append((record.row, data))
    if not rows:
        return
    emails = {data["email"] for _, data in rows}
    suppressed = erasure.suppressed_emails(session, emails)
    leads = {
        lead.email: lead for lead in session.scalars(select(Lead).where(Lead.email.in_(emails)))
    }
    # New leads in one INSERT ... ON CONFLICT DO NOTHING (leads.service): one another writer
    # created since the read above is updated instead, with no unique violation in the
    # server's log. A new lead none of its rows may take (another lead's external id) goes.
    new_rows: dict[str, dict[str, Any]] = {}
    for _, data in rows:
        if data["email"] not in leads and data["email"] not in suppressed:
            new = {k: v for k, v in data.items() if k not in ("external_ids", "account_ids")}
            if new.get("owner_email"):
                new["owner_email"] = normalise_email(new["owner_email"])
            new_rows.setdefault(data["email"], new)
    claimed = set(claim_new_leads(session, list(new_rows.values())))
    if new_rows:
        for lead in session.scalars(
            select(Lead)
            .where(Lead.email.in_(list(new_rows)))
            .options(selectinload(Lead.external_ids))
        ):
            leads[lead.email] = lead
    pairs = {(s, v) for _, data in rows for s, v in (data.get("external_ids") or {}).items()}
    # Who holds each external id now (by email), so a row cannot steal another lead's id.
    holders: dict[tuple[str, str], str] = {}
    if pairs:
        for system, value, email in session.execute(
            select(LeadExternalId.system, LeadExternalId.external_id, Lead.email)
            .join(Lead)
            .where(tuple_(LeadExternalId.system, LeadExternalId.external_id).in_(list(pairs)))
        ):
            holders[(system, value)] = email
    placements: dict[str, tuple[tuple[str, str], ...]] = {}
    for row, data in rows:
        email = data["email"]
        accounts = data.pop("account_ids")
        if email in suppressed:
            report.suppressed += 1
            report.mark(row, "suppressed")
            continue
        external = data.pop("external_ids", None) or {}
        taken = [s for s, v in external.items() if holders.get((s, v), email) != email]
        if taken:
            for system in taken:
                reject(RowError(row, f"external_ids.{system}", "already used by another lead"))
            continue
        if data.get("owner_email"):
            data["owner_email"] = normalise_email(data["owner_email"])
        lead = leads.get(email)
        if email in claimed or accounts:
            placements[email] = accounts or placements.get(email, ())
        if email in claimed:  # inserted above for this row: give it the row's ids
            claimed.discard(email)
            _update_lead(session, lead, {}, external)
            report.created += 1
            report.mark(row, "created")
        elif _update_lead(session, lead, data, external):
            report.updated += 1
            report.mark(row, "updated")
        else:
            report.unchanged += 1
            report.mark(row, "unchanged")
        for system, value in external.items():
            holders[(system, value)] = email
    for email in claimed:  # every row of it was refused
        session.delete(leads[email])
        placements.pop(email, None)
    session.flush()
    # One round of statements for the batch (callprep.companies.membership).
    place_leads(
        session,
        [
            Placement(leads[email].id, email, leads[email].company, accounts)
            for email, accounts in placements.items()
        ],
    )


def _update_lead(session, lead: Lead, data: Mapping[str, Any], external: Mapping[str, str]):
    changed = False
    for name, value in data.items():
        if name != "email" and value is not None and getattr(lead, name) != value:
            setattr(lead, name, value)
            changed = True
    current = {ext.system: ext for ext in lead.external_ids}
    for system, value in external.items():
        if system not in current:
            lead.external_ids.append(LeadExternalId(system=system, external_id=value))
            changed = True
        elif current[system].external_id != value:
            current[system].external_id = value
            changed = True
    if changed:
        session.flush()  # an id moving between leads in one batch must free it first
    return changed


def _store_interactions(session: Session, records: list[Record], report, reject) -> None:
    events: list[tuple[int, LeadRef, dict[str, Any]]] = []
    for record in records:
        result = validate_interaction_row(record)
        if isinstance(result, list):
            for error in result:
                reject(error)
        else:
            ref, item = result
            events.append((record.row, ref, _with_identity(ref, item)))
    store_events(session, events, report, reject)


def _with_identity(ref: LeadRef, item: dict[str, Any]) -> dict[str, Any]:
    """Rows without an event id get one derived from their content, so re-running the same
    file does not store them twice."""
    item["source"] = item.get("source") or IMPORT_SOURCE
    if item.get("external_id") is None:
        basis = [ref.email or ref.lead_id, item["type"], item["occurred_at"].isoformat()]
        basis += [item.get(name) for name in ("title", "url", "comment", "campaign")]
        digest = hashlib.sha256(json.dumps(basis, default=str).encode()).hexdigest()
        item["external_id"] = f"row:{digest[:40]}"
    return item
