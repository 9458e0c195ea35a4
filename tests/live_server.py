"""A real waitress server (``callprep serve``) on 127.0.0.1 for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(database_url: str, *, demo: bool = False) -> Iterator[tuple[str, str]]:
    """Yield (base URL, what the server printed) while ``callprep serve`` runs."""
    port = free_port()
    env = {
        **os.environ,
        "CALLPREP_DATABASE_URL": database_url,
        "CALLPREP_SECRET_KEY": "live-server-test-secret",
    }
    command = [sys.executable, "-m", "callprep.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command + (["--demo"] if demo else []),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output: list[str] = []
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise AssertionError(f"the server exited early: {''.join(output)}")
            output.append(line)
            if line.startswith("Serving callprep"):
                break
        _wait_until_up(base)
        yield base, "".join(output)
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def _wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("the server did not answer /healthz")
