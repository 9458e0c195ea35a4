"""Outcomes: what the rep reports after the call, tied to the brief they were shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.briefs.records import discard_pending, take_pending
from callprep.config import allocation_interval
from callprep.db import utcnow
from callprep.errors import InvalidInput, NotFound
from callprep.leads.activity import note_outcome
from callprep.models import BriefRecord, Lead, Outcome
from callprep.talktracks.allocation import reallocate_after_outcome
from callprep.vocabulary import CONNECT_DISPOSITIONS, DISPOSITIONS, LEAD_QUALITIES

# Only a conversation stops the follow-up clock; a voicemail or no answer leaves it running.
CONVERSATIONS = frozenset(CONNECT_DISPOSITIONS)
MAX_NOTE_CHARS = 5000


def get_brief_record(session: Session, brief_id: str, principal: Principal | None) -> BriefRecord:
    """The recorded brief, if the caller may see its lead; otherwise NotFound."""
    record = session.get(BriefRecord, brief_id)
    if record is None:
        # Shown moments ago and still in this process's buffer: stored with the outcome.
        row = take_pending(brief_id)
        if row is not None:
            record = BriefRecord(**row)
            session.add(record)
            session.flush()
    if record is None:
        raise NotFound(f"brief {brief_id} not found")
    if principal is not None and principal.role == "rep":
        owner = session.get(Lead, record.lead_id)
        if owner is None or owner.owner_email != principal.email:
            raise NotFound(f"brief {brief_id} not found")
    return record


def record_outcome(
    session: Session,
    brief_id: str,
    data: Mapping[str, Any],
    principal: Principal | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Store the outcome of the call the brief prepared; a conversation stops the follow-up
    clock (a voicemail or no answer does not)."""
    errors: dict[str, list[str]] = {}
    if data.get("disposition") not in DISPOSITIONS:
        errors["disposition"] = [f"must be one of {', '.join(DISPOSITIONS)}"]
    if data.get("lead_quality") is not None and data["lead_quality"] not in LEAD_QUALITIES:
        errors["lead_quality"] = [f"must be one of {', '.join(LEAD_QUALITIES)}"]
    note = data.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE_CHARS):
        errors["note"] = [f"must be text of at most {MAX_NOTE_CHARS} characters"]
    if errors:
        raise InvalidInput("the outcome is not valid", errors=errors)
    record = get_brief_record(session, brief_id, principal)
    now = now or utcnow()
    outcome = Outcome(
        brief_id=record.id,
        lead_id=record.lead_id,
        user_id=principal.user_id if principal is not None else None,
        disposition=data["disposition"],
        lead_quality=data.get("lead_quality"),
        note=note,
        situation=record.situation,
        track_name=record.track_name,
        track_version=record.track_version,
        variant=record.variant,
        topic=record.topic,
        brief_generated_at=record.generated_at,
        created_at=now,
    )
    session.add(outcome)
    if outcome.disposition in CONVERSATIONS:
        note_outcome(session, record.lead_id, now)
    session.flush()
    # A Thompson-allocated track learns from this call (at most once per interval).
    reallocate_after_outcome(session, outcome.track_name, now, allocation_interval())
    return outcome


def erase_briefs_and_outcome_notes(session: Session, lead: Lead) -> dict[str, int]:
    """Erasure: the lead's briefs go; its outcomes stay for marketing's statistics (track,
    variant, disposition, quality) without the rep's note, the lead's top topic (drawn from
    what the lead wrote) or any link to the person."""
    outcomes = session.execute(
        update(Outcome)
        .where(Outcome.lead_id == lead.id)
        .values(note=None, lead_id=None, brief_id=None, topic=None)
    ).rowcount
    briefs = session.execute(delete(BriefRecord).where(BriefRecord.lead_id == lead.id)).rowcount
    briefs += discard_pending(lead.id)
    return {"briefs": briefs, "outcomes": outcomes}
