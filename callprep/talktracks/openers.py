"""Openers: each published variant of a talk track, as its current version, with the calls
logged on it and the meetings they gave.

An opener is what a rep said first; the variant's ``angle`` ("ROI angle") names it. Only
outcomes of the version a variant shows now count for it: a variant republished with new
wording starts again, so its numbers always describe the words reps read today. One grouped
statement serves both the briefs' "what worked" line and Thompson allocation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from callprep.models import Outcome, TalkTrack, TalkTrackVariant, TalkTrackVersion
from callprep.vocabulary import MEETING_DISPOSITIONS


@dataclass(frozen=True)
class OpenerCount:
    """The calls on one opener for leads of one situation and top topic."""

    track_name: str
    variant: str
    angle: str | None
    situation: str
    topic: str | None
    calls: int
    meetings: int
    demo_calls: int


def opener_counts(session: Session, track_names: Iterable[str] | None = None) -> list[OpenerCount]:
    """Calls and meetings per (situation, top topic, track, variant) of unarchived tracks."""
    meeting = case((Outcome.disposition.in_(MEETING_DISPOSITIONS), 1), else_=0)
    demo = case((Outcome.demo.is_(True), 1), else_=0)
    # Outcomes are grouped first (one pass over their rows), then the few groups are joined
    # to the variants: joining row by row cost three index lookups per outcome.
    grouped = select(
        Outcome.situation,
        Outcome.topic,
        Outcome.track_name,
        Outcome.variant,
        Outcome.track_version,
        func.count().label("calls"),
        func.sum(meeting).label("meetings"),
        func.sum(demo).label("demo_calls"),
    ).group_by(
        Outcome.situation,
        Outcome.topic,
        Outcome.track_name,
        Outcome.variant,
        Outcome.track_version,
    )
    if track_names is not None:
        grouped = grouped.where(Outcome.track_name.in_(sorted(set(track_names))))
    groups = grouped.subquery()
    query = (
        select(
            groups.c.situation,
            groups.c.topic,
            TalkTrack.name,
            TalkTrackVariant.label,
            TalkTrackVariant.angle,
            groups.c.calls,
            groups.c.meetings,
            groups.c.demo_calls,
        )
        .join(TalkTrack, TalkTrack.name == groups.c.track_name)
        .join(
            TalkTrackVariant,
            and_(
                TalkTrackVariant.track_id == TalkTrack.id,
                TalkTrackVariant.label == groups.c.variant,
            ),
        )
        .join(
            TalkTrackVersion,
            and_(
                TalkTrackVersion.id == TalkTrackVariant.version_id,
                TalkTrackVersion.version == groups.c.track_version,
            ),
        )
        .where(TalkTrack.archived_at.is_(None))
    )
    return [
        OpenerCount(name, label, angle, situation, topic, calls, int(meetings or 0), int(d or 0))
        for situation, topic, name, label, angle, calls, meetings, d in session.execute(query)
    ]


def opener_label(track_name: str, variant: str, angle: str | None) -> str:
    """How a brief or report names an opener: its angle, else its track and variant."""
    return f"the {angle}" if angle else f"{track_name} variant {variant}"
