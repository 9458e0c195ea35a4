"""Template filters for the pages: times in words and the deadline badge."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask

from callprep.spoken_time import elapsed


def relative(moment: datetime | None, now: datetime) -> str:
    """'40 minutes ago', 'in 2 hours'."""
    if moment is None:
        return "never"
    delta = now - moment
    if abs(delta) < timedelta(minutes=1):
        return "just now"
    words = elapsed(abs(delta))
    return f"{words} ago" if delta > timedelta(0) else f"in {words}"


def short_time(moment: datetime | None) -> str:
    """A fallback the page script replaces with the reader's local time."""
    return moment.strftime("%b %-d, %H:%M UTC") if moment else ""


def deadline_badge(freshness, now: datetime) -> tuple[str, str]:
    """(css modifier, words) for the follow-up deadline of a brief or queue row."""
    if freshness.follow_up_due_at is None:
        return "stale", "No deadline"
    if getattr(freshness, "followed_up", False):
        return "done", "Followed up"
    if freshness.overdue:
        return "overdue", f"Overdue by {elapsed(now - freshness.follow_up_due_at)}"
    left = freshness.follow_up_due_at - now
    # The badge's colour is the brief's one freshness state, not a second opinion.
    modifier = "due" if left <= timedelta(hours=4) else freshness.status
    return modifier, f"Due in {elapsed(left)}"


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["relative"] = relative
    app.jinja_env.filters["short_time"] = short_time
    app.jinja_env.globals["deadline_badge"] = deadline_badge
