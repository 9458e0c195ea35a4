"""`callprep serve --demo` runs a real WSGI server (waitress) that answers over HTTP."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def demo_server(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "CALLPREP_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "callprep.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if line.startswith("Serving callprep"):
            break
    try:
        yield port, "".join(output)
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()


def get(port: int, path: str, key: str | None = None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    for _ in range(50):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.headers, json.loads(response.read())
        except ConnectionRefusedError:
            time.sleep(0.1)
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
            time.sleep(0.1)
    raise AssertionError("server did not answer")


def test_serve_demo_prints_logins_and_a_working_key(demo_server):
    port, output = demo_server
    assert "password 'callprep-demo'" in output
    assert "rita.rep@demo.callprep.test" in output
    key = re.search(r"Demo API key \(admin\): (\S+)", output).group(1)
    status, headers, body = get(port, "/healthz")
    assert status == 200 and body == {"status": "ok"}
    assert headers["Server"] == "callprep"  # waitress, not the Flask debug server
    status, _, leads = get(port, "/api/v1/leads?email=joe.smith@contoso-mfg.example.com", key)
    assert status == 200
    assert [lead["first_name"] for lead in leads] == ["Joe"]
