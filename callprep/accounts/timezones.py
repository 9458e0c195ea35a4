"""A user's own time zone: every time on the pages is shown in it, the same way everywhere.

Detected from the browser at the first login (the login form carries
`Intl.DateTimeFormat().resolvedOptions().timeZone`), changeable on the account page. Until
then, UTC."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy.orm import Session

from callprep.errors import InvalidInput
from callprep.models import User

DEFAULT_ZONE = "UTC"


@functools.cache
def zone_names() -> tuple[str, ...]:
    """IANA zone names a person would pick ("Europe/Berlin"), sorted; UTC first."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return (DEFAULT_ZONE, *sorted(names))


def valid_zone(name: str | None) -> str | None:
    """The zone name if it is one we know, else None."""
    name = (name or "").strip()
    if not name or len(name) > 64:
        return None
    if name == DEFAULT_ZONE or name in zone_names():
        return name
    return None


def zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(valid_zone(name) or DEFAULT_ZONE)
    except ZoneInfoNotFoundError:  # a system without tzdata and without the package
        return UTC


def set_time_zone(session: Session, user: User, name: str) -> User:
    found = valid_zone(name)
    if found is None:
        raise InvalidInput(
            "time_zone must be an IANA zone such as Europe/Berlin",
            errors={"time_zone": [name]},
        )
    user.time_zone = found
    session.flush()
    return user


def detect_time_zone(session: Session, user: User, detected: str | None) -> None:
    """At login: keep the browser's zone if the user has none yet (a choice is never
    overwritten)."""
    if user.time_zone is None and valid_zone(detected):
        user.time_zone = valid_zone(detected)
        session.flush()


def format_time(moment: datetime | None, zone_name: str | None) -> str:
    """'Mon Nov 30, 3:20 PM CST': one format for every page."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone(zone_name))
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%a %b} {local.day}, {hour}:{local:%M %p} {local.tzname()}"


def format_date(moment: datetime | None, zone_name: str | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone(zone_name))
    return f"{local:%b} {local.day}, {local.year}"
