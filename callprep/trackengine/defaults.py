"""The default talk tracks shipped in ``templates/talktracks/*.j2``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callprep.trackengine.metadata import parse_track_metadata


def _default_tracks_dir() -> Path:
    # A source checkout or editable install: <repo>/templates/talktracks; a built wheel carries
    # them in callprep/talktracks/defaults (setup.py copies them there).
    package = Path(__file__).resolve().parents[1]
    for candidate in (
        package.parent / "templates" / "talktracks",
        package / "talktracks" / "defaults",
    ):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("callprep's default talk tracks are missing from this installation")


DEFAULT_TRACKS_DIR = _default_tracks_dir()


@dataclass(frozen=True)
class TrackFile:
    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or self.path.stem)


def load_track_files(directory: Path | str = DEFAULT_TRACKS_DIR) -> list[TrackFile]:
    """Every ``*.j2`` track in ``directory``, sorted by file name."""
    tracks = []
    for path in sorted(Path(directory).glob("*.j2")):
        meta, body = parse_track_metadata(path.read_text(encoding="utf-8"))
        tracks.append(TrackFile(path=path, meta=meta, body=body))
    return tracks
