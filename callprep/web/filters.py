"""Template filters for the pages: times in words and the deadline badge."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, has_request_context

from callprep.accounts.timezones import format_date, format_time
from callprep.briefs.formats import readable_fact_value
from callprep.briefs.labels import fact_label
from callprep.spoken_time import elapsed, relative
from callprep.web.session import current_user


def _user_zone() -> str | None:
    if not has_request_context():
        return None
    user = current_user()
    return user.time_zone if user is not None else None


def short_time(moment: datetime | None) -> str:
    """The time in the logged-in user's own zone, e.g. 'Mon Nov 30, 3:20 PM CST'."""
    return format_time(moment, _user_zone())


def local_date(moment: datetime | None) -> str:
    return format_date(moment, _user_zone())


# Red is kept for what cannot wait: a hand-raiser (a person who asked for sales) whose
# deadline has passed. Other overdue leads are late, in amber, so the colour means something.
URGENT_SITUATIONS = frozenset({"hand_raiser"})


def is_urgent(freshness, situation: str | None) -> bool:
    return bool(freshness.overdue) and situation in URGENT_SITUATIONS


def deadline_badge(freshness, now: datetime, situation: str | None = None) -> tuple[str, str]:
    """(css modifier, words) for the follow-up deadline of a brief or queue row."""
    if freshness.follow_up_due_at is None:
        return "stale", "No deadline"
    if getattr(freshness, "followed_up", False):
        return "done", "Followed up"
    if freshness.overdue:
        modifier = "overdue" if is_urgent(freshness, situation) else "late"
        return modifier, f"Overdue by {elapsed(now - freshness.follow_up_due_at)}"
    left = freshness.follow_up_due_at - now
    # The badge's colour is the brief's one freshness state, not a second opinion.
    modifier = "due" if left <= timedelta(hours=4) else freshness.status
    return modifier, f"Due in {elapsed(left)}"


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["relative"] = relative
    app.jinja_env.filters["fact_label"] = fact_label
    app.jinja_env.globals["readable_fact_value"] = readable_fact_value
    app.jinja_env.filters["short_time"] = short_time
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.globals["deadline_badge"] = deadline_badge
    app.jinja_env.globals["is_urgent"] = is_urgent
