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

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, BinaryIO, TextIO

import marshmallow as ma
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from callprep import validation
from callprep.accounts.users import normalise_email
from callprep.errors import InvalidInput
from callprep.imports.mappings import (
    EXTERNAL_ID_PREFIX,
    INTERACTION_ROW_FIELDS,
    LEAD_ROW_FIELDS,
    parse_mapping,
    resolve_columns,
)
from callprep.imports.vendor_fields import is_empty
from callprep.ingest.intake import ImportReport, LeadRef, RowError, store_events
from callprep.ingest.schemas import InteractionSchema, LeadSchema
from callprep.leads.crm_ids import normalise_external_id
from callprep.leads.service import claim_new_leads
from callprep.models import Lead, LeadExternalId
from callprep.privacy import erasure

BATCH_SIZE = 500
IMPORT_SOURCE = "import"
FORMATS = ("csv", "jsonl")
KINDS = ("leads", "interactions")
_SNIFF_BYTES = 64 * 1024


@dataclass
class Record:
    """One input row: its number, the mapped values, or the reason it could not be read."""

    row: int
    values: dict[str, Any]
    error: RowError | None = None
    skip: str | None = None  # not a data row: a report footer or summary line


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


# ---------------------------------------------------------------- reading


class ImportStopped(InvalidInput):
    """The file cannot be read past a point: where, and what was stored before it."""


class UnreadableFile(Exception):
    """Raised by a reader when nothing after ``line`` can be read."""

    def __init__(self, line: int, reason: str, errors: dict | None = None) -> None:
        super().__init__(f"the file cannot be read past line {line}: {reason}")
        self.line = line
        self.errors = errors or {}


class DecodedText(io.TextIOBase):
    """A binary upload decoded one physical line at a time, so a bad byte is reported with
    its line number (TextIOWrapper decodes in chunks and says only "invalid start byte")."""

    def __init__(self, raw: BinaryIO, encoding: str) -> None:
        self._raw = raw
        self._encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._buffer = ""
        self.line = 0  # physical lines decoded so far

    def readable(self) -> bool:
        return True

    def _more(self) -> bool:
        data = self._raw.readline()
        if not data:
            self._buffer += self._decoder.decode(b"", final=True)
            return False
        try:
            self._buffer += self._decoder.decode(data)
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                self.line + 1,
                f"it is not {self._encoding} ({error.reason})",
                {"encoding": [self._encoding]},
            ) from error
        self.line += 1
        return True

    def readline(self, size: int = -1) -> str:
        while "\n" not in self._buffer and self._more():
            pass
        end = self._buffer.find("\n") + 1 or len(self._buffer)
        line, self._buffer = self._buffer[:end], self._buffer[end:]
        return line

    def read(self, size: int | None = -1) -> str:
        while (size is None or size < 0 or len(self._buffer) < size) and self._more():
            pass
        cut = len(self._buffer) if size is None or size < 0 else size
        text, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return text

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def detect_format(filename: str | None, declared: str | None = None) -> str:
    if declared:
        if declared not in FORMATS:
            raise InvalidInput(
                f"format must be one of {', '.join(FORMATS)}", errors={"format": [declared]}
            )
        return declared
    name = (filename or "").lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    raise InvalidInput(
        "cannot tell the format from the file name; give --format csv|jsonl",
        errors={"format": ["missing"]},
    )


class RecordReader:
    """Iterates the rows of a CSV or JSON-lines text stream as mapped `Record`s."""

    def __init__(self, stream: TextIO, fmt: str, kind: str, mapping: str | None = None):
        self.fields = LEAD_ROW_FIELDS if kind == "leads" else INTERACTION_ROW_FIELDS
        self.mapping = parse_mapping(mapping, self.fields)
        self.stream, self.fmt = stream, fmt
        self.ignored_columns: list[str] = []

    def __iter__(self) -> Iterator[Record]:
        return self._csv() if self.fmt == "csv" else self._jsonl()

    def _csv(self) -> Iterator[Record]:
        sample = self.stream.read(_SNIFF_BYTES)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                sample, delimiters=",;\t|"
            )
        except csv.Error:
            dialect = csv.excel  # one column, or too little text to tell: the common case
        # A huge quoted value is read whole and rejected as one row; at the default limit
        # (128 KB) the reader would stop mid-value and read the rest as phantom rows.
        csv.field_size_limit(max(csv.field_size_limit(), _MAX_CSV_FIELD))
        lines = _Lines(_Chain(sample, self.stream))
        # strict: a quote that is never closed is an error at the end, not one huge value.
        reader = csv.reader(lines, dialect, strict=True)
        try:
            headers = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidInput(f"the header row cannot be read: {error}") from error
        lines.take()
        columns, self.ignored_columns = resolve_columns(headers, self.mapping, self.fields)
        positions = [(i, columns[h]) for i, h in enumerate(headers) if h in columns]
        email_at = next((i for i, name in positions if name == "email"), None)
        row = 1
        in_footer = False
        while True:
            row += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                first, taken = lines.take()
                if len(taken) > 1 or "end of data" in str(error):
                    # An unbalanced quote: reject its line, read the lines after it again.
                    lines.push_back(taken[1:], first + 1)
                    reader = csv.reader(lines, dialect, strict=True)
                    message = f"line {first}: a quote is not closed (unbalanced quote)"
                else:
                    message = f"malformed CSV at line {first}: {error}"
                yield Record(row, {}, RowError(row, "_row", message))
                continue
            first, taken = lines.take()
            if len(taken) > 1 and _holds_other_rows(cells, email_at, dialect):
                lines.push_back(taken[1:], first + 1)
                reader = csv.reader(lines, dialect, strict=True)
                message = (
                    f"lines {first}-{first + len(taken) - 1} read as one row: a quote in line "
                    f"{first} is not closed (unbalanced quote); that line is rejected"
                )
                yield Record(row, {}, RowError(row, "_row", message))
                continue
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            filled = [cell.strip() for cell in cells if cell.strip()]
            if len(filled) == 1 and len(headers) > 1 and (in_footer or is_footer(filled[0])):
                # Report exports end with totals, a confidentiality notice, a copyright line:
                # the trailing block is skipped and counted, not rejected.
                in_footer = True
                yield Record(row, {}, skip="report footer")
                continue
            if len(cells) > len(headers):
                message = f"{len(cells)} values but the header has {len(headers)} columns"
                yield Record(row, {}, RowError(row, "_row", message))
                continue
            values = {}
            for index, name in positions:
                if index < len(cells) and not is_empty(cells[index]):
                    values.setdefault(name, cells[index].strip())  # first non-empty column
            yield Record(row, _nest_external_ids(values))

    def _jsonl(self) -> Iterator[Record]:
        seen_ignored: dict[str, None] = {}
        for row, line in enumerate(self.stream, start=1):
            if not line.strip():
                continue
            try:
                data = validation.loads(line)
            except json.JSONDecodeError as error:
                yield Record(row, {}, RowError(row, "_row", f"invalid JSON: {error.msg}"))
                continue
            except validation.InputError as error:
                yield Record(row, {}, RowError(row, "_row", str(error)))
                continue
            if not isinstance(data, dict):
                yield Record(row, {}, RowError(row, "_row", "each line must be a JSON object"))
                continue
            data = _flatten_external_ids(data)
            columns, ignored = resolve_columns(data, self.mapping, self.fields)
            for name in ignored:
                seen_ignored.setdefault(name)
            self.ignored_columns = list(seen_ignored)
            values: dict[str, Any] = {}
            for key, value in data.items():
                if key in columns and not is_empty(value):
                    values.setdefault(columns[key], value)  # first non-empty column
            yield Record(row, _nest_external_ids(values))


# Lines report exports add after the data (Salesforce: "Grand Totals (12 records)",
# "Confidential Information - Do Not Distribute", "Copyright (c) 2000-2026 salesforce.com,
# inc. All rights reserved."; others: totals, "Generated by ...", "Exported on ...").
_FOOTER = re.compile(
    r"^(grand\s+totals?|sub-?totals?|totals?|record\s+count|count)\b\s*(\(|:|$|\d)"
    r"|^confidential\b|^copyright\b|^\(c\)\s|^©"
    r"|^(filtered\s+by|generated\s+(by|on|at)|report\s+generated|exported\s+(on|by|at)"
    r"|run\s+(on|at|by)|data\s+as\s+of)\b",
    re.IGNORECASE,
)


def is_footer(text: str) -> bool:
    """A report's footer or summary line (a single cell), not a data row."""
    return bool(_FOOTER.match(text.strip()))


_MAX_CSV_FIELD = 32 * 1024 * 1024
_LOOKS_LIKE_EMAIL = re.compile(r"^[^@\s,;\"]+@[^@\s,;\"]+\.[^@\s,;\"]+$")


def _holds_other_rows(cells: list[str], email_at: int | None, dialect) -> bool:
    """Whether a value spanning lines holds what look like whole rows of the file (a line
    whose email column is an email): the sign of an opening quote never closed."""
    if email_at is None:
        return False
    for cell in cells:
        for line in cell.splitlines()[1:]:
            try:
                parsed = next(csv.reader([line], dialect))
            except (csv.Error, StopIteration):
                continue
            if len(parsed) > email_at and _LOOKS_LIKE_EMAIL.match(parsed[email_at].strip()):
                return True
    return False


class _Lines:
    """The physical lines under a csv.reader, numbered, with the lines of the last record
    kept so they can be read again when a quote turns out to be unbalanced."""

    def __init__(self, source: Iterable[str]) -> None:
        self._source = iter(source)
        self._again: list[str] = []
        self._taken: list[str] = []
        self._next_number = 1
        self._first = 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._again.pop() if self._again else next(self._source)
        self._taken.append(line)
        self._next_number += 1
        return line

    def take(self) -> tuple[int, list[str]]:
        """(number of the first line, the lines) of the record just read."""
        first, taken = self._first, self._taken
        self._first, self._taken = self._next_number, []
        return first, taken

    def push_back(self, lines: list[str], first: int) -> None:
        self._again.extend(reversed(lines))
        self._next_number = self._first = first


class _Chain(io.TextIOBase):
    """The sniffed sample, then the rest of the stream, read line by line by csv."""

    def __init__(self, head: str, rest: TextIO):
        self._head = io.StringIO(head)
        self._rest = rest

    def readline(self, size: int = -1) -> str:
        line = self._head.readline()
        if line and not line.endswith(("\n", "\r")):
            line += self._rest.readline()  # the sample ended mid-line
        return line or self._rest.readline()

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def _flatten_external_ids(data: Mapping[str, Any]) -> dict[str, Any]:
    nested = data.get("external_ids")
    if not isinstance(nested, dict):
        return dict(data)
    flat = {k: v for k, v in data.items() if k != "external_ids"}
    for system, value in nested.items():
        flat[f"{EXTERNAL_ID_PREFIX}{system}"] = value
    return flat


def _nest_external_ids(values: dict[str, Any]) -> dict[str, Any]:
    external = {
        key[len(EXTERNAL_ID_PREFIX) :]: values.pop(key)
        for key in [k for k in values if k.startswith(EXTERNAL_ID_PREFIX)]
    }
    if external:
        values["external_ids"] = {k: normalise_external_id(k, str(v)) for k, v in external.items()}
    return values


# ---------------------------------------------------------------- validation


_email_field = ma.fields.Email()
_PROFILE_FIELDS = ("first_name", "last_name", "company")


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
            new = {k: v for k, v in data.items() if k != "external_ids"}
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
    for row, data in rows:
        email = data["email"]
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
    session.flush()


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
