"""The default talk tracks shipped in ``templates/talktracks/*.j2``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callprep.trackengine.metadata import parse_track_metadata

DEFAULT_TRACKS_DIR = Path(__file__).resolve().parents[2] / "templates" / "talktracks"


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
