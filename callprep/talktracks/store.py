"""Talk tracks in the database: seeding the shipped defaults, versions, publishing, variants,
and picking the track (and A/B variant) a lead's brief uses.

Selection: among the published, unarchived tracks for the lead's situation, a track for one
of the lead's top topics beats a generic one (the better-ranked topic wins); the variant is
chosen by a stable hash of (lead id, track name), laid over the variants' weights (or, for a
track allocated by Thompson sampling, over its current shares), so a lead always sees the same
variant of a track within an allocation. Services flush; the caller commits."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from callprep.db import utcnow
from callprep.errors import Conflict, InvalidInput, NotFound
from callprep.models import Outcome, TalkTrack, TalkTrackVariant, TalkTrackVersion
from callprep.trackengine.defaults import DEFAULT_TRACKS_DIR, load_track_files
from callprep.vocabulary import SITUATIONS

SEED_AUTHOR = "callprep (shipped default)"
BUILTIN_TRACK_NAME = "builtin"


@dataclass(frozen=True)
class TrackChoice:
    """One published variant of a track, as selection sees it."""

    name: str
    situation: str
    topics: tuple[str, ...]
    variant: str
    weight: int
    version: int
    version_id: int
    body: str
    # Thompson allocation's current share (0..1) when the track is in that mode, else None.
    share: float | None = None
    angle: str | None = None


def seed_default_tracks(session: Session, directory: Path | str = DEFAULT_TRACKS_DIR) -> int:
    """Store each shipped track that is not in the database yet, as a published version 1.

    Idempotent: a track marketing has touched is left as it is. A track nobody but callprep
    ever wrote gets the shipped wording of this release as a new published version, so an
    upgrade's better default tracks reach existing installations."""
    files = [track for track in load_track_files(directory) if track.meta.get("situation")]
    if not files:
        return 0
    known = set(
        session.scalars(select(TalkTrack.name).where(TalkTrack.name.in_([f.name for f in files])))
    )
    created = 0
    for track_file in files:
        if track_file.name in known:
            created += _refresh_untouched_default(session, track_file.name, track_file.body)
            continue
        create_track(
            session,
            name=track_file.name,
            situation=track_file.meta["situation"],
            body=track_file.body,
            topics=track_file.meta.get("topics") or [],
            description=track_file.meta.get("description"),
            author=SEED_AUTHOR,
            publish=True,
        )
        created += 1
    return created


def _refresh_untouched_default(session: Session, name: str, body: str) -> int:
    track = get_track(session, name)
    versions = session.scalars(
        select(TalkTrackVersion)
        .where(TalkTrackVersion.track_id == track.id)
        .order_by(TalkTrackVersion.version)
    ).all()
    variants = session.scalars(
        select(TalkTrackVariant).where(TalkTrackVariant.track_id == track.id)
    ).all()
    untouched = (
        track.archived_at is None
        and all(v.author == SEED_AUTHOR for v in versions)
        and all(slot.label == "A" and slot.published_by in (None, SEED_AUTHOR) for slot in variants)
    )
    if not untouched or not versions or versions[-1].body == body:
        return 0
    new = add_version(session, track, body, author=SEED_AUTHOR, note="shipped default updated")
    publish_version(session, track, new.version, by=SEED_AUTHOR)
    return 1


def create_track(
    session: Session,
    *,
    name: str,
    situation: str,
    body: str,
    topics: Sequence[str] = (),
    description: str | None = None,
    author: str | None = None,
    publish: bool = False,
) -> TalkTrack:
    """A new track with version 1 (published as variant A when ``publish``)."""
    if situation not in SITUATIONS:
        raise InvalidInput(
            f"situation must be one of {', '.join(SITUATIONS)}", errors={"situation": [situation]}
        )
    if session.scalar(select(TalkTrack.id).where(TalkTrack.name == name)) is not None:
        raise Conflict(f"a talk track named {name!r} exists", errors={"name": ["already exists"]})
    track = TalkTrack(
        name=name,
        situation=situation,
        topics=list(topics),
        description=description,
        created_by=author,
    )
    session.add(track)
    session.flush()
    version = add_version(session, track, body, author=author)
    if publish:
        publish_version(session, track, version.version, by=author)
    return track


def get_track(session: Session, name: str) -> TalkTrack:
    track = session.scalar(select(TalkTrack).where(TalkTrack.name == name))
    if track is None:
        raise NotFound(f"no talk track named {name!r}")
    return track


def add_version(
    session: Session,
    track: TalkTrack,
    body: str,
    *,
    author: str | None = None,
    note: str | None = None,
    after: int | None = None,
) -> TalkTrackVersion:
    """A new draft version, numbered after the latest (or after `after`, the version the
    editor started from: a concurrent save that took that number makes this insert fail on
    the unique version number instead of silently stacking on top); never edited."""
    latest = after
    if latest is None:
        latest = session.scalar(
            select(func.max(TalkTrackVersion.version)).where(TalkTrackVersion.track_id == track.id)
        )
    version = TalkTrackVersion(
        track_id=track.id, version=(latest or 0) + 1, body=body, author=author, note=note
    )
    session.add(version)
    track.updated_at = utcnow()
    session.flush()
    return version


def publish_version(
    session: Session,
    track: TalkTrack,
    version: int,
    *,
    variant: str = "A",
    weight: int | None = None,
    by: str | None = None,
) -> TalkTrackVariant:
    """Make ``version`` what reps see for ``variant`` (publishing an older one rolls back)."""
    stored = session.scalar(
        select(TalkTrackVersion).where(
            TalkTrackVersion.track_id == track.id, TalkTrackVersion.version == version
        )
    )
    if stored is None:
        raise NotFound(f"talk track {track.name!r} has no version {version}")
    if weight is not None and weight < 0:
        raise InvalidInput("weight must be 0 or more", errors={"weight": [weight]})
    slot = session.scalar(
        select(TalkTrackVariant).where(
            TalkTrackVariant.track_id == track.id, TalkTrackVariant.label == variant
        )
    )
    if slot is None:
        slot = TalkTrackVariant(track_id=track.id, label=variant, weight=100)
        session.add(slot)
    slot.version_id = stored.id
    slot.published_at = utcnow()
    slot.published_by = by
    if weight is not None:
        slot.weight = weight
    track.updated_at = utcnow()
    session.flush()
    return slot


def archive_track(session: Session, track: TalkTrack) -> TalkTrack:
    track.archived_at = track.archived_at or utcnow()
    session.flush()
    return track


_PUBLISHED = (
    select(
        TalkTrack.name,
        TalkTrack.situation,
        TalkTrack.topics,
        TalkTrackVariant.label,
        TalkTrackVariant.weight,
        TalkTrackVersion.version,
        TalkTrackVersion.id,
        TalkTrackVersion.body,
        TalkTrack.allocation,
        TalkTrackVariant.share,
        TalkTrackVariant.angle,
    )
    .join(TalkTrackVariant, TalkTrackVariant.track_id == TalkTrack.id)
    .join(TalkTrackVersion, TalkTrackVersion.id == TalkTrackVariant.version_id)
    .where(
        TalkTrack.situation.in_(bindparam("situations", expanding=True)),
        TalkTrack.archived_at.is_(None),
        TalkTrackVariant.weight > 0,
    )
    .order_by(TalkTrack.name, TalkTrackVariant.label)
)


_ANY_TRACK = aliased(TalkTrack)
# What the briefs' "what worked" table is computed against (callprep.whatworked), read with the
# choices so a brief spends no statement of its own on it.
_KEYED = _PUBLISHED.add_columns(
    select(func.max(Outcome.id)).scalar_subquery().label("newest_outcome"),
    select(func.max(_ANY_TRACK.updated_at)).scalar_subquery().label("tracks_changed"),
)


def published_choices(session: Session, situations: Iterable[str]) -> list[TrackChoice]:
    """Every published variant of the unarchived tracks for these situations: one query."""
    return published_choices_keyed(session, situations)[0]


def published_choices_keyed(
    session: Session, situations: Iterable[str]
) -> tuple[list[TrackChoice], tuple | None]:
    """``published_choices`` and, in the same statement, the newest outcome id and the tracks'
    last change (None when no track is published for these situations)."""
    rows = session.execute(_KEYED, {"situations": sorted(set(situations))}).all()
    key = (rows[0][-2], rows[0][-1]) if rows else None
    return [_choice(*row[:-2]) for row in rows], key


def _choice(*row) -> TrackChoice:
    (
        name,
        situation,
        topics,
        label,
        weight,
        version,
        version_id,
        body,
        allocation,
        share,
        angle,
    ) = row
    return TrackChoice(
        name=name,
        situation=situation,
        topics=tuple(topics or ()),
        variant=label,
        weight=weight,
        version=version,
        version_id=version_id,
        body=body,
        share=share if allocation == "thompson" else None,
        angle=angle,
    )


def any_tracks(session: Session) -> bool:
    return session.scalar(select(TalkTrack.id).limit(1)) is not None


def choose_track(
    choices: Sequence[TrackChoice],
    lead_id: int,
    situation: str,
    top_topics: Sequence[str],
) -> TrackChoice | None:
    """The track for this lead's situation (topic-specific first) and its stable variant."""
    fitting = [choice for choice in choices if choice.situation == situation]
    if not fitting:
        return None
    name = _best_track_name(fitting, top_topics)
    variants = [choice for choice in fitting if choice.name == name]
    return pick_variant(variants, lead_id)


def _best_track_name(choices: Sequence[TrackChoice], top_topics: Sequence[str]) -> str:
    rank = {topic.casefold(): index for index, topic in enumerate(top_topics)}
    best: tuple[int, str] | None = None
    for choice in choices:
        matches = [rank[t.casefold()] for t in choice.topics if t.casefold() in rank]
        if matches:
            candidate = (min(matches), choice.name)
            best = candidate if best is None or candidate < best else best
    if best is not None:
        return best[1]
    generic = sorted(choice.name for choice in choices if not choice.topics)
    # Only topic tracks for this situation and none matches: no track fits.
    return generic[0] if generic else ""


def pick_variant(variants: Sequence[TrackChoice], lead_id: int) -> TrackChoice | None:
    """A weighted choice that is the same for a lead and track every time (no stored state).

    With Thompson shares the same hash point is laid over the shares instead: a lead keeps its
    variant within an allocation, and moves only if a new allocation moves the boundary past
    its point."""
    variants = sorted((v for v in variants if v.weight > 0), key=lambda v: v.variant)
    if not variants:
        return None
    digest = hashlib.sha256(f"{lead_id}:{variants[0].name}".encode()).digest()
    if all(v.share is not None for v in variants) and sum(v.share or 0 for v in variants) > 0:
        total_share = sum(v.share or 0.0 for v in variants)
        position = int.from_bytes(digest[:8], "big") / 2**64 * total_share
        for variant in variants:
            if position < (variant.share or 0.0):
                return variant
            position -= variant.share or 0.0
        return variants[-1]
    total = sum(v.weight for v in variants)
    point = int.from_bytes(digest[:8], "big") % total
    for variant in variants:
        if point < variant.weight:
            return variant
        point -= variant.weight
    return variants[-1]
