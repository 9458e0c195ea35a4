"""A few weeks of demo calls (demo_outcomes.json), so the reports have something to show on
first start. Every brief and outcome made here is stored with ``demo=True``; brief ids are
derived from the entry's key, so loading twice changes nothing.

Its ``openers`` part is a demo A/B test: the researcher track gets a second variant (written
by the demo, with an angle label), is allocated by Thompson sampling, and a few weeks of calls
on both variants (for researchers whose top topic was widget ROI) give the briefs a "what
worked" line and the A/B report an allocation history, replayed over those calls."""

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
    TalkTrackAllocation,
    TalkTrackVariant,
    TalkTrackVersion,
    User,
)
from callprep.talktracks import store as talktracks
from callprep.talktracks.allocation import Arm, reallocate, store_allocation
from callprep.vocabulary import DISPOSITIONS, LEAD_QUALITIES, MEETING_DISPOSITIONS

DEMO_AUTHOR = "callprep demo"
# The call a few minutes after its brief.
CALL_AFTER_BRIEF = timedelta(minutes=6)

_NAMESPACE = uuid.UUID("6f1d3c2e-8a57-4f0b-9a3e-15c0ffee0015")


def demo_history() -> dict[str, Any]:
    text = resources.files("callprep.demo").joinpath("demo_outcomes.json").read_text()
    return json.loads(text)


def demo_calls() -> list[dict[str, Any]]:
    """Every demo call: the history's and the demo A/B test's."""
    history = demo_history()
    return [*history["calls"], *history.get("openers", {}).get("calls", [])]


def demo_past_leads() -> list[dict[str, Any]]:
    """The past leads the demo's calls are about (not in today's demo data set)."""
    history = demo_history()
    return [*history.get("leads", []), *history.get("openers", {}).get("leads", [])]


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
    openers = None
    if calls is None:
        history = demo_history()
        openers = history.get("openers")
        load_past_leads(session, now, history.get("leads", []))
        calls = history["calls"]
        if openers is not None:
            load_past_leads(session, now, openers["leads"])
            prepare_demo_ab_test(session, openers)
            calls = [*calls, *openers["calls"]]
    known = set(
        session.scalars(
            select(BriefRecord.id).where(
                BriefRecord.id.in_([demo_brief_id(c["key"]) for c in calls])
            )
        )
    )
    tracks = _generic_tracks(session)
    versions = _published_versions(session)
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
        variant = call.get("variant", "A")
        if "track" in call:
            if (call["track"], variant) not in versions:
                continue  # the A/B track is not stored (demo loaded before the tracks)
            name, version = call["track"], versions[(call["track"], variant)]
        user_id = users.get(accounts.normalise_email(call["rep"]))
        record = BriefRecord(
            id=brief_id,
            lead_id=lead.id,
            user_id=user_id,
            situation=call["situation"],
            track_name=name,
            track_version=version,
            variant=variant,
            topic=call.get("topic"),
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
        outcome_at = at + CALL_AFTER_BRIEF
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
                variant=variant,
                topic=call.get("topic"),
                brief_generated_at=at,
                created_at=outcome_at,
                demo=True,
            )
        )
        session.flush()
        note_outcome(session, lead.id, outcome_at)
        created += 1
    session.flush()
    if openers is not None:
        replay_demo_allocations(session, openers, now)
    return created


def prepare_demo_ab_test(session: Session, openers: dict[str, Any]) -> None:
    """The demo's second variant of its A/B track, the angle labels, Thompson allocation with
    floors; a track that already has the variant (loaded before, or marketing's own) is left
    as it is."""
    track = session.scalar(select(TalkTrack).where(TalkTrack.name == openers["track"]))
    if track is None:
        return
    spec = openers["variant"]
    slots = {
        slot.label: slot
        for slot in session.scalars(
            select(TalkTrackVariant).where(TalkTrackVariant.track_id == track.id)
        )
    }
    if spec["label"] in slots or "A" not in slots:
        return
    version = talktracks.add_version(
        session, track, spec["body"], author=DEMO_AUTHOR, note=spec.get("note")
    )
    slot = talktracks.publish_version(
        session, track, version.version, variant=spec["label"], weight=100, by=DEMO_AUTHOR
    )
    slot.angle = spec.get("angle")
    slots[spec["label"]] = slot
    for label, angle in openers.get("angles", {}).items():
        if label in slots and not slots[label].angle:
            slots[label].angle = angle
    for label, floor in openers.get("floors", {}).items():
        if label in slots:
            slots[label].floor = floor
    track.allocation = "thompson"
    session.flush()


def replay_demo_allocations(session: Session, openers: dict[str, Any], now: datetime) -> int:
    """The allocation history the demo's calls would have made, every few hours of the demo
    clock, then the current allocation from the stored outcomes (once per demo load)."""
    track = session.scalar(select(TalkTrack).where(TalkTrack.name == openers["track"]))
    if track is None or track.allocation != "thompson":
        return 0
    if session.scalar(
        select(TalkTrackAllocation.id).where(TalkTrackAllocation.track_id == track.id).limit(1)
    ):
        return 0
    floors = {
        slot.label: slot.floor
        for slot in session.scalars(
            select(TalkTrackVariant).where(
                TalkTrackVariant.track_id == track.id, TalkTrackVariant.version_id.is_not(None)
            )
        )
    }
    # Every stored call on the track's current variants, the demo's older history included.
    versions = _published_versions(session)
    calls = [
        (at, variant, disposition)
        for at, variant, version, disposition in session.execute(
            select(Outcome.created_at, Outcome.variant, Outcome.track_version, Outcome.disposition)
            .where(Outcome.track_name == track.name)
            .order_by(Outcome.created_at)
        )
        if variant in floors and versions.get((track.name, variant)) == version
    ]
    if not calls:
        return 0
    step = timedelta(hours=int(openers.get("replay_every_hours", 72)))
    moment = calls[0][0] + step
    made = 0
    while moment < now:
        seen = [(variant, disposition) for at, variant, disposition in calls if at <= moment]
        arms = [
            Arm(
                label,
                floor,
                sum(1 for variant, _ in seen if variant == label),
                sum(1 for v, d in seen if v == label and d in MEETING_DISPOSITIONS),
            )
            for label, floor in sorted(floors.items())
        ]
        store_allocation(
            session, track, arms, moment, "outcomes", None, current=False, seed=made + 1
        )
        made += 1
        moment += step
    reallocate(session, track, "outcomes", now)
    return made + 1


def _published_versions(session: Session) -> dict[tuple[str, str], int]:
    """(track, variant) -> the version that variant shows now."""
    rows = session.execute(
        select(TalkTrack.name, TalkTrackVariant.label, TalkTrackVersion.version)
        .join(TalkTrackVariant, TalkTrackVariant.track_id == TalkTrack.id)
        .join(TalkTrackVersion, TalkTrackVersion.id == TalkTrackVariant.version_id)
    )
    return {(name, label): version for name, label, version in rows}


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
