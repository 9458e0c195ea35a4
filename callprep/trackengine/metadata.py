"""The leading ``{# key: value #}`` comment of a talk-track file."""

from __future__ import annotations

import re
from typing import Any

_LEADING_COMMENT = re.compile(r"\A\s*\{#-?(.*?)-?#\}[ \t]*\r?\n?", re.DOTALL)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
#: Keys whose value is a comma-separated list.
LIST_KEYS = frozenset({"topics"})


def parse_track_metadata(source: str) -> tuple[dict[str, Any], str]:
    """Split a talk-track file into its metadata and its body.

    The metadata is a leading Jinja comment of ``key: value`` lines; a line without a key
    continues the previous value (for long descriptions). ``topics`` becomes a list. A file
    without such a comment has no metadata and is all body; the body never includes the
    metadata comment.
    """
    match = _LEADING_COMMENT.match(source)
    if not match:
        return {}, source
    meta: dict[str, Any] = {}
    key = None
    for raw in match.group(1).splitlines():
        line = raw.strip()
        if not line:
            continue
        pair = _KEY_LINE.match(line)
        if pair:
            key = pair.group(1).lower().replace("-", "_")
            meta[key] = pair.group(2).strip()
        elif key is not None:
            meta[key] = f"{meta[key]} {line}".strip()
    if not meta:
        return {}, source  # an ordinary comment, not metadata
    for list_key in LIST_KEYS & meta.keys():
        meta[list_key] = [item.strip() for item in meta[list_key].split(",") if item.strip()]
    return meta, source[match.end() :]


def format_track_metadata(meta: dict[str, Any]) -> str:
    """The leading comment for ``meta`` (the inverse of ``parse_track_metadata``)."""
    lines = []
    for key, value in meta.items():
        text = ", ".join(value) if isinstance(value, list | tuple) else str(value)
        text = text.replace("#}", "# }")  # would end the comment early
        lines.append(f"{key}: {' '.join(text.split())}")
    return "{#\n" + "\n".join(lines) + "\n#}\n"
