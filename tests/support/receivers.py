"""Real local receivers for outbound alerts: an HTTP server (Slack, Teams, the signed
webhook) and an SMTP server (aiosmtpd), both on 127.0.0.1 in threads of the test process."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.time() when it arrived

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpReceiver:
    """Records every POST; ``fail_next`` answers that many with 500 first, ``hang`` waits
    that many seconds before answering."""

    fail_next: int = 0
    hang: float = 0.0
    received: list[Received] = field(default_factory=list)
    attempts: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self
        self._changed = threading.Condition()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._changed:
                    receiver.attempts.append(time.time())
                    failing = receiver.fail_next > 0
                    if failing:
                        receiver.fail_next -= 1
                if receiver.hang:
                    time.sleep(receiver.hang)
                if failing:
                    self.send_response(500)
                    self.end_headers()
                    return
                with receiver._changed:
                    receiver.received.append(
                        Received(self.path, dict(self.headers), body, time.time())
                    )
                    receiver._changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.received) < count and time.monotonic() < deadline:
                self._changed.wait(max(0.0, deadline - time.monotonic()))
            return list(self.received)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[float, Any, list[str]]] = []
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.changed:
            self.messages.append((time.time(), message, list(envelope.rcpt_tos)))
            self.changed.notify_all()
        return "250 OK"


class SmtpReceiver:
    def __init__(self) -> None:
        self.mailbox = _Mailbox()
        # aiosmtpd's Controller connects to its port to see it is up: it needs a real one.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def messages(self):
        return list(self.mailbox.messages)

    def wait_for(self, count: int, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        with self.mailbox.changed:
            while len(self.mailbox.messages) < count and time.monotonic() < deadline:
                self.mailbox.changed.wait(max(0.0, deadline - time.monotonic()))
            return list(self.mailbox.messages)

    def close(self) -> None:
        self.controller.stop()
