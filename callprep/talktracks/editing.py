"""Marketing's pen: create, edit, preview, publish, roll back and A/B talk tracks.

Storage, seeding and selection live in ``callprep.talktracks.store`` (the briefs side);
this module is what the editor and its API do on top of it. Every body is validated before
it is stored (``callprep.talktracks.validation``); tracks as files are
``callprep.talktracks.files``. Every publish, roll-back, weight change and archive is logged
in ``TalkTrackChange``. Services flush; the caller commits.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.briefs.build import build_brief
from callprep.db import utcnow
from callprep.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from callprep.leads import service as lead_service
from callprep.models import Lead, TalkTrack, TalkTrackChange, TalkTrackVariant, TalkTrackVersion
from callprep.talktracks import store as talktracks
from callprep.talktracks.validation import (
    MAX_DESCRIPTION_CHARS,
    MAX_NOTE_CHARS,
    TrackInvalid,
    check_body,
    check_name,
    check_situation,
    check_text,
    check_topics,
    check_variant,
    check_weight,
)
from callprep.trackengine.context import (
    TrackContext,
)
from callprep.trackengine.public import (
    RenderedTrack,
    TrackRenderError,
    render_track,
)
from callprep.trackengine.samples import SAMPLE_KINDS, sample_context

# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantInfo:
    label: str
    weight: int
    version: int | None
    published_at: datetime | None
    published_by: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "weight": self.weight,
            "version": self.version,
            "published_at": self.published_at,
            "published_by": self.published_by,
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
            VariantInfo(slot.label, slot.weight, number, slot.published_at, slot.published_by)
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


# -- writing --------------------------------------------------------------------------------


def create_track(
    session: Session,
    *,
    name: str,
    situation: str,
    body: str,
    topics: Sequence[str] = (),
    description: str | None = None,
    note: str | None = None,
    author: str | None = None,
) -> TrackSummary:
    """A new track whose version 1 is a draft; 409 if the name is taken, 422 if invalid."""
    check_name(name)
    check_situation(situation)
    topics = check_topics(topics)
    check_text(description, "description", MAX_DESCRIPTION_CHARS)
    check_text(note, "note", MAX_NOTE_CHARS)
    if session.scalar(select(TalkTrack.id).where(TalkTrack.name == name)) is not None:
        raise Conflict(f"a talk track named {name!r} exists", errors={"name": ["already exists"]})
    check_body(body, situation)
    track = talktracks.create_track(
        session,
        name=name,
        situation=situation,
        body=body,
        topics=topics,
        description=description,
        author=author,
    )
    if note:
        get_version(session, name, 1).note = note
        session.flush()
    return track_summary(session, track.name)


def save_version(
    session: Session,
    name: str,
    body: str,
    *,
    author: str | None = None,
    note: str | None = None,
    description: str | None = None,
    topics: Sequence[str] | None = None,
    base_version: int | None = None,
    if_match: int | None = None,
) -> TalkTrackVersion:
    """A new draft version (validated first); reps keep seeing the published one.

    Saves are optimistic: ``base_version`` (the version the editor started from) or
    ``if_match`` (the same, from an If-Match ETag) that is no longer the latest is a 409 or
    412 carrying the other person's version, never a silent overwrite. Two saves racing for
    the same number end the same way, never in a 500."""
    track = talktracks.get_track(session, name)
    check_text(note, "note", MAX_NOTE_CHARS)
    check_text(description, "description", MAX_DESCRIPTION_CHARS)
    cleaned_topics = check_topics(topics) if topics is not None else None
    check_body(body, track.situation)
    if description is not None:
        track.description = description or None
    if cleaned_topics is not None:
        track.topics = cleaned_topics
    expected = if_match if if_match is not None else base_version
    # The track's row lock orders concurrent saves (PostgreSQL; SQLite has one writer).
    session.execute(select(TalkTrack.id).where(TalkTrack.id == track.id).with_for_update())
    latest = _latest_version(session, track)
    if expected is not None and latest is not None and latest.version != expected:
        raise _stale(latest, expected, if_match is not None)
    try:
        return talktracks.add_version(
            session, track, body, author=author, note=note, after=expected
        )
    except IntegrityError:
        # Another save took this version number between our read and our insert.
        session.rollback()
        track = talktracks.get_track(session, name)
        raise _stale(_latest_version(session, track), expected, if_match is not None) from None


def _latest_version(session: Session, track: TalkTrack) -> TalkTrackVersion | None:
    return session.scalar(
        select(TalkTrackVersion)
        .where(TalkTrackVersion.track_id == track.id)
        .order_by(TalkTrackVersion.version.desc())
        .limit(1)
    )


def _stale(latest: TalkTrackVersion | None, expected: int | None, precondition: bool):
    current = None
    if latest is not None:
        current = {
            "version": latest.version,
            "author": latest.author,
            "note": latest.note,
            "created_at": latest.created_at.isoformat() if latest.created_at else None,
            "body": latest.body,
        }
    number = current["version"] if current else "?"
    message = (
        f"version {number} was saved by {current and current['author'] or 'someone'} since "
        f"you opened version {expected}: reload, merge their change, and save again"
        if expected is not None
        else f"version {number} was saved at the same moment: reload and save again"
    )
    error = PreconditionFailed if precondition else Conflict
    return error(message, errors={"base_version": [message]}, current=current)


def publish(
    session: Session,
    name: str,
    version: int,
    *,
    variant: str = "A",
    weight: int | None = None,
    by: str | None = None,
    action: str = "publish",
) -> TrackSummary:
    """Make ``version`` what reps see for ``variant`` (re-validated: the rules may be newer)."""
    track = talktracks.get_track(session, name)
    if track.archived_at is not None:
        raise Conflict(f"talk track {name!r} is archived; unarchive it before publishing")
    check_variant(variant)
    check_weight(weight)
    stored = get_version(session, name, version)
    check_body(stored.body, track.situation)
    slot = talktracks.publish_version(
        session, track, version, variant=variant, weight=weight, by=by
    )
    _log(session, track, action, variant=variant, version=version, weight=slot.weight, by=by)
    return track_summary(session, name)


def rollback(
    session: Session,
    name: str,
    *,
    variant: str = "A",
    version: int | None = None,
    by: str | None = None,
) -> TrackSummary:
    """Publish an older version on ``variant``: ``version``, or the one published before now."""
    track = talktracks.get_track(session, name)
    check_variant(variant)
    if version is None:
        version = _previously_published(session, track, variant)
    return publish(session, name, version, variant=variant, by=by, action="rollback")


def _previously_published(session: Session, track: TalkTrack, variant: str) -> int:
    current = session.scalar(
        select(TalkTrackVersion.version)
        .join(TalkTrackVariant, TalkTrackVariant.version_id == TalkTrackVersion.id)
        .where(TalkTrackVariant.track_id == track.id, TalkTrackVariant.label == variant)
    )
    if current is None:
        raise InvalidInput(
            f"variant {variant!r} of {track.name!r} is not published; nothing to roll back",
            errors={"variant": [variant]},
        )
    history = session.scalars(
        select(TalkTrackChange.version)
        .where(
            TalkTrackChange.track_id == track.id,
            TalkTrackChange.variant == variant,
            TalkTrackChange.action.in_(("publish", "rollback")),
        )
        .order_by(TalkTrackChange.id.desc())
    )
    for number in history:
        if number is not None and number != current:
            return number
    # No logged history (e.g. a seeded track): the highest version below the live one.
    older = session.scalar(
        select(func.max(TalkTrackVersion.version)).where(
            TalkTrackVersion.track_id == track.id, TalkTrackVersion.version < current
        )
    )
    if older is None:
        raise InvalidInput(
            f"variant {variant!r} of {track.name!r} shows version {current}; "
            "there is no earlier version to roll back to",
            errors={"version": ["no earlier version"]},
        )
    return older


def set_weights(
    session: Session, name: str, weights: Mapping[str, int], *, by: str | None = None
) -> TrackSummary:
    """Change the A/B split; a weight of 0 pauses a variant. Labels must be published."""
    track = talktracks.get_track(session, name)
    if not weights:
        raise InvalidInput("give at least one variant's weight", errors={"weights": ["empty"]})
    slots = {
        slot.label: slot
        for slot in session.scalars(
            select(TalkTrackVariant).where(TalkTrackVariant.track_id == track.id)
        )
    }
    unknown = sorted(set(weights) - set(slots))
    if unknown:
        raise InvalidInput(
            f"talk track {name!r} has no variant {', '.join(unknown)}; publish it first",
            errors={"weights": [f"unknown variant {label!r}" for label in unknown]},
        )
    for weight in weights.values():
        check_weight(weight)
    for label, weight in weights.items():
        slots[label].weight = weight
        _log(session, track, "weights", variant=label, weight=weight, by=by)
    track.updated_at = utcnow()
    session.flush()
    return track_summary(session, name)


def archive(session: Session, name: str, *, by: str | None = None) -> TrackSummary:
    """Hide a track from selection (its versions and history stay)."""
    track = talktracks.get_track(session, name)
    if track.archived_at is None:
        talktracks.archive_track(session, track)
        _log(session, track, "archive", by=by)
    return track_summary(session, name)


def unarchive(session: Session, name: str, *, by: str | None = None) -> TrackSummary:
    track = talktracks.get_track(session, name)
    if track.archived_at is not None:
        track.archived_at = None
        track.updated_at = utcnow()
        _log(session, track, "unarchive", by=by)
        session.flush()
    return track_summary(session, name)


def _log(session: Session, track: TalkTrack, action: str, **fields: Any) -> None:
    session.add(TalkTrackChange(track_id=track.id, action=action, **fields))
    session.flush()


# -- preview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    situation: str
    lead_id: int | str | None
    sample: str | None
    rendered: RenderedTrack
    interactions: dict[Any, dict[str, Any]]  # evidence id -> what the rep would see

    def as_dict(self) -> dict[str, Any]:
        return {
            "situation": self.situation,
            "lead_id": self.lead_id,
            "sample": self.sample,
            "opening_line": self.rendered.opening_line,
            "lines": self.rendered.lines,
            "evidence": [
                self.interactions[i] for i in self.rendered.evidence if i in self.interactions
            ],
        }


def lead_context(session: Session, lead: Lead, now: datetime | None = None) -> TrackContext:
    """The context a brief for ``lead`` renders with, from the brief service itself (the same
    recent and key interactions, topics and facts)."""
    return build_brief(session, lead, now, record=False).context


def preview(
    session: Session,
    body: str,
    *,
    principal: Principal | None = None,
    lead_id: int | None = None,
    sample: str | None = None,
    situation: str | None = None,
) -> Preview:
    """Render ``body`` for a real lead (its brief's context) or a sample lead.

    The body is validated first (as a track for ``situation``, or the lead's situation), so
    the preview refuses exactly what saving would refuse.
    """
    if situation is not None:
        check_situation(situation)
    if lead_id is not None:
        lead = lead_service.get_lead(session, lead_id, principal)
        ctx = lead_context(session, lead)
        sample = None
    else:
        kind = sample or "rich"
        if kind not in SAMPLE_KINDS:
            raise InvalidInput(
                f"sample is one of {', '.join(SAMPLE_KINDS)}", errors={"sample": [kind]}
            )
        ctx = sample_context(situation or "hand_raiser", kind)
        sample = kind
    check_body(body, situation or ctx.situation)
    try:
        rendered = render_track(body, ctx)
    except TrackRenderError as exc:
        raise TrackInvalid(
            [{"line": exc.line or 1, "column": None, "message": f"{exc.message} (this lead)"}]
        ) from None
    shown = {
        i.id: {
            "id": i.id,
            "type": i.type,
            "occurred_at": i.occurred_at,
            "title": i.title,
            "asset_type": i.asset_type,
            "comment": i.comment,
        }
        for i in ctx.interactions
    }
    return Preview(ctx.situation, ctx.lead.id if lead_id is not None else None, sample, rendered,
                   shown)  # fmt: skip
