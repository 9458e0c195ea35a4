"""Talk-track rendering: the public API other modules call.

- ``render_track(body, ctx)`` → ``RenderedTrack(lines, opening_line, evidence)`` or
  ``TrackRenderError(message, line)``;
- ``validate_track(body, sample_contexts)`` → ``[{"line", "column", "message"}]``;
- ``parse_track_metadata(source)`` → ``(meta, body)``;
- ``BUILTIN_TRACKS`` / ``render_or_fallback`` for when a marketing track fails;
- ``CONTEXT_REFERENCE``: every variable, attribute, filter and block a track may use;
- ``sample_contexts(situation)``: synthetic awkward leads to validate against.

The implementation lives in ``callprep.trackengine``.
"""

from callprep.trackengine.bounds import (
    MAX_BODY_CHARS,
    MAX_CALL_DEPTH,
    MAX_LOOP_DEPTH,
    MAX_LOOP_ITERATIONS,
    MAX_RANGE,
    MAX_VALUE_CHARS,
)
from callprep.trackengine.builtin import BUILTIN_TRACKS, render_builtin, render_or_fallback
from callprep.trackengine.defaults import DEFAULT_TRACKS_DIR, TrackFile, load_track_files
from callprep.trackengine.metadata import format_track_metadata, parse_track_metadata
from callprep.trackengine.reference import CONTEXT_REFERENCE
from callprep.trackengine.render import (
    RenderedTrack,
    TrackRenderError,
    render_track,
    track_variables,
)
from callprep.trackengine.samples import sample_contexts
from callprep.trackengine.validate import validate_track

__all__ = [
    "BUILTIN_TRACKS",
    "CONTEXT_REFERENCE",
    "DEFAULT_TRACKS_DIR",
    "MAX_BODY_CHARS",
    "MAX_CALL_DEPTH",
    "MAX_LOOP_DEPTH",
    "MAX_LOOP_ITERATIONS",
    "MAX_RANGE",
    "MAX_VALUE_CHARS",
    "RenderedTrack",
    "TrackFile",
    "TrackRenderError",
    "format_track_metadata",
    "load_track_files",
    "parse_track_metadata",
    "render_builtin",
    "render_or_fallback",
    "render_track",
    "sample_contexts",
    "track_variables",
    "validate_track",
]
