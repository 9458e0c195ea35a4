"""What the report pages share: the date range (in the reader's own time zone), names for
emails, and CSV downloads that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.accounts.timezones import zone
from callprep.db import utcnow
from callprep.models import User

PRESETS = (
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("all", "All time"),
)
DEFAULT_PRESET = "30"


@dataclass
class DateRange:
    """[since, until) in UTC, from a preset or the reader's own from/to dates (inclusive)."""

    preset: str | None
    start: date | None  # the dates the reader sees, in their zone
    end: date | None
    since: datetime | None
    until: datetime | None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        for key, words in PRESETS:
            if key == self.preset:
                return words
        if self.start and self.end:
            return f"{_day(self.start)} – {_day(self.end)}"
        if self.start:
            return f"since {_day(self.start)}"
        return f"until {_day(self.end)}" if self.end else "All time"

    @property
    def file_label(self) -> str:
        if self.preset == "all" or (self.start is None and self.end is None):
            return "all-time"
        return f"{self.start or 'start'}-to-{self.end or utcnow().date()}"

    def query_args(self) -> dict[str, str]:
        if self.preset:
            return {"range": self.preset}
        args = {}
        if self.start:
            args["from"] = self.start.isoformat()
        if self.end:
            args["to"] = self.end.isoformat()
        return args


def _day(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def parse_range(args, zone_name: str | None, now: datetime | None = None) -> DateRange:
    """`?range=7|30|90|all`, or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (either may be left out)."""
    now = now or utcnow()
    tz = zone(zone_name)
    errors: dict[str, list[str]] = {}
    start = _date(args.get("from"), "from", errors)
    end = _date(args.get("to"), "to", errors)
    if start and end and start > end:
        errors["to"] = ["must be on or after the start date"]
    preset = args.get("range")
    if errors or (start is None and end is None):
        preset = preset if preset in dict(PRESETS) else DEFAULT_PRESET
        if preset == "all":
            return DateRange(preset, None, None, None, None, errors)
        days = int(preset)
        today = now.astimezone(tz).date()
        start = today - timedelta(days=days - 1)
        since = datetime.combine(start, time(), tz)
        return DateRange(preset, start, today, since, None, errors)
    since = datetime.combine(start, time(), tz) if start else None
    until = datetime.combine(end + timedelta(days=1), time(), tz) if end else None
    return DateRange(None, start, end, since, until, errors)


def _date(value: str | None, name: str, errors: dict[str, list[str]]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = ["must be a date like 2026-11-30"]
        return None


def names_for(session: Session, emails: Iterable[str | None]) -> dict[str, str]:
    """email -> the person's name (or the email, for someone who is not a user)."""
    wanted = {email for email in emails if email}
    if not wanted:
        return {}
    found = dict(session.execute(select(User.email, User.name).where(User.email.in_(wanted))).all())
    return {email: found.get(email) or email for email in wanted}


def _cell(value: object) -> object:
    # A title or campaign from a marketing system must not run as a spreadsheet formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return Response(
        "\ufeff" + buffer.getvalue(),  # a BOM, so Excel reads UTF-8 names correctly
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
