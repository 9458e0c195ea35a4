"""Alert latency (issue 14): from a hand-raise webhook's 2xx to the owner's receivers.

    python bench/alert_latency.py [--runs 10] [--pg-url URL] [--queue]

Starts `callprep serve` (waitress, a real process; jobs on its worker threads, or with
--queue on Dramatiq/Redis db 11 with one `callprep worker`), a Slack-shaped HTTP receiver
and an aiosmtpd SMTP server on 127.0.0.1. The owner's alert settings are Slack + email,
no digest. Each run creates a lead owned by the rep, posts one signed `form_submission`
with a comment to /api/v1/webhooks/events and times from the 2xx to each receiver getting
its alert. The first run, sent as soon as the server answers (the NLP may still be
loading), is reported apart. Target: at most 5 s. Database: a fresh SQLite file, or the
PostgreSQL database named (its public schema is dropped and recreated)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from callprep.signing import sign_callprep

SECRET = "bench-webhook-secret"  # noqa: S105 - a local bench's
REP = "rita.bench@example.com"
QUEUE_URL = "redis://127.0.0.1:6379/11"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SlackReceiver:
    """A Slack-shaped incoming-webhook receiver: answers "ok", notes when each POST came."""

    def __init__(self) -> None:
        self.received: list[tuple[float, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append((time.time(), body))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack"

    def close(self) -> None:
        self.server.shutdown()


class Mailbox:
    def __init__(self) -> None:
        self.received: list[tuple[float, bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received.append((time.time(), envelope.content))
        return "250 OK"


def wait_count(items: list, count: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while len(items) < count and time.monotonic() < deadline:
        time.sleep(0.002)
    return len(items) >= count


def callprep(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise SystemExit(f"callprep {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def call(base, method, path, body=None, headers=None):
    data = (
        None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    )
    request = urllib.request.Request(  # noqa: S310 - http to the local server
        base + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, json.loads(response.read() or b"null")


def wait_up(base, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("callprep serve stopped")
        try:
            call(base, "GET", "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("callprep serve did not come up")


def one_run(base, keys, number, slack, mailbox) -> tuple[float, float]:
    email = f"bench{number}-{int(time.time())}@example.org"
    lead = {"email": email, "first_name": "Joe", "company": "Acme", "owner_email": REP}
    call(base, "POST", "/api/v1/leads", lead, {"Authorization": f"Bearer {keys['integration']}"})
    seen_http, seen_mail = len(slack.received), len(mailbox.received)
    event = {
        "email": email,
        "type": "form_submission",
        "occurred_at": datetime.now(UTC).isoformat(),
        "title": "Contact Sales",
        "comment": "A colleague referred me. We need a widget ROI solution before Q3; "
        "budget is approved.",
        "source": "website",
        "external_id": f"bench-{number}-{time.time_ns()}",
    }
    body = json.dumps({"events": [event]}).encode()
    stamp = str(int(time.time()))
    headers = {
        "X-Callprep-Timestamp": stamp,
        "X-Callprep-Signature": sign_callprep(SECRET, stamp, body),
    }
    status, _ = call(base, "POST", "/api/v1/webhooks/events", body, headers)
    acked = time.time()
    assert 200 <= status < 300, status
    if not (
        wait_count(slack.received, seen_http + 1, 60)
        and wait_count(mailbox.received, seen_mail + 1, 60)
    ):
        raise SystemExit(f"run {number}: no alert within 60 s")
    return slack.received[seen_http][0] - acked, mailbox.received[seen_mail][0] - acked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--queue", action="store_true", help="Dramatiq on Redis db 11")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cp-alert-bench-"))
    if args.pg_url:
        database_url = args.pg_url
        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        database_url = f"sqlite:///{workdir / 'bench.db'}"
    slack, mailbox = SlackReceiver(), Mailbox()
    smtp_port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    port = free_port()
    env = {
        **os.environ,
        "CALLPREP_DATABASE_URL": database_url,
        "CALLPREP_SECRET_KEY": "bench",
        "CALLPREP_WEBHOOK_SECRETS": SECRET,
        "CALLPREP_SMTP_HOST": "127.0.0.1",
        "CALLPREP_SMTP_PORT": str(smtp_port),
        "CALLPREP_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "CALLPREP_ALERT_PRIVATE_TARGETS": "true",  # the receivers listen on 127.0.0.1
        "CALLPREP_RATELIMIT_DEFAULT": "100000 per minute",
    }
    env.pop("CALLPREP_JOBS_MODE", None)
    if args.queue:
        env.update(CALLPREP_QUEUE_URL=QUEUE_URL, CALLPREP_QUEUE_NAMESPACE="cp-bench-alerts")
    callprep(env, "db", "upgrade")
    callprep(env, "users", "create", "--email", REP, "--role", "rep", "--password", "bench-pass-1")
    keys = {
        "rep": callprep(env, "keys", "create", "--role", "rep", "--name", "b", "--user", REP),
        "integration": callprep(env, "keys", "create", "--role", "integration", "--name", "b"),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "callprep.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "serve.log", "w"),  # noqa: SIM115 - lives with the process
        )
    ]
    if args.queue:
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "callprep.cli", "worker", "--threads", "2"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(workdir / "worker.log", "w"),  # noqa: SIM115
            )
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base, processes[0])
        call(base, "PUT", "/api/v1/me/alerts", {
            "channels": [{"kind": "slack", "target": slack.url},
                         {"kind": "email", "target": REP}],
            "digest_seconds": 0,
        }, {"Authorization": f"Bearer {keys['rep']}"})  # fmt: skip
        warm_http, warm_mail = one_run(base, keys, 0, slack, mailbox)
        results = [one_run(base, keys, n, slack, mailbox) for n in range(1, args.runs + 1)]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        slack.close()
        smtp.stop()
    mode = "Dramatiq/Redis + 1 worker" if args.queue else "serve's worker threads"
    db = "PostgreSQL" if args.pg_url else "SQLite"
    print(f"alert latency after the webhook's 2xx ({db}, {mode}, {args.runs} runs)")
    print(
        f"  first run, right after the start (the NLP loads as serving starts): "
        f"slack {warm_http:.3f} s, email {warm_mail:.3f} s"
    )
    for name, values in (("slack", [r[0] for r in results]), ("email", [r[1] for r in results])):
        print(
            f"  {name:5}: median {statistics.median(values):.3f} s, max {max(values):.3f} s, "
            f"min {min(values):.3f} s"
        )
    worst = max(max(r) for r in results)
    print(f"  target <= 5 s: {'met' if worst <= 5 else 'MISSED'} (worst {worst:.3f} s)")


if __name__ == "__main__":
    main()
