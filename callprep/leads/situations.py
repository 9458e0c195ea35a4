"""What kind of call this is, how fresh the lead is, when to call and how urgent it is.

Pure functions over a lead's activity summary (``callprep.models.LeadActivity``) and the time
now: no database, no Flask. Every number is a setting (``callprep.config.BriefSettings``, from
the environment's ``CALLPREP_BRIEF_*`` or the app config's ``BRIEF_SETTINGS``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from callprep.config import BriefSettings
from callprep.spoken_time import elapsed, relative


@dataclass(frozen=True)
class Freshness:
    last_interaction_at: datetime | None
    hours_since_last: float | None
    status: str  # fresh | aging | stale
    follow_up_due_at: datetime | None
    overdue: bool
    # The moment that set the deadline (the hand-raise, or the latest meaningful interaction)
    # and whether an outcome was logged since it.
    anchor_at: datetime | None = None
    followed_up: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "last_interaction_at": self.last_interaction_at,
            "hours_since_last": self.hours_since_last,
            "status": self.status,
            "follow_up_due_at": self.follow_up_due_at,
            "overdue": self.overdue,
        }


def _within(moment: datetime | None, window: timedelta, now: datetime) -> bool:
    return moment is not None and now - window <= moment <= now


def situation_of(activity: Any, now: datetime, settings: BriefSettings) -> str:
    """First match wins: hand_raiser, event_attendee, re_engaged, researcher, cold."""
    if activity is None:
        return "cold"
    if _within(activity.hand_raise_at, settings.hand_raise_window, now):
        return "hand_raiser"
    if _within(activity.event_at, settings.event_window, now):
        return "event_attendee"
    if _within(activity.reengaged_at, settings.re_engaged_window, now):
        return "re_engaged"
    if _within(activity.download_at, settings.research_window, now) or _within(
        activity.third_meaningful_at, settings.research_window, now
    ):
        return "researcher"
    return "cold"


def freshness_of(
    activity: Any, situation: str, now: datetime, settings: BriefSettings
) -> Freshness:
    """Hours since the last meaningful interaction, and the deadline the situation sets.

    The fresh/aging/stale bands are measured from the moment that set the deadline: the
    latest hand-raise for a hand-raiser, the latest meaningful interaction otherwise."""
    last = activity.last_meaningful_at if activity is not None else None
    hours = round((now - last).total_seconds() / 3600, 1) if last is not None else None
    if situation == "cold" or activity is None:
        return Freshness(last, hours, "stale", None, False)
    if situation == "hand_raiser":
        anchor = activity.hand_raise_at
        due, fresh, aging = (
            settings.hand_raiser_due,
            settings.hand_raiser_fresh,
            settings.hand_raiser_aging,
        )
    else:
        anchor = last
        due, fresh, aging = (
            settings.follow_up_due,
            settings.follow_up_fresh,
            settings.follow_up_aging,
        )
    age = now - anchor
    status = "fresh" if age <= fresh else "aging" if age <= aging else "stale"
    due_at = anchor + due
    followed_up = activity.last_outcome_at is not None and activity.last_outcome_at >= anchor
    overdue = now > due_at and not followed_up
    if overdue and status == "fresh":
        status = "aging"  # one state per brief: a lead past its deadline is no longer fresh
    return Freshness(last, hours, status, due_at, overdue, anchor, followed_up)


# Queue order: overdue hand-raisers, then the nearest deadline, then recency, then engagement;
# leads already called since their deadline was set go below everyone still waiting.
_FAR_FUTURE = datetime.max.timestamp()


def queue_sort_key(
    situation: str,
    freshness: Freshness,
    meaningful_count: int,
    now: datetime | None = None,
) -> tuple[int, int, int, float, float, int]:
    """The queue follows the priority it shows: the score first (given ``now``), then
    overdue hand-raisers, the nearest deadline, recency and engagement."""
    waiting = 1 if freshness.followed_up else 0
    score = priority_of(situation, freshness, meaningful_count, now, None).score if now else 0
    overdue_hand_raiser = 0 if (situation == "hand_raiser" and freshness.overdue) else 1
    due = freshness.follow_up_due_at.timestamp() if freshness.follow_up_due_at else _FAR_FUTURE
    last = freshness.last_interaction_at.timestamp() if freshness.last_interaction_at else 0.0
    return (waiting, -score, overdue_hand_raiser, due, -last, -meaningful_count)


_SITUATION_BASE = {
    "hand_raiser": 60,
    "event_attendee": 40,
    "re_engaged": 35,
    "researcher": 30,
    "cold": 0,
}


@dataclass(frozen=True)
class Priority:
    score: int
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "reasons": list(self.reasons)}


def ago(moment: datetime, now: datetime) -> str:
    """'40 minutes ago'; a moment not yet past is 'just now'."""
    return relative(min(moment, now), now)


def deadline_words(freshness: Freshness, now: datetime) -> str | None:
    if freshness.follow_up_due_at is None:
        return None
    if freshness.followed_up:
        return "followed up: an outcome is logged"
    if freshness.overdue:
        return f"overdue by {elapsed(now - freshness.follow_up_due_at)}"
    return f"due in {elapsed(freshness.follow_up_due_at - now)}"


def priority_of(
    situation: str,
    freshness: Freshness,
    meaningful_count: int,
    now: datetime,
    why: str | None,
) -> Priority:
    """A 0-100 score for sorting at a glance, and its reasons in words.

    ``why`` is the situation in the lead's terms ("asked for a demo 40 minutes ago")."""
    score = _SITUATION_BASE[situation]
    if freshness.follow_up_due_at is not None and not freshness.followed_up:
        left = (freshness.follow_up_due_at - now).total_seconds() / 3600
        # The nearer (or further past) the deadline, the more it matters, up to 25 points.
        score += 25 if left <= 0 else max(0, round(25 - left / 2))
    score += {"fresh": 10, "aging": 5, "stale": 0}[freshness.status]
    score += min(5, meaningful_count // 5)
    if freshness.followed_up:
        score //= 3
    reasons = [reason for reason in (why, deadline_words(freshness, now)) if reason]
    if situation == "cold" and not reasons:
        reasons.append("no recent activity")
    return Priority(min(100, max(0, score)), reasons)
