"""What the editor reads about talk tracks: each track's status and variants, its versions,
diffs between them, and the log of publishes, roll-backs, weights and archives."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callprep.errors import NotFound
from callprep.models import TalkTrack, TalkTrackChange, TalkTrackVariant, TalkTrackVersion
from callprep.talktracks import store as talktracks
from callprep.talktracks.validation import check_situation


@dataclass(frozen=True)
class VariantInfo:
    label: str
    weight: int
    version: int | None
    published_at: datetime | None
    published_by: str | None
    angle: str | None = None
    floor: int = 0
    share: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "weight": self.weight,
            "version": self.version,
            "published_at": self.published_at,
            "published_by": self.published_by,
            "angle": self.angle,
            "floor": self.floor,
            "share": self.share,
        }


@dataclass(frozen=True)
class TrackSummary:
    name: str
    situation: str
    topics: list[str]
    description: str | None
    status: str  # draft, published, paused, archived
    latest_version: int
    published_versions: list[int]
    variants: list[VariantInfo]
    created_at: datetime
    updated_at: datetime
    allocation: str = "weights"

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest_version not in self.published_versions

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "situation": self.situation,
            "topics": self.topics,
            "description": self.description,
            "status": self.status,
            "latest_version": self.latest_version,
            "has_unpublished_changes": self.has_unpublished_changes,
            "variants": [v.as_dict() for v in self.variants],
            "allocation": self.allocation,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def _status(track: TalkTrack, variants: Sequence[VariantInfo]) -> str:
    if track.archived_at is not None:
        return "archived"
    live = [v for v in variants if v.version is not None]
    if not live:
        return "draft"
    return "published" if any(v.weight > 0 for v in live) else "paused"


def _summaries(session: Session, tracks: Sequence[TalkTrack]) -> list[TrackSummary]:
    ids = [t.id for t in tracks]
    if not ids:
        return []
    latest = dict(
        session.execute(
            select(TalkTrackVersion.track_id, func.max(TalkTrackVersion.version))
            .where(TalkTrackVersion.track_id.in_(ids))
            .group_by(TalkTrackVersion.track_id)
        ).all()
    )
    variants: dict[int, list[VariantInfo]] = {i: [] for i in ids}
    for slot, number in session.execute(
        select(TalkTrackVariant, TalkTrackVersion.version)
        .outerjoin(TalkTrackVersion, TalkTrackVersion.id == TalkTrackVariant.version_id)
        .where(TalkTrackVariant.track_id.in_(ids))
        .order_by(TalkTrackVariant.label)
    ):
        variants[slot.track_id].append(
            VariantInfo(
                slot.label,
                slot.weight,
                number,
                slot.published_at,
                slot.published_by,
                angle=slot.angle,
                floor=slot.floor,
                share=slot.share,
            )
        )
    return [
        TrackSummary(
            name=t.name,
            situation=t.situation,
            topics=list(t.topics or []),
            description=t.description,
            status=_status(t, variants[t.id]),
            latest_version=latest.get(t.id, 0),
            published_versions=[v.version for v in variants[t.id] if v.version is not None],
            variants=variants[t.id],
            created_at=t.created_at,
            updated_at=t.updated_at,
            allocation=t.allocation or "weights",
        )
        for t in tracks
    ]


def list_tracks(
    session: Session, *, situation: str | None = None, include_archived: bool = True
) -> list[TrackSummary]:
    """Every track, by situation then name, with its status and variants (three queries)."""
    query = select(TalkTrack).order_by(TalkTrack.situation, TalkTrack.name)
    if situation is not None:
        check_situation(situation)
        query = query.where(TalkTrack.situation == situation)
    if not include_archived:
        query = query.where(TalkTrack.archived_at.is_(None))
    return _summaries(session, list(session.scalars(query)))


def track_summary(session: Session, name: str) -> TrackSummary:
    return _summaries(session, [talktracks.get_track(session, name)])[0]


def list_versions(session: Session, name: str) -> list[TalkTrackVersion]:
    """Every version of a track, newest first."""
    track = talktracks.get_track(session, name)
    return list(
        session.scalars(
            select(TalkTrackVersion)
            .where(TalkTrackVersion.track_id == track.id)
            .order_by(TalkTrackVersion.version.desc())
        )
    )


def get_version(session: Session, name: str, version: int | None = None) -> TalkTrackVersion:
    """One version of a track (the latest when ``version`` is None)."""
    track = talktracks.get_track(session, name)
    query = select(TalkTrackVersion).where(TalkTrackVersion.track_id == track.id)
    if version is None:
        query = query.order_by(TalkTrackVersion.version.desc()).limit(1)
    else:
        query = query.where(TalkTrackVersion.version == version)
    found = session.scalar(query)
    if found is None:
        raise NotFound(f"talk track {name!r} has no version {version}")
    return found


def diff_versions(session: Session, name: str, old: int, new: int) -> str:
    """A unified diff of two versions' bodies ("" when they are the same)."""
    before, after = get_version(session, name, old), get_version(session, name, new)
    return "".join(
        difflib.unified_diff(
            before.body.splitlines(keepends=True),
            after.body.splitlines(keepends=True),
            fromfile=f"{name} v{old}",
            tofile=f"{name} v{new}",
        )
    )


def list_changes(session: Session, name: str, limit: int = 50) -> list[TalkTrackChange]:
    """The track's publish / roll-back / weight / archive history, newest first."""
    track = talktracks.get_track(session, name)
    return list(
        session.scalars(
            select(TalkTrackChange)
            .where(TalkTrackChange.track_id == track.id)
            .order_by(TalkTrackChange.id.desc())
            .limit(limit)
        )
    )
