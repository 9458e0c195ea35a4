"""Dates as marketing systems write them, read by one parser.

- ISO 8601 with an offset: `2026-11-22T09:15:00+00:00`, `...Z`, and Marketo's `+0000`;
- epoch seconds or milliseconds, as JSON numbers or digit strings (HubSpot writes date
  properties as millisecond strings): a value of 10^11 or more is milliseconds (10^11
  seconds would be the year 5138);
- Mautic's `Y-m-d H:i:s`, which Mautic keeps in UTC: only where the caller says the sender
  means UTC (`naive_utc=True`); elsewhere a time without an offset is refused, since it
  could be any zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields

from callprep.validation import plausible_datetime

_EPOCH = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")
_MS_FROM = 10**11


class NotADate(ValueError):
    """The value is no date any supported vendor writes."""


def parse_vendor_datetime(value: Any, *, naive_utc: bool = False) -> datetime:
    """An aware datetime, or NotADate saying what is wrong (never echoing the value)."""
    if isinstance(value, bool) or value is None:
        raise NotADate("Not a valid datetime.")
    if isinstance(value, int | float) or (isinstance(value, str) and _EPOCH.match(value)):
        number = float(value)
        if number < 0:
            raise NotADate("A timestamp before 1970 is not accepted.")
        seconds = number / 1000 if number >= _MS_FROM else number
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError) as error:
            raise NotADate("The timestamp is out of range.") from error
    if not isinstance(value, str) or not value.strip():
        raise NotADate("Not a valid datetime.")
    text = value.strip()
    if len(text) > 40:
        raise NotADate("Not a valid datetime.")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise NotADate("Not a valid datetime.") from error
    if moment.tzinfo is None or moment.utcoffset() is None:
        if not naive_utc:
            raise NotADate("Not a valid aware datetime: give a UTC offset (e.g. +00:00).")
        moment = moment.replace(tzinfo=UTC)
    return moment


class VendorDateTime(fields.AwareDateTime):
    """An aware datetime field that also reads epoch seconds/milliseconds and `+0000`, within
    the plausible range (callprep.validation), stored in UTC."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            moment = parse_vendor_datetime(value)
        except NotADate as error:
            raise ma.ValidationError(str(error)) from error
        try:
            return plausible_datetime(moment)
        except ValueError as error:
            raise ma.ValidationError(f"{value!s:.40} {error}") from error
