"""Marketing's pen: create, edit, validate, preview, publish, roll back and A/B talk tracks.

Storage, seeding and selection live in ``callprep.talktracks`` (the briefs side); this module
is what the editor and its API do on top of it. Every body is validated before it is stored
(syntax, the documented context, the sandbox, and a test render against the sample leads of
the track's situation), so a rep never meets a track that fails. Every publish, roll-back,
weight change and archive is logged in ``TalkTrackChange``. Services flush; the caller
commits.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep import talktracks
from callprep.accounts import Principal
from callprep.db import utcnow
from callprep.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from callprep.models import Lead, TalkTrack, TalkTrackChange, TalkTrackVariant, TalkTrackVersion
from callprep.rendering import (
    MAX_BODY_CHARS,
    RenderedTrack,
    TrackRenderError,
    format_track_metadata,
    parse_track_metadata,
    render_track,
    validate_track,
)
from callprep.situations import SITUATIONS
from callprep.track_samples import SAMPLE_KINDS, sample_context
from callprep.trackcontext import (
    TrackContext,
)

TRACK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
VARIANT_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")
# Names the API uses for its own paths under /talktracks.
RESERVED_NAMES = frozenset({"preview", "validate", "reference", "samples"})
MAX_WEIGHT = 10_000
MAX_NOTE_CHARS = 2_000
MAX_DESCRIPTION_CHARS = 2_000
MAX_TOPICS = 20
# All sample renders of one validation share this, so a hostile body answers quickly.
VALIDATION_BUDGET_S = 1.0


class TrackInvalid(InvalidInput):
    """A body that may not be saved or previewed: ``errors`` is ``[{line, column, message}]``."""

    def __init__(self, errors: list[dict[str, Any]], message: str | None = None) -> None:
        first = errors[0]
        super().__init__(
            message
            or f"the talk track has {len(errors)} problem(s); line {first['line']}: "
            f"{first['message']}"
        )
        self.errors = errors  # type: ignore[assignment]


# -- validation -----------------------------------------------------------------------------


def validation_errors(body: str, situation: str) -> list[dict[str, Any]]:
    """Every problem with ``body`` as a track for ``situation``; empty means it may be saved.

    Static checks, then a test render against each sample lead of the situation, all within
    one time budget.
    """
    if not isinstance(body, str) or not body.strip():
        return [{"line": 1, "column": None, "message": "the talk track is empty"}]
    if len(body) > MAX_BODY_CHARS:
        return [
            {
                "line": body[:MAX_BODY_CHARS].count("\n") + 1,
                "column": None,
                "message": f"the talk track is {len(body)} characters long "
                f"(at most {MAX_BODY_CHARS})",
            }
        ]
    _check_situation(situation)
    errors: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    deadline = time.monotonic() + VALIDATION_BUDGET_S
    for kind in SAMPLE_KINDS:
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            errors.append(
                {
                    "line": 1,
                    "column": None,
                    "message": "the test renders took longer than "
                    f"{VALIDATION_BUDGET_S:g} s; simplify the talk track",
                }
            )
            break
        ctx = sample_context(situation, kind)
        found = validate_track(body, [ctx], time_budget_s=min(0.5, remaining))
        rendered = [e for e in found if _TEST_RENDER.search(e["message"])]
        for error in rendered:
            plain = _TEST_RENDER.sub("", error["message"])
            if (error["line"], plain) not in seen:
                seen.add((error["line"], plain))
                errors.append(
                    {**error, "message": f"{plain} (test render for the {kind} sample lead)"}
                )
        if len(rendered) < len(found):
            return _sorted(found)  # static errors: the same for every sample lead
    return _sorted(errors)


_TEST_RENDER = re.compile(r" \(test render for sample lead \d+, \w+\)$")


def _sorted(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(errors, key=lambda e: (e["line"], e["column"] or 0))


def check_body(body: str, situation: str) -> None:
    """Raise ``TrackInvalid`` (422) unless ``body`` may be saved as a ``situation`` track."""
    errors = validation_errors(body, situation)
    if errors:
        raise TrackInvalid(errors)


def _check_situation(situation: str) -> None:
    if situation not in SITUATIONS:
        raise InvalidInput(
            f"situation must be one of {', '.join(SITUATIONS)}",
            errors={"situation": [f"unknown situation {situation!r}"]},
        )


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not TRACK_NAME.match(name) or name in RESERVED_NAMES:
        raise InvalidInput(
            "a talk track name is 1-100 lower-case letters, digits, '-' or '_' "
            f"(and not {', '.join(sorted(RESERVED_NAMES))})",
            errors={"name": [f"not a valid name: {name!r}"[:140]]},
        )


def _check_topics(topics: Sequence[str]) -> list[str]:
    cleaned = [" ".join(str(t).split()) for t in topics]
    cleaned = list(dict.fromkeys(t for t in cleaned if t))
    if len(cleaned) > MAX_TOPICS or any(len(t) > 100 for t in cleaned):
        raise InvalidInput(
            f"at most {MAX_TOPICS} topics of at most 100 characters",
            errors={"topics": ["too many or too long"]},
        )
    return cleaned


def _check_text(value: str | None, field: str, limit: int) -> str | None:
    if value is not None and len(value) > limit:
        raise InvalidInput(
            f"{field} is at most {limit} characters", errors={field: [f"longer than {limit}"]}
        )
    return value


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
        _check_situation(situation)
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
    _check_name(name)
    _check_situation(situation)
    topics = _check_topics(topics)
    _check_text(description, "description", MAX_DESCRIPTION_CHARS)
    _check_text(note, "note", MAX_NOTE_CHARS)
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
    _check_text(note, "note", MAX_NOTE_CHARS)
    _check_text(description, "description", MAX_DESCRIPTION_CHARS)
    cleaned_topics = _check_topics(topics) if topics is not None else None
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
        return talktracks.add_version(session, track, body, author=author, note=note)
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
    _check_variant(variant)
    _check_weight(weight)
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
    _check_variant(variant)
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
        _check_weight(weight)
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


def _check_variant(label: str) -> None:
    if not isinstance(label, str) or not VARIANT_LABEL.match(label):
        raise InvalidInput(
            "a variant label is 1-20 letters, digits, '-' or '_' (e.g. A, B)",
            errors={"variant": [str(label)[:40]]},
        )


def _check_weight(weight: int | None) -> None:
    if weight is not None and not (
        isinstance(weight, int) and not isinstance(weight, bool) and 0 <= weight <= MAX_WEIGHT
    ):
        raise InvalidInput(
            f"a weight is a whole number from 0 to {MAX_WEIGHT}", errors={"weight": [weight]}
        )


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
    from callprep.briefs import build_brief

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
    from callprep import leads as lead_service

    if situation is not None:
        _check_situation(situation)
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


# -- files: export and import for teams who keep tracks in git ---------------------------


@dataclass(frozen=True)
class ImportResult:
    created: list[str]
    updated: list[str]  # a new version was stored
    unchanged: list[str]
    published: list[str]

    def describe(self) -> str:
        parts = [
            f"{len(self.created)} created",
            f"{len(self.updated)} with a new version",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.published:
            parts.append(f"{len(self.published)} published")
        return "talk tracks: " + ", ".join(parts)


def export_tracks(
    session: Session, directory: Path | str, *, include_archived: bool = False
) -> list[Path]:
    """Write each track's latest version as ``DIR/<name>.j2`` with its metadata comment."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for summary in list_tracks(session, include_archived=include_archived):
        meta: dict[str, Any] = {"name": summary.name, "situation": summary.situation}
        if summary.topics:
            meta["topics"] = summary.topics
        if summary.description:
            meta["description"] = summary.description
        body = get_version(session, summary.name).body
        path = target / f"{summary.name}.j2"
        path.write_text(format_track_metadata(meta) + body, encoding="utf-8")
        written.append(path)
    return written


@dataclass(frozen=True)
class _TrackFileData:
    path: Path
    name: str
    situation: str
    topics: list[str]
    description: str | None
    body: str


def _read_track_files(directory: Path) -> list[_TrackFileData]:
    """Every ``*.j2`` in ``directory``, validated; InvalidInput names the file and line."""
    if not directory.is_dir():
        raise InvalidInput(f"{directory} is not a directory")
    paths = sorted(directory.glob("*.j2"))
    if not paths:
        raise InvalidInput(f"no *.j2 talk tracks in {directory}")
    problems: list[str] = []
    files: list[_TrackFileData] = []
    names: dict[str, Path] = {}
    for path in paths:
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(f"{path}:1: not UTF-8 text")
            continue
        meta, body = parse_track_metadata(source)
        offset = source[: len(source) - len(body)].count("\n")
        name = str(meta.get("name") or path.stem)
        situation = str(meta.get("situation") or "")
        if not TRACK_NAME.match(name) or name in RESERVED_NAMES:
            problems.append(f"{path}:1: {name!r} is not a valid talk track name")
            continue
        if name in names:
            problems.append(f"{path}:1: the name {name!r} is also used by {names[name].name}")
            continue
        names[name] = path
        if situation not in SITUATIONS:
            problems.append(
                f"{path}:1: the metadata needs 'situation: ' one of {', '.join(SITUATIONS)}"
            )
            continue
        for error in validation_errors(body, situation):
            problems.append(f"{path}:{error['line'] + offset}: {error['message']}")
        topics = meta.get("topics") or []
        files.append(
            _TrackFileData(path, name, situation, list(topics), meta.get("description"), body)
        )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidInput(f"{problems[0]}{more}; nothing was imported", errors={"files": problems})
    return files


def import_tracks(
    session: Session, directory: Path | str, *, author: str | None = None, publish: bool = False
) -> ImportResult:
    """Store the tracks in ``DIR/*.j2``: new tracks, and a new version only where the body
    changed. All files are validated first; one bad file imports nothing. ``publish`` makes
    each new or changed version live as variant A."""
    files = _read_track_files(Path(directory))
    created, updated, unchanged, published = [], [], [], []
    existing = {
        t.name: t
        for t in session.scalars(
            select(TalkTrack).where(TalkTrack.name.in_([f.name for f in files]))
        )
    }
    for item in files:
        note = f"imported from {item.path.name}"
        track = existing.get(item.name)
        if track is None:
            create_track(
                session,
                name=item.name,
                situation=item.situation,
                body=item.body,
                topics=item.topics,
                description=item.description,
                note=note,
                author=author,
            )
            created.append(item.name)
            version: int | None = 1
        else:
            track.situation = item.situation
            track.topics = _check_topics(item.topics)
            track.description = item.description
            if get_version(session, item.name).body == item.body:
                unchanged.append(item.name)
                version = None
            else:
                stored = save_version(session, item.name, item.body, author=author, note=note)
                version = stored.version
                updated.append(item.name)
        if publish and version is not None:
            _publish_imported(session, item.name, version, author)
            published.append(item.name)
    session.flush()
    return ImportResult(created, updated, unchanged, published)


def _publish_imported(session: Session, name: str, version: int, author: str | None) -> None:
    if talktracks.get_track(session, name).archived_at is not None:
        return  # archived stays archived; the new version waits as a draft
    publish(session, name, version, by=author)
