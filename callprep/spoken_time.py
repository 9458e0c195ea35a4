"""Times as a rep says them: precise elapsed times, and the dates a lead wrote resolved.

``elapsed(delta)`` is "20 days", never "a month" for 16-29 days. ``resolve_time_ref`` turns the
relative expression in a fact ("this week", "by Dec 15", "in two weeks", "before Q3") into an
absolute date range, against the interaction's own ``occurred_at``; it runs at ingest (it uses
dateparser), and the result is stored with the fact. ``speak_time_ref`` then says that range
relative to now ("by the 15th", "next Tuesday", "this week" only while it still is), and says
nothing when the range is already over: a past date is never spoken as future."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import humanize

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2,
    "a couple of": 2, "few": 3, "a few": 3,
}  # fmt: skip
_MONTHS = {
    name.lower(): n
    for n in range(1, 13)
    for name in (calendar.month_name[n], calendar.month_abbr[n], calendar.month_abbr[n] + ".")
}
_MONTHS["sept"] = 9
_WEEKDAYS = {
    name.lower(): n
    for n in range(7)
    for name in (calendar.day_name[n], calendar.day_abbr[n], calendar.day_abbr[n] + ".")
}


def elapsed(delta: timedelta) -> str:
    """A precise duration: "40 minutes", "5 hours", "a day", "20 days", "3 months"."""
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return "a minute" if minutes == 1 else f"{minutes} minutes"
    if seconds < 86400:
        hours = round(seconds / 3600)
        return "an hour" if hours == 1 else f"{hours} hours" if hours < 24 else "a day"
    days = round(seconds / 86400)
    if days < 2:
        return "a day"
    if days < 60:
        return f"{days} days"
    if days < 365:
        return f"{round(days / 30.44)} months"
    years = days / 365.25
    return humanize.naturaldelta(timedelta(days=days)) if years < 2 else f"{int(years)} years"


def relative(moment: datetime | None, now: datetime) -> str:
    """'40 minutes ago', 'in 2 hours', 'just now' (within a minute), 'never' (None): the
    precise written form, with ``elapsed``'s numbers. Talk tracks speak calendar words
    instead (``trackengine.phrasing.relative_time``: "yesterday", "last Tuesday")."""
    if moment is None:
        return "never"
    delta = now - moment
    if abs(delta) < timedelta(minutes=1):
        return "just now"
    words = elapsed(abs(delta))
    return f"{words} ago" if delta > timedelta(0) else f"in {words}"


@dataclass(frozen=True)
class TimeRef:
    """An absolute date range a fact's words point at, and where those words sit in it."""

    start: date
    end: date
    grain: str  # day | week | month | quarter | year
    span: tuple[int, int]  # the expression's offsets in the fact value

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "grain": self.grain,
            "span": list(self.span),
        }

    @classmethod
    def from_dict(cls, raw: Any) -> TimeRef | None:
        if not isinstance(raw, dict):
            return None
        try:
            start, end = date.fromisoformat(raw["start"]), date.fromisoformat(raw["end"])
            span = (int(raw["span"][0]), int(raw["span"][1]))
            return cls(start, end, str(raw["grain"]), span)
        except (KeyError, TypeError, ValueError, IndexError):
            return None


_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
    r"(?:a )?couple(?: of)?|(?:a )?few)"  # fmt: skip
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # fmt: skip
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
_EXPRESSIONS = re.compile(
    r"\b(?:"
    rf"(?P<in>(?:in|within) (?:the next )?(?P<n>{_NUM}) (?P<unit>day|week|month|year)s?)"
    r"|(?P<rel>(?:(?P<which>this|next|last)|(?P<endof>end of(?: the)?)) "
    r"(?P<period>week|month|quarter|year|fiscal year|fy))"
    rf"|(?P<wd>(?:(?P<wdwhich>this|next|coming) )?(?P<wdname>{_WEEKDAY}))"
    r"|(?P<q>q(?P<qn>[1-4])(?:\s*(?:fy)?'?(?P<qy>(?:20)?\d{2}))?)"
    rf"|(?P<md>(?P<mdm>{_MONTH}) (?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<mdy>20\d{{2}}))?)"
    rf"|(?P<dm>(?:the )?(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<dmm>{_MONTH})"
    r"(?:,? (?P<dmy>20\d{2}))?)"
    rf"|(?P<mo>(?P<mom>{_MONTH})(?: (?P<moy>20\d{{2}}))?)"
    r"|(?P<today>today|tonight|tomorrow|eod|end of (?:the )?day)"
    r")\b",
    re.IGNORECASE,
)
# "may" is also a verb: a month name alone counts only after a time word.
_MONTH_LEAD = re.compile(
    r"(?:\b(?:in|by|before|until|till|from|after|early|late|mid|end of|start of|since|"
    r"around|for|during|opens?|closes?|of)\s*-?\s*)$",
    re.IGNORECASE,
)


def _dateparser_day(text: str, base: datetime) -> date | None:
    import dateparser  # imported here: ingest needs it, a brief never does

    settings = {
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def resolve_time_ref(value: str | None, occurred_at: datetime) -> TimeRef | None:
    """The first time expression in ``value``, as dates, relative to ``occurred_at``."""
    if not value:
        return None
    base = occurred_at.date()
    for match in _EXPRESSIONS.finditer(value):
        found = _resolve(match, base, occurred_at, value)
        if found is not None:
            start, end, grain = found
            # "end of the quarter": the words "end of" stay; "quarter" is re-said.
            span = (match.start("period"), match.end()) if match["endof"] else match.span()
            return TimeRef(start, end, grain, span)
    return None


def _resolve(  # noqa: PLR0911, PLR0912 - one branch per kind of expression
    match: re.Match, base: date, occurred_at: datetime, value: str
) -> tuple[date, date, str] | None:
    groups = match.groupdict()
    if groups["in"]:
        n = _NUMBER_WORDS.get(groups["n"].lower())
        n = int(groups["n"]) if n is None and groups["n"].isdigit() else n
        if not n:
            return None
        unit = groups["unit"].lower()
        day = _dateparser_day(f"in {n} {unit}s", occurred_at)
        return (base, day, "day") if day is not None else None
    if groups["rel"]:
        shift = {"this": 0, "next": 1, "last": -1}[(groups["which"] or "this").lower()]
        period = groups["period"].lower()
        if period == "week":
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=shift)
            return monday, monday + timedelta(days=6), "week"
        if period == "month":
            month_index = base.year * 12 + base.month - 1 + shift
            return (*_month_range(month_index // 12, month_index % 12 + 1), "month")
        if period == "quarter":
            q_index = base.year * 4 + (base.month - 1) // 3 + shift
            year, q = q_index // 4, q_index % 4
            return date(year, q * 3 + 1, 1), _month_range(year, q * 3 + 3)[1], "quarter"
        if period == "year":
            year = base.year + shift
            return date(year, 1, 1), date(year, 12, 31), "year"
        return None  # fiscal years differ by company: not resolved
    if groups["wd"]:
        target = _WEEKDAYS.get(groups["wdname"].lower().rstrip(".")) if groups["wdname"] else None
        if target is None:
            target = next(
                (n for name, n in _WEEKDAYS.items() if groups["wdname"].lower().startswith(name)),
                None,
            )
        if target is None:
            return None
        ahead = (target - base.weekday()) % 7 or 7
        same_week = (base + timedelta(days=ahead)).isocalendar()[:2] == base.isocalendar()[:2]
        if (groups["wdwhich"] or "").lower() == "next" and same_week:
            ahead += 7  # "next Tuesday" said on a Monday is the Tuesday after tomorrow
        day = base + timedelta(days=ahead)
        return day, day, "day"
    if groups["q"]:
        q = int(groups["qn"])
        year = base.year
        if groups["qy"]:
            year = int(groups["qy"]) if len(groups["qy"]) == 4 else 2000 + int(groups["qy"])
        elif _month_range(year, q * 3)[1] < base:
            year += 1  # "Q1" written in May is next year's
        return date(year, (q - 1) * 3 + 1, 1), _month_range(year, q * 3)[1], "quarter"
    if groups["md"] or groups["dm"]:
        month_name = (groups["mdm"] or groups["dmm"]).lower().rstrip(".")
        day_text = groups["mdd"] or groups["dmd"]
        year_text = groups["mdy"] or groups["dmy"]
        month = _MONTHS.get(month_name) or _MONTHS.get(month_name[:3])
        if month is None:
            return None
        year = int(year_text) if year_text else base.year
        try:
            day = date(year, month, int(day_text))
        except ValueError:
            return None
        if not year_text and day < base - timedelta(days=60):
            day = day.replace(year=year + 1)  # "Jan 10" written in December
        return day, day, "day"
    if groups["mo"]:
        before = value[: match.start()]
        if not _MONTH_LEAD.search(before) and groups["mom"].lower() == "may":
            return None
        if not _MONTH_LEAD.search(before) and not groups["moy"]:
            return None
        month = _MONTHS.get(groups["mom"].lower().rstrip(".")) or _MONTHS.get(
            groups["mom"].lower()[:3]
        )
        if month is None:
            return None
        year = int(groups["moy"]) if groups["moy"] else base.year
        if not groups["moy"] and _month_range(year, month)[1] < base:
            year += 1
        return (*_month_range(year, month), "month")
    if groups["today"]:
        word = groups["today"].lower()
        day = base + timedelta(days=1) if word == "tomorrow" else base
        return day, day, "day"
    return None


def _ordinal(n: int) -> str:
    return humanize.ordinal(n)


def _far_year(start: date, today: date) -> str:
    # "in March" in November means the coming March; the year is said only when it is far.
    return f" {start.year}" if (start - today).days > 270 else ""


def speak_range(ref: TimeRef, now: datetime) -> str | None:
    """``ref`` said relative to ``now``; None once it is over (never a past date as future)."""
    today = now.date()
    if ref.end < today:
        return None
    if ref.grain == "day":
        day = ref.end
        gap = (day - today).days
        if gap == 0:
            return "today"
        if gap == 1:
            return "tomorrow"
        if gap < 7:
            same_week = day.isocalendar()[:2] == today.isocalendar()[:2]
            return f"{'on' if same_week else 'next'} {calendar.day_name[day.weekday()]}"
        if (day.year, day.month) == (today.year, today.month):
            return f"the {_ordinal(day.day)}"
        year = f", {day.year}" if gap > 270 else ""
        return f"{calendar.month_name[day.month]} {day.day}{year}"
    if ref.grain == "week":
        if ref.start <= today:
            return "this week"
        if (ref.start - today).days < 7:
            return "next week"
        return f"the week of {calendar.month_name[ref.start.month]} {ref.start.day}"
    if ref.grain == "month":
        if ref.start <= today:
            return "this month"
        if (ref.start.year * 12 + ref.start.month) - (today.year * 12 + today.month) == 1:
            return "next month"
        return calendar.month_name[ref.start.month] + _far_year(ref.start, today)
    if ref.grain == "quarter":
        q = (ref.start.month - 1) // 3 + 1
        if ref.start <= today:
            return "this quarter"
        return f"Q{q}" + _far_year(ref.start, today)
    if ref.grain == "year":
        if ref.start <= today:
            return "this year"
        return "next year" if ref.start.year == today.year + 1 else str(ref.start.year)
    return None


def speak_time_ref(value: str, ref: TimeRef | None, now: datetime) -> str | None:
    """``value`` with its time expression re-said relative to ``now``.

    "in two weeks" written ten days ago → "by Thursday"; "this week" from last week → None
    (it is over); a value without a resolved expression is returned as it is."""
    if ref is None:
        return value
    spoken = speak_range(ref, now)
    if spoken is None:
        return None
    start, end = ref.span
    before, expression, after = value[:start], value[start:end], value[end:]
    if before.lower().endswith("the ") and spoken.startswith(("this ", "next ")):
        before = before[: -len("the ")]
    lead_word = before.rstrip().rsplit(" ", 1)[-1].lower() if before.strip() else ""
    relative = expression.lower().startswith(("in ", "within "))
    if ref.grain == "day" and spoken not in ("today", "tomorrow"):
        if relative:
            spoken = f"by {spoken}"  # "in two weeks" → "by December 9"
        elif lead_word not in _DAY_PREPOSITIONS and not spoken.startswith(("on ", "next ")):
            spoken = f"on {spoken}"  # "RFP closes Dec 15" → "RFP closes on December 15"
    if lead_word == "on" and (
        spoken in ("today", "tomorrow") or spoken.startswith(("on ", "next "))
    ):
        before = before.rstrip()[: -len("on")]
    return re.sub(r"\s+", " ", f"{before}{spoken}{after}").strip()


_DAY_PREPOSITIONS = frozenset({"by", "on", "before", "until", "till", "after", "from", "since"})
