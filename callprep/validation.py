"""One validation layer for what comes in: text, numbers, dates and JSON, for every entry
point (API schemas and query arguments, web forms, webhooks, imports, the CLI).

Input that no person means (NUL, lone surrogates, JSON nested thousands deep, a number with
hundreds of digits, a date in 2206) is refused here with a message naming the field, before it
can reach the database, the brief or a log."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import marshmallow as ma
from flask import current_app, has_app_context
from marshmallow import fields

# The defaults of CALLPREP_MAX_FUTURE_HOURS and CALLPREP_MIN_DATE (config.py reads them).
DEFAULT_MAX_FUTURE_HOURS = 24
DEFAULT_MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)

# Deeper JSON than this is no document a person or a CRM sends.
MAX_JSON_DEPTH = 64
# A 64-bit signed integer: what every id and count column holds.
MAX_INT = 2**63 - 1
# Enough for any id or count, far below Python's 4,300-digit conversion limit.
MAX_INT_DIGITS = 19


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None: NUL (PostgreSQL refuses it) and lone
    surrogates (no UTF-8 encoding) are never typed by a person."""
    if "\x00" in value:
        return "must not contain NUL (\\u0000) characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must not contain lone surrogates (invalid Unicode)"
    return None


def validate_text(value: str) -> None:
    """A marshmallow validator for text fields."""
    problem = text_problem(value)
    if problem:
        raise ma.ValidationError(problem)


def date_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """(earliest, latest) plausible moment, from the app's settings when there is an app."""
    max_hours, min_date = DEFAULT_MAX_FUTURE_HOURS, DEFAULT_MIN_DATE
    if has_app_context():
        max_hours = current_app.config.get("MAX_FUTURE_HOURS", max_hours)
        min_date = current_app.config.get("MIN_DATE", min_date)
    now = now or datetime.now(UTC)
    return min_date, now + timedelta(hours=max_hours)


def plausible_datetime(value: datetime) -> datetime:
    """``value`` in UTC, or ValueError when it is before CALLPREP_MIN_DATE, more than
    CALLPREP_MAX_FUTURE_HOURS ahead, or not representable in UTC at all."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a UTC offset")
    try:
        in_utc = value.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError("is out of range once converted to UTC") from error
    earliest, latest = date_bounds()
    if in_utc < earliest:
        raise ValueError(f"is before {earliest.date().isoformat()}, which cannot be right")
    if in_utc > latest:
        raise ValueError(f"is more than {_hours(latest)} hours in the future")
    return in_utc


def _hours(latest: datetime) -> int:
    return round((latest - datetime.now(UTC)) / timedelta(hours=1))


class PlausibleDateTime(fields.AwareDateTime):
    """An ISO 8601 moment with a UTC offset, within the plausible range (stored in UTC)."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return plausible_datetime(moment)
        except ValueError as error:
            raise ma.ValidationError(f"{value!s:.40} {error}") from error


class BoundedInteger(fields.Integer):
    """An integer that fits a 64-bit column; huge or non-finite numbers are refused."""

    def _validated(self, value):
        if isinstance(value, float) and not math.isfinite(value):
            raise self.make_error("invalid")
        if isinstance(value, str) and len(value.strip().lstrip("+-")) > MAX_INT_DIGITS:
            raise self.make_error("invalid")
        try:
            number = super()._validated(value)
        except OverflowError as error:
            raise self.make_error("invalid") from error
        if number is not None and abs(number) > MAX_INT:
            raise self.make_error("invalid")
        return number


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: %, _ and \\ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------- JSON


class InputError(ValueError):
    """Input refused by this layer; ``path`` names where in the document (keys and indexes)."""

    def __init__(self, message: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def errors(self) -> dict:
        """The API's error shape: ``{"0": {"comment": [message]}}`` for ``[{"comment": ...}]``."""
        errors: dict = {self.path[-1] if self.path else "_schema": [self.message]}
        for key in reversed(self.path[:-1]):
            errors = {key: errors}
        return errors


def loads(text: str | bytes) -> Any:
    """json.loads for untrusted input: depth-limited, no NaN/Infinity, no huge numbers, no
    NUL or lone surrogates in any string or key. Raises InputError (a ValueError)."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8")  # UnicodeDecodeError is a ValueError too
    _check_depth(text)
    try:
        value = json.loads(
            text, parse_constant=_refuse_constant, parse_int=_int, parse_float=_float
        )
    except RecursionError as error:  # pragma: no cover - _check_depth stops this first
        raise InputError(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels") from error
    check_strings(value)
    return value


def _check_depth(text: str) -> None:
    """Refuse documents nested deeper than MAX_JSON_DEPTH before parsing them (the C parser
    and every walk over the result would recurse once per level)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InputError(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels")
        elif char in "]}":
            depth -= 1


def _refuse_constant(name: str) -> Any:
    raise InputError(f"{name} is not a number JSON allows")


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise InputError(f"the number {literal[:20]}... has more than {MAX_INT_DIGITS} digits")
    return int(literal)


def _float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise InputError(f"the number {literal[:20]} is out of range")
    return value


def check_strings(value: Any) -> None:
    """InputError naming the path of the first key or string that cannot be text."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                raise InputError(f"{'.'.join(where) or 'the value'} {problem}", where)
        elif isinstance(item, dict):
            for key, child in item.items():
                problem = text_problem(key)
                if problem:
                    raise InputError(f"a key {problem}", where)
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, str(index))) for index, child in enumerate(item))
