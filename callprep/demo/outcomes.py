"""A few weeks of demo calls (demo_outcomes.json), so the reports have something to show on
first start. Every brief and outcome made here is stored with ``demo=True``; brief ids are
derived from the entry's key, so loading twice changes nothing."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.accounts import users as accounts
from callprep.demo.clock import parse_ago
from callprep.ingest import events as ingest
from callprep.leads import service as leads
from callprep.leads.activity import note_outcome
from callprep.models import (
    BriefRecord,
    Outcome,
    TalkTrack,
    TalkTrackVariant,
    TalkTrackVersion,
    User,
)
from callprep.vocabulary import DISPOSITIONS, LEAD_QUALITIES

_NAMESPACE = uuid.UUID("6f1d3c2e-8a57-4f0b-9a3e-15c0ffee0015")


def demo_history() -> dict[str, Any]:
    text = resources.files("callprep.demo").joinpath("demo_outcomes.json").read_text()
    return json.loads(text)


def demo_calls() -> list[dict[str, Any]]:
    return demo_history()["calls"]


def load_past_leads(session: Session, now: datetime, specs: list[dict[str, Any]]) -> None:
    """The past hand-raisers the history's calls are about (idempotent like the demo)."""
    for spec in specs:
        lead = leads.find_lead_by_email(session, spec["email"])
        if lead is None:
            fields = {k: v for k, v in spec.items() if k != "interactions"}
            lead = leads.create_lead(session, fields)
        items = [
            {
                **{k: v for k, v in item.items() if k != "ago"},
                "occurred_at": parse_ago(item["ago"], now),
            }
            for item in spec.get("interactions", [])
        ]
        if items:
            ingest.add_interactions(session, lead, items)
    session.flush()


def demo_brief_id(key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, key))


def load_demo_outcomes(
    session: Session, now: datetime, calls: list[dict[str, Any]] | None = None
) -> int:
    """Store the demo calls not stored yet; returns how many outcomes were added."""
    if calls is None:
        history = demo_history()
        load_past_leads(session, now, history.get("leads", []))
        calls = history["calls"]
    known = set(
        session.scalars(
            select(BriefRecord.id).where(
                BriefRecord.id.in_([demo_brief_id(c["key"]) for c in calls])
            )
        )
    )
    tracks = _generic_tracks(session)
    users = {
        email: user_id
        for email, user_id in session.execute(
            select(User.email, User.id).where(
                User.email.in_({accounts.normalise_email(c["rep"]) for c in calls})
            )
        )
    }
    created = 0
    for call in calls:
        brief_id = demo_brief_id(call["key"])
        lead = leads.find_lead_by_email(session, call["lead"])
        if brief_id in known or lead is None:
            continue
        at = parse_ago(call["ago"], now)
        name, version = tracks.get(call["situation"], (f"{call['situation']}-default", 0))
        user_id = users.get(accounts.normalise_email(call["rep"]))
        record = BriefRecord(
            id=brief_id,
            lead_id=lead.id,
            user_id=user_id,
            situation=call["situation"],
            track_name=name,
            track_version=version,
            variant="A",
            generated_at=at,
            shown_in="web",
            demo=True,
        )
        session.add(record)
        disposition = call.get("disposition")
        if disposition is None:
            continue
        if disposition not in DISPOSITIONS or call.get("lead_quality") not in (
            None,
            *LEAD_QUALITIES,
        ):
            raise ValueError(f"demo call {call['key']}: unknown disposition or lead quality")
        outcome_at = at + timedelta(minutes=6)  # the call, a few minutes after the brief
        session.add(
            Outcome(
                brief_id=brief_id,
                lead_id=lead.id,
                user_id=user_id,
                disposition=disposition,
                lead_quality=call.get("lead_quality"),
                note=call.get("note"),
                situation=call["situation"],
                track_name=name,
                track_version=version,
                variant="A",
                brief_generated_at=at,
                created_at=outcome_at,
                demo=True,
            )
        )
        session.flush()
        note_outcome(session, lead.id, outcome_at)
        created += 1
    session.flush()
    return created


def _generic_tracks(session: Session) -> dict[str, tuple[str, int]]:
    """Per situation, the published generic track's name and its variant A's version."""
    rows = session.execute(
        select(TalkTrack.situation, TalkTrack.name, TalkTrack.topics, TalkTrackVersion.version)
        .join(TalkTrackVariant, TalkTrackVariant.track_id == TalkTrack.id)
        .join(TalkTrackVersion, TalkTrackVersion.id == TalkTrackVariant.version_id)
        .where(TalkTrack.archived_at.is_(None), TalkTrackVariant.label == "A")
        .order_by(TalkTrack.id)
    )
    found: dict[str, tuple[str, int]] = {}
    for situation, name, topics, version in rows:
        if not topics:
            found.setdefault(situation, (name, version))
    return found
