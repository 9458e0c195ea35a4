"""When a lead's analysis is committed: does it call for an alert, and for whom?

A lead that *became* a hand-raiser (its latest hand-raise, not yet alerted, recent enough to
act on) alerts its owner once per hand-raise; a researcher whose priority reaches
``ALERT_PRIORITY_THRESHOLD`` (off unless set) alerts once per research window. The alert's
words come from the brief the rep will open (built, not recorded)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callprep.alerts.preferences import Preferences, preferences_of
from callprep.briefs.build import Brief, build_brief
from callprep.config import current_brief_settings
from callprep.db import upsert_ignoring_conflicts, utcnow
from callprep.leads.situations import freshness_of, priority_of, situation_of
from callprep.models import Alert, AlertPreference, Lead, LeadActivity, User

log = logging.getLogger("callprep.alerts")


@dataclass(frozen=True)
class Trigger:
    reason: str  # hand_raise | priority
    key: str


def trigger_for(session: Session, lead_id: int, config: Mapping, now: datetime) -> Trigger | None:
    """The alert this lead's current state calls for, if any (no recipient checked yet)."""
    activity = session.get(LeadActivity, lead_id)
    if activity is None:
        return None
    settings = current_brief_settings(config)
    situation = situation_of(activity, now, settings)
    freshness = freshness_of(activity, situation, now, settings)
    if situation == "hand_raiser":
        # An old hand-raise imported today is history, not news; one already called is done.
        if activity.hand_raise_at < now - settings.hand_raiser_aging or freshness.followed_up:
            return None
        return Trigger("hand_raise", f"hand_raise:{activity.hand_raise_id}")
    threshold = config.get("ALERT_PRIORITY_THRESHOLD")
    if threshold is None or situation != "researcher" or freshness.followed_up:
        return None
    score = priority_of(situation, freshness, activity.meaningful_count, now, None).score
    if score < threshold:
        return None
    since = now - settings.research_window
    alerted = session.scalar(
        select(func.count(Alert.id)).where(
            Alert.lead_id == lead_id, Alert.reason == "priority", Alert.created_at >= since
        )
    )
    return None if alerted else Trigger("priority", f"priority:{lead_id}:{now:%Y%m%d%H%M}")


def recipients(session: Session, lead: Lead) -> list[User]:
    """Who is told about this lead: its owner; a lead without an owner (or whose owner is no
    active user), those who see it in the unassigned queue and asked for unowned leads: the
    admins, and the reps of its routing pool (a lead in no pool is every pool's)."""
    if lead.owner_email:
        owner = session.scalar(
            select(User).where(User.email == lead.owner_email, User.active.is_(True))
        )
        if owner is not None:
            return [owner]
    pool_reps = (User.role == "rep") & User.routing_pool.is_not(None) & (User.away.is_(False))
    if lead.routing_pool is not None:
        pool_reps = pool_reps & (User.routing_pool == lead.routing_pool)
    return list(
        session.scalars(
            select(User)
            .join(AlertPreference, AlertPreference.user_id == User.id)
            .where(
                (User.role == "admin") | pool_reps,
                User.active.is_(True),
                AlertPreference.unassigned.is_(True),
                AlertPreference.enabled.is_(True),
            )
            .order_by(User.id)
        )
    )


def wants(prefs: Preferences, reason: str) -> bool:
    if not prefs.enabled or not prefs.channels:
        return False
    return reason != "priority" or prefs.priority_alerts


def raise_alerts(
    session: Session, lead_id: int, config: Mapping, now: datetime | None = None
) -> list[int]:
    """Store the alerts this lead calls for (flushes); the users to deliver to."""
    now = now or utcnow()
    trigger = trigger_for(session, lead_id, config, now)
    if trigger is None:
        return []
    lead = session.get(Lead, lead_id)
    smtp = bool(config.get("SMTP_HOST"))
    users = [
        user
        for user in recipients(session, lead)
        if wants(preferences_of(session, user, smtp), trigger.reason)
        and not _already(session, user.id, trigger.key)
    ]
    if not users:
        return []
    brief = build_brief(session, lead, now, record=False)
    words = alert_words(brief, trigger.reason, lead_id, config["PUBLIC_URL"])
    created = []
    for user in users:
        # Two jobs for one lead at once: the unique (user, trigger) keeps one alert.
        inserted = session.execute(
            upsert_ignoring_conflicts(session, Alert, ["user_id", "trigger_key"])
            .values(
                user_id=user.id,
                lead_id=lead_id,
                reason=trigger.reason,
                trigger_key=trigger.key,
                state="pending",
                deliver_after=now,
                created_at=now,
                **words,
            )
            .returning(Alert.id)
        ).scalar()
        if inserted is not None:
            created.append(user.id)
            log.info("alert %s (%s) raised for user %s", inserted, trigger.reason, user.id)
    return created


def _already(session: Session, user_id: int, key: str) -> bool:
    return (
        session.scalar(select(Alert.id).where(Alert.user_id == user_id, Alert.trigger_key == key))
        is not None
    )


def alert_words(brief: Brief, reason: str, lead_id: int | None, public_url: str) -> dict:
    lead = brief.lead
    name = " ".join(part for part in (lead.get("first_name"), lead.get("last_name")) if part)
    who = name or lead.get("email") or "a lead"
    if lead.get("company"):
        who = f"{who} ({lead['company']})"
    label = "Hand-raiser" if reason == "hand_raise" else "High-priority researcher"
    if reason == "test":
        label = "Test alert"
    reasons = list(brief.priority.reasons)
    deadline = brief.freshness.follow_up_due_at
    return {
        "title": f"{label}: {who}"[:300],
        "opening_line": brief.opening_line or "",
        # The first reason is the situation in the lead's terms; the deadline has its own.
        "why": reasons[0] if reasons else "",
        # Worded again when sent (callprep.alerts.delivery): a deferred alert says "overdue".
        "deadline": reasons[1][:200] if len(reasons) > 1 else None,
        "follow_up_due_at": deadline,
        "link": f"{public_url}/leads/{lead_id}" if lead_id else f"{public_url}/queue",
    }
