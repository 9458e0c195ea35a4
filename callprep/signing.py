"""callprep's webhook signature, one scheme both ways: inbound deliveries to
`/webhooks/events` (callprep.imports.webhooks) and the outbound alert webhook
(callprep.alerts.channels). HMAC-SHA256 over ``f"{timestamp}." + raw body``, hex, after
``v1=``; the timestamp is unix seconds, sent in ``X-Callprep-Timestamp``."""

from __future__ import annotations

import hashlib
import hmac


def sign_callprep(secret: str, timestamp: int | str, body: bytes) -> str:
    """The `X-Callprep-Signature` value a sender puts on a delivery."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={digest.hexdigest()}"
