"""A user's alert settings: the channels and their targets, quiet hours, the digest window.

Quiet hours are read in the user's own time zone (``users.time_zone``, UTC until set): an
alert landing in them waits for their end. Without saved settings a user is alerted by email
at their own address when SMTP is configured, and not at all otherwise."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from callprep.accounts.timezones import DEFAULT_ZONE, valid_zone
from callprep.errors import InvalidInput
from callprep.models import AlertPreference, User
from callprep.models.alerts import CHANNEL_KINDS
from callprep.routing.assignments import sees_unassigned

MAX_CHANNELS = 5
MAX_DIGEST_SECONDS = 3600
DEFAULT_DIGEST_SECONDS = 60
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


@dataclass(frozen=True)
class Channel:
    kind: str
    target: str
    secret: str | None = None

    def as_dict(self) -> dict[str, Any]:
        shown = {"kind": self.kind, "target": self.target}
        if self.secret:
            shown["secret"] = self.secret
        return shown


@dataclass(frozen=True)
class Preferences:
    enabled: bool = True
    channels: tuple[Channel, ...] = ()
    quiet_start: str | None = None
    quiet_end: str | None = None
    digest_seconds: int = DEFAULT_DIGEST_SECONDS
    priority_alerts: bool = False
    unassigned: bool = False
    time_zone: str = DEFAULT_ZONE
    saved: bool = False
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "enabled": self.enabled,
            "channels": [channel.as_dict() for channel in self.channels],
            "digest_seconds": self.digest_seconds,
            "priority_alerts": self.priority_alerts,
            "unassigned": self.unassigned,
            "time_zone": self.time_zone,
            "saved": self.saved,
        }
        if self.quiet_start and self.quiet_end:  # left out when there are none
            shown["quiet_hours"] = {"start": self.quiet_start, "end": self.quiet_end}
        return shown


def preferences_of(session: Session, user: User, smtp_configured: bool) -> Preferences:
    """The settings in force for ``user`` (saved ones, else the email default)."""
    zone = user.time_zone or DEFAULT_ZONE
    row = session.get(AlertPreference, user.id)
    if row is None:
        default = (Channel("email", user.email),) if smtp_configured else ()
        return Preferences(channels=default, time_zone=zone)
    return Preferences(
        enabled=row.enabled,
        channels=tuple(Channel(**item) for item in row.channels or ()),
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        digest_seconds=row.digest_seconds,
        priority_alerts=row.priority_alerts,
        unassigned=row.unassigned,
        time_zone=zone,
        saved=True,
    )


def save_preferences(session: Session, user: User, values: dict[str, Any]) -> AlertPreference:
    """Validate and store ``values`` (the API's shape); an invalid field raises InvalidInput
    naming it, and nothing is stored. A webhook channel without a secret gets a new one."""
    errors: dict[str, list[str]] = {}
    row = session.get(AlertPreference, user.id)
    old_secrets = {
        item["target"]: item.get("secret") for item in (row.channels if row else []) or ()
    }
    channels = _channels(values.get("channels") or [], old_secrets, errors)
    quiet = values.get("quiet_hours") or None
    start = end = None
    if quiet:
        start, end = (quiet.get("start") or "").strip(), (quiet.get("end") or "").strip()
        for name, value in (("start", start), ("end", end)):
            if not _CLOCK.match(value):
                errors.setdefault(f"quiet_hours.{name}", []).append("a time as HH:MM (24 h)")
        if start and start == end:
            errors.setdefault("quiet_hours.end", []).append("must differ from the start")
    digest = values.get("digest_seconds", DEFAULT_DIGEST_SECONDS)
    if (
        not isinstance(digest, int)
        or isinstance(digest, bool)
        or not (0 <= digest <= MAX_DIGEST_SECONDS)
    ):
        errors.setdefault("digest_seconds", []).append(
            f"whole seconds between 0 and {MAX_DIGEST_SECONDS}"
        )
    if values.get("unassigned") and not sees_unassigned(user):
        errors.setdefault("unassigned", []).append(
            "only admins and the reps of a routing pool are alerted for unowned leads"
        )
    if errors:
        raise InvalidInput("invalid alert settings", errors=errors)
    if row is None:
        row = AlertPreference(user_id=user.id)
        session.add(row)
    row.enabled = bool(values.get("enabled", True))
    row.channels = [channel.as_dict() for channel in channels]
    row.quiet_start, row.quiet_end = start, end
    row.digest_seconds = digest
    row.priority_alerts = bool(values.get("priority_alerts", False))
    row.unassigned = bool(values.get("unassigned", False))
    session.flush()
    return row


def _channels(
    items: list[dict[str, Any]], old_secrets: dict[str, str | None], errors: dict
) -> list[Channel]:
    if len(items) > MAX_CHANNELS:
        errors.setdefault("channels", []).append(f"at most {MAX_CHANNELS} channels")
        return []
    found = []
    for index, item in enumerate(items):
        kind = (item.get("kind") or "").strip().lower()
        target = (item.get("target") or "").strip()
        where = f"channels.{index}"
        if kind not in CHANNEL_KINDS:
            errors.setdefault(f"{where}.kind", []).append(f"one of {', '.join(CHANNEL_KINDS)}")
            continue
        problem = target_problem(kind, target)
        if problem:
            errors.setdefault(f"{where}.target", []).append(problem)
            continue
        secret = None
        if kind == "webhook":
            secret = (item.get("secret") or "").strip() or old_secrets.get(target)
            if secret and not 16 <= len(secret) <= 100:
                errors.setdefault(f"{where}.secret", []).append("16 to 100 characters")
                continue
            secret = secret or secrets.token_urlsafe(32)
        found.append(Channel(kind, target, secret))
    return found


def target_problem(kind: str, target: str) -> str | None:
    """Why ``target`` cannot be this channel's target (None: it can)."""
    if not target or len(target) > 500:
        return "required, at most 500 characters"
    if kind == "email":
        _name, address = parseaddr(target)
        if address != target or not _EMAIL.match(target):
            return "an email address"
        return None
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an http:// or https:// address"
    if any(ch.isspace() for ch in target):
        return "an address without spaces"
    return None


def quiet_until(prefs: Preferences, now: datetime) -> datetime | None:
    """When the user's quiet hours end, if ``now`` is inside them (else None)."""
    if not (prefs.quiet_start and prefs.quiet_end):
        return None
    zone = ZoneInfo(valid_zone(prefs.time_zone) or DEFAULT_ZONE)
    local = now.astimezone(zone)
    start, end = _clock(prefs.quiet_start), _clock(prefs.quiet_end)
    at = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= at < end
        end_day = local.date()
    else:  # across midnight: 22:00-07:00
        inside = at >= start or at < end
        end_day = local.date() + timedelta(days=1) if at >= start else local.date()
    if not inside:
        return None
    # Local wall time, then back to UTC (a DST gap or fold moves it by the zone's rules).
    return datetime.combine(end_day, end, tzinfo=zone).astimezone(now.tzinfo)


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))
