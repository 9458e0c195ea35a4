"""The instance folder: what a local install keeps between runs (Flask's `instance_path`).

Without CALLPREP_SECRET_KEY the app signs sessions with a secret generated once and kept in
`<instance folder>/secret_key`, so a restart does not log everyone out and two servers on
one install share it. Created atomically: two servers starting at once end up with the same
secret, whichever wrote it first."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "secret_key"  # noqa: S105 - a file name


def stored_secret(instance_path: str | os.PathLike[str]) -> str:
    """The secret kept in the instance folder, generated (mode 0600) on first use."""
    folder = Path(instance_path)
    target = folder / SECRET_FILE
    existing = _read(target)
    if existing:
        return existing
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(32) + "\n")
    try:
        # link() fails if another process got there first; theirs wins, ours is dropped.
        os.link(temporary, target)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
    return _read(target) or ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
