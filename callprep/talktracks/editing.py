"""Marketing's pen: create, edit, publish, roll back, A/B weights and archive talk tracks.

Storage, seeding and selection live in ``callprep.talktracks.store`` (the briefs side); what
the editor reads is ``callprep.talktracks.reading``; its preview against a lead's brief context
is ``callprep.briefs.track_preview``. Every body is validated before it is stored
(``callprep.talktracks.validation``). Every publish, roll-back, weight change and archive is
logged in ``TalkTrackChange``. Services flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep.db import utcnow
from callprep.errors import Conflict, InvalidInput, PreconditionFailed
from callprep.models import TalkTrack, TalkTrackChange, TalkTrackVariant, TalkTrackVersion
from callprep.talktracks import store as talktracks
from callprep.talktracks.allocation import MODES, check_floors, live_variants, reallocate
from callprep.talktracks.reading import TrackSummary, get_version, track_summary
from callprep.talktracks.validation import (
    MAX_DESCRIPTION_CHARS,
    MAX_NOTE_CHARS,
    check_angle,
    check_body,
    check_name,
    check_situation,
    check_text,
    check_topics,
    check_variant,
    check_weight,
)


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
    angle: str | None = None,
    by: str | None = None,
    action: str = "publish",
) -> TrackSummary:
    """Make ``version`` what reps see for ``variant`` (re-validated: the rules may be newer);
    ``angle``, when given, names its opener ("" clears it)."""
    track = talktracks.get_track(session, name)
    if track.archived_at is not None:
        raise Conflict(f"talk track {name!r} is archived; unarchive it before publishing")
    check_variant(variant)
    check_weight(weight)
    cleaned_angle = check_angle(angle)
    stored = get_version(session, name, version)
    check_body(stored.body, track.situation)
    slot = talktracks.publish_version(
        session, track, version, variant=variant, weight=weight, by=by
    )
    if angle is not None:
        slot.angle = cleaned_angle
    _log(session, track, action, variant=variant, version=version, weight=slot.weight, by=by)
    if track.allocation == "thompson":
        # A new variant or new wording changes what the split is over.
        reallocate(session, track, "mode")
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
    if track.allocation == "thompson":
        # Pausing or resuming a variant changes what the split is over.
        reallocate(session, track, "mode")
    return track_summary(session, name)


def set_angles(
    session: Session, name: str, angles: Mapping[str, str | None], *, by: str | None = None
) -> TrackSummary:
    """Name the openers of a track's variants ("ROI angle"); an empty angle clears it."""
    track = talktracks.get_track(session, name)
    slots = _slots(session, track)
    unknown = sorted(set(angles) - set(slots))
    if unknown:
        raise InvalidInput(
            f"talk track {name!r} has no variant {', '.join(unknown)}; publish it first",
            errors={"angles": [f"unknown variant {label[:40]!r}" for label in unknown]},
        )
    cleaned = {
        label: check_angle(angle if angle is not None else "") for label, angle in angles.items()
    }
    for label, angle in cleaned.items():
        if slots[label].angle != angle:
            slots[label].angle = angle
            _log(session, track, "angle", variant=label, by=by)
    # The brief's ETag reads the tracks' change time: a renamed opener shows at once.
    track.updated_at = utcnow()
    session.flush()
    return track_summary(session, name)


def set_allocation(
    session: Session,
    name: str,
    *,
    mode: str,
    floors: Mapping[str, Any] | None = None,
    by: str | None = None,
) -> TrackSummary:
    """Split leads by fixed weights or by Thompson sampling with a floor per variant (whole
    percents of the leads, summing to at most 100). Switching to Thompson, or changing a floor,
    computes a new allocation at once."""
    track = talktracks.get_track(session, name)
    if mode not in MODES:
        raise InvalidInput(
            f"mode must be one of {', '.join(MODES)}", errors={"mode": [f"unknown mode {mode!r}"]}
        )
    slots = _slots(session, track)
    live = [variant.label for variant in live_variants(session, track)]
    floors = dict(floors or {})
    errors = check_floors(floors, live)
    if not errors:
        merged = {label: floors.get(label, slots[label].floor) for label in live}
        errors = check_floors(merged, live)
    if errors:
        raise InvalidInput("the allocation is not valid: " + errors["floors"][0], errors=errors)
    for label, floor in floors.items():
        slots[label].floor = floor
    changed = track.allocation != mode or bool(floors)
    track.allocation = mode
    if mode == "weights":
        for slot in slots.values():
            slot.share = None
    track.updated_at = utcnow()
    _log(session, track, "allocation", by=by)
    session.flush()
    if mode == "thompson" and changed:
        reallocate(session, track, "mode")
    return track_summary(session, name)


def _slots(session: Session, track: TalkTrack) -> dict[str, TalkTrackVariant]:
    return {
        slot.label: slot
        for slot in session.scalars(
            select(TalkTrackVariant).where(TalkTrackVariant.track_id == track.id)
        )
    }


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
