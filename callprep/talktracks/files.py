"""Talk tracks as files (``templates/talktracks``-style ``*.j2`` with metadata in a leading
Jinja comment): export for teams who keep tracks in git, and import with validation first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.errors import InvalidInput
from callprep.models import TalkTrack
from callprep.talktracks import store as talktracks
from callprep.talktracks.editing import create_track, publish, save_version
from callprep.talktracks.reading import get_version, list_tracks
from callprep.talktracks.validation import (
    RESERVED_NAMES,
    TRACK_NAME,
    check_topics,
    validation_errors,
)
from callprep.trackengine.public import format_track_metadata, parse_track_metadata
from callprep.vocabulary import SITUATIONS


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
            track.topics = check_topics(item.topics)
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
