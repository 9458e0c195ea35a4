"""A lead's activity summary, kept at ingest so a brief and the queue never read history.

The summary is recomputed from the lead's whole history at every ingest of new interactions:
backfilled (out-of-order) events then give the same answer as events delivered in order. That
costs the ingest one narrow indexed read; a brief reads one row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.config import BriefSettings, current_brief_settings
from callprep.db import upsert_ignoring_conflicts
from callprep.models import Interaction, LeadActivity
from callprep.vocabulary import ATTENDED_TYPES


def refresh_lead_activity(
    session: Session, lead_id: int, settings: BriefSettings | None = None
) -> LeadActivity:
    """Recompute the lead's activity summary from all of its interactions."""
    settings = settings or current_brief_settings()
    # Claim the row first: a concurrent ingest for the same lead waits here on PostgreSQL and
    # then reads a history that includes the other's interactions.
    session.execute(
        upsert_ignoring_conflicts(session, LeadActivity, ["lead_id"]).values(
            lead_id=lead_id, meaningful_count=0
        )
    )
    rows = session.execute(
        select(Interaction.id, Interaction.type, Interaction.occurred_at, Interaction.title)
        .where(Interaction.lead_id == lead_id)
        .order_by(Interaction.occurred_at, Interaction.id)
    ).all()
    activity = session.get(LeadActivity, lead_id, populate_existing=True)
    summarise(activity, rows, settings)
    session.flush()
    return activity


def summarise(
    activity: LeadActivity,
    rows: Iterable[tuple[int, str, datetime, str | None]],
    settings: BriefSettings,
) -> LeadActivity:
    """Fill ``activity`` from (id, type, occurred_at, title) rows in time order."""
    fields = {
        "last_interaction_at": None,
        "last_meaningful_at": None,
        "last_meaningful_id": None,
        "third_meaningful_at": None,
        "hand_raise_at": None,
        "hand_raise_id": None,
        "event_at": None,
        "event_id": None,
        "download_at": None,
        "download_id": None,
        "reengaged_at": None,
        "silence_days": None,
    }
    meaningful: list[datetime] = []
    for interaction_id, kind, occurred_at, title in rows:
        fields["last_interaction_at"] = occurred_at
        if not settings.is_meaningful(kind, title):
            continue
        if meaningful:
            silence = occurred_at - meaningful[-1]
            if silence >= settings.re_engaged_silence:
                # A new streak starts here; earlier history exists by construction.
                fields["reengaged_at"] = occurred_at
                fields["silence_days"] = round(silence.total_seconds() / 86400, 1)
        meaningful.append(occurred_at)
        fields["last_meaningful_at"] = occurred_at
        fields["last_meaningful_id"] = interaction_id
        if settings.is_hand_raise(kind, title):
            fields["hand_raise_at"], fields["hand_raise_id"] = occurred_at, interaction_id
        if kind in ATTENDED_TYPES:
            fields["event_at"], fields["event_id"] = occurred_at, interaction_id
        if kind == "content_download":
            fields["download_at"], fields["download_id"] = occurred_at, interaction_id
    needed = settings.research_min_interactions
    if len(meaningful) >= needed:
        fields["third_meaningful_at"] = meaningful[-needed]
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.meaningful_count = len(meaningful)
    return activity


def summary_for_reading(
    session: Session, lead_id: int, settings: BriefSettings | None = None
) -> LeadActivity:
    """The lead's activity summary computed from its history without storing it, for a reader
    (a brief) that meets a lead whose summary was never kept: a read writes nothing."""
    settings = settings or current_brief_settings()
    rows = session.execute(
        select(Interaction.id, Interaction.type, Interaction.occurred_at, Interaction.title)
        .where(Interaction.lead_id == lead_id)
        .order_by(Interaction.occurred_at, Interaction.id)
    ).all()
    activity = LeadActivity(lead_id=lead_id, meaningful_count=0)
    summarise(activity, rows, settings)
    return activity


def note_outcome(session: Session, lead_id: int, at: datetime) -> None:
    """An outcome stops the follow-up clock for everything the lead did before ``at``."""
    activity = session.get(LeadActivity, lead_id)
    if activity is None:
        activity = refresh_lead_activity(session, lead_id)
    if activity.last_outcome_at is None or at > activity.last_outcome_at:
        activity.last_outcome_at = at
    session.flush()
