"""Demo times are written relative to the load ("40m", "3h", "2d", "11w"): the demo stays fresh."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_AGO = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_ago(value: str, now: datetime) -> datetime:
    match = _AGO.match(value)
    if match is None:
        raise ValueError(f"bad relative time {value!r}: use 40m, 3h, 2d or 11w")
    return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
