"""The default talk tracks shipped in ``templates/talktracks/*.j2``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callprep.trackengine.metadata import parse_track_metadata

# callprep/talktracks_builtin is a link to <repo>/templates/talktracks, so an installed wheel
# carries the default tracks too (it copies the files).
DEFAULT_TRACKS_DIR = Path(__file__).resolve().parents[1] / "talktracks_builtin"


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
