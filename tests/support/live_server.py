"""Real parts for end-to-end tests: waitress on 127.0.0.1 (as ``callprep serve`` or in a
thread around the test's app) and Debian's headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# No network beyond loopback here: the background-networking flags keep Chromium quiet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(
    database_url: str, *, demo: bool = False, env: dict[str, str] | None = None
) -> Iterator[tuple[str, str]]:
    """Yield (base URL, what the server printed) while ``callprep serve`` runs; it is stopped
    with SIGTERM, as a service manager stops it."""
    port = free_port()
    env = {
        **os.environ,
        "CALLPREP_DATABASE_URL": database_url,
        "CALLPREP_SECRET_KEY": "live-server-test-secret",
        **(env or {}),
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


@contextmanager
def threaded_server(app) -> Iterator[str]:
    """The test's app behind waitress (a real WSGI server) on a free loopback port."""
    import waitress

    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4, ident="callprep")
    stopping = threading.Event()

    def serve() -> None:
        # waitress's own run() loops until its sockets vanish; closing them from this
        # thread while it sits in select() gives EBADF. Looping in short steps lets the
        # server thread notice the stop and leave before the sockets are closed.
        while not stopping.is_set():
            server.asyncore.loop(timeout=0.1, map=server._map, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stopping.set()
        thread.join(timeout=5)
        # Open keep-alive connections too, so no socket is left for the garbage collector.
        for channel in list(server._map.values()):
            if channel is not server and channel is not server.trigger:
                channel.close()
        server.close()
        server.task_dispatcher.shutdown()


@contextmanager
def chromium():
    """Headless Chromium from the chromium package (nothing downloaded at run time)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watched_page(context):
    """A new page of ``context`` whose uncaught script errors are kept in ``page.js_errors``."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return page


def log_in(page, email: str, password: str) -> None:
    """Through the login form, as a person does."""
    page.goto("/login")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def screenshot(page, name: str, full_page: bool = True) -> None:
    """Saved under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
