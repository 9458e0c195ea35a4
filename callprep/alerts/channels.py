"""Sending one message on one channel, with a timeout on every network step.

HTTP goes out with the standard library's urllib (no redirects followed: a webhook address
that redirects is a configuration to fix, and following it would re-send the alert where
nobody asked); email with smtplib. A failure raises ``DeliveryFailed`` with a short reason
that names no address and no text (it is logged and kept on the delivery)."""

from __future__ import annotations

import ipaddress
import json
import smtplib
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from callprep.alerts import compose
from callprep.alerts.compose import AlertText
from callprep.signing import sign_callprep

USER_AGENT = "callprep-alerts/1"
RESPONSE_LIMIT = 4096


class DeliveryFailed(Exception):
    """The channel did not take the message; the delivery is retried, then dead-lettered."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "callprep@localhost"

    @classmethod
    def from_config(cls, config: Mapping) -> SmtpSettings:
        return cls(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
            starttls=config["SMTP_STARTTLS"],
            sender=config["ALERT_EMAIL_FROM"],
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx is then raised as an HTTPError: a failed delivery


_opener = urllib.request.build_opener(_NoRedirects())


def private_address(address: str) -> bool:
    """Loopback, private, link-local (cloud metadata), shared or reserved: not the internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_public(url: str) -> None:
    """A user's webhook address must lead to the internet, not into the server's own network
    (its admin port, a database, the cloud's metadata service): every address the name
    resolves to is checked as the alert is sent. CALLPREP_ALERT_PRIVATE_TARGETS allows
    private ones (an internal receiver, the tests' local ones)."""
    host = urlsplit(url).hostname or ""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise DeliveryFailed("connection failed: the host name does not resolve") from None
    if any(private_address(info[4][0]) for info in found):
        raise DeliveryFailed(
            "the address is on a private network (CALLPREP_ALERT_PRIVATE_TARGETS allows it)"
        )


def send(
    channel: str,
    target: str,
    secret: str | None,
    delivery_id: int,
    alerts: Sequence[AlertText],
    *,
    timeout: float,
    smtp: SmtpSettings,
    private_targets: bool = False,
) -> None:
    if channel != "email" and not private_targets:
        check_public(target)
    if channel == "slack":
        post_json(target, _json(compose.slack_message(alerts)), {}, timeout)
    elif channel == "teams":
        post_json(target, _json(compose.teams_message(alerts)), {}, timeout)
    elif channel == "webhook":
        body = compose.webhook_body(delivery_id, alerts, datetime.now().astimezone())
        timestamp = str(int(time.time()))
        headers = {
            "X-Callprep-Timestamp": timestamp,
            "X-Callprep-Signature": sign_callprep(secret or "", timestamp, body),
            "X-Callprep-Delivery": str(delivery_id),
        }
        post_json(target, body, headers, timeout)
    elif channel == "email":
        send_email(target, alerts, smtp, timeout)
    else:
        raise DeliveryFailed(f"unknown channel {channel!r}")


def _json(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def post_json(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> None:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked at save time
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
    )
    if not url.startswith(("http://", "https://")):
        raise DeliveryFailed("not an http(s) address")
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(RESPONSE_LIMIT)
    except urllib.error.HTTPError as error:
        error.close()
        raise DeliveryFailed(f"HTTP {error.code}") from None
    except TimeoutError:
        raise DeliveryFailed(f"timed out after {timeout:g} s") from None
    except urllib.error.URLError as error:
        reason = error.reason
        kind = "timed out" if isinstance(reason, TimeoutError) else type(reason).__name__
        raise DeliveryFailed(f"connection failed: {kind}") from None
    except (OSError, ValueError) as error:
        raise DeliveryFailed(f"connection failed: {type(error).__name__}") from None


def send_email(
    recipient: str, alerts: Sequence[AlertText], smtp: SmtpSettings, timeout: float
) -> None:
    if not smtp.host:
        raise DeliveryFailed("SMTP is not configured (CALLPREP_SMTP_HOST)")
    message = compose.email_message(alerts, smtp.sender, recipient)
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password)
            client.send_message(message)
    except smtplib.SMTPResponseException as error:
        raise DeliveryFailed(f"SMTP {error.smtp_code}") from None
    except TimeoutError:
        raise DeliveryFailed(f"timed out after {timeout:g} s") from None
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(f"SMTP failed: {type(error).__name__}") from None
