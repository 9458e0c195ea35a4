"""Reading an import file: bytes decoded line by line (a bad byte is reported with its line),
the format told from the name or the content, and CSV or JSON-lines rows mapped to `Record`s
(a CSV that quotes badly or holds a 1 MB field is refused where it goes wrong, never read as
other people's rows). Nothing here validates or stores: `callprep.imports.bulk` does."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from callprep import validation
from callprep.errors import InvalidInput
from callprep.imports.mappings import (
    ACCOUNT_ID_PREFIX,
    EXTERNAL_ID_PREFIX,
    INTERACTION_ROW_FIELDS,
    LEAD_ROW_FIELDS,
    parse_mapping,
    resolve_columns,
)
from callprep.imports.vendor_fields import is_empty
from callprep.ingest.intake import RowError
from callprep.leads.crm_ids import normalise_external_id

FORMATS = ("csv", "jsonl")
_SNIFF_BYTES = 64 * 1024


@dataclass
class Record:
    """One input row: its number, the mapped values, or the reason it could not be read."""

    row: int
    values: dict[str, Any]
    error: RowError | None = None
    skip: str | None = None  # not a data row: a report footer or summary line


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
    flat = dict(data)
    for prefix in (EXTERNAL_ID_PREFIX, ACCOUNT_ID_PREFIX):
        nested = flat.get(prefix[:-1])
        if isinstance(nested, dict):
            del flat[prefix[:-1]]
            for system, value in nested.items():
                flat[f"{prefix}{system}"] = value
    return flat


def _nest_external_ids(values: dict[str, Any]) -> dict[str, Any]:
    """`external_ids.<system>` and `account_ids.<system>` columns as the API's dicts."""
    for prefix in (EXTERNAL_ID_PREFIX, ACCOUNT_ID_PREFIX):
        nested = {
            key[len(prefix) :]: values.pop(key)
            for key in [k for k in values if k.startswith(prefix)]
        }
        if nested:
            values[prefix[:-1]] = {k: normalise_external_id(k, str(v)) for k, v in nested.items()}
    return values
