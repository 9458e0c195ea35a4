"""API hardening: security headers on every response, rate limits per API key, and JSON-only
endpoints that refuse other content types. Each is one `register_*` step of create_app."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from flask_limiter import RateLimitExceeded
from limits.storage import MemoryStorage

API_PREFIX = "/api/v1/"
DOCS_PATH = "/api/docs"
# Blueprints whose bodies are not JSON: uploads are multipart, webhooks read raw bytes.
MULTIPART_BLUEPRINTS = {"imports"}
RAW_BODY_BLUEPRINTS = {"webhooks"}
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


# ---------------------------------------------------------------- headers


def register_security_headers(app: Flask) -> None:
    """Headers on every response. The CSP lets the brief's HTML be framed by the CRM origins
    of CALLPREP_CORS_ORIGINS (frame-ancestors) and keeps Swagger UI working (its one inline
    script is allowed by hash, not by 'unsafe-inline')."""

    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # Brief URLs may carry an email (?email=): never leak them to other sites.
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Content-Security-Policy", content_security_policy(response))
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def content_security_policy(response: Response) -> str:
    ancestors = " ".join(["'self'", *current_app.config.get("CORS_ORIGINS", [])])
    scripts = ["'self'"]
    if request.path.startswith(DOCS_PATH) and response.mimetype == "text/html":
        for body in _INLINE_SCRIPT.findall(response.get_data()):
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
            scripts.append(f"'sha256-{digest}'")
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {' '.join(scripts)}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


# ---------------------------------------------------------------- rate limits


def rate_limit_key() -> str:
    """One bucket per API key (a hash: keys never reach the limiter's store), else per
    client address (webhooks, unauthenticated calls)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "key:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    return "ip:" + (request.remote_addr or "unknown")


class ProcessCounters(MemoryStorage):
    """What memory:// means here: limits' MemoryStorage, except that a count does not
    schedule a timer thread to expire old windows. limits starts a new
    ``threading.Timer`` whenever the last one has run (every 10 ms), so under load about
    every other API request started a thread, the largest single cost of a 304. Here a
    window past its end is reset by the next count, and the counts of windows nobody
    touches any more are dropped in a sweep at most once a minute, by the counting thread.
    Fixed windows only (flask-limiter's default strategy and the one callprep uses); the
    moving-window methods are MemoryStorage's own."""

    STORAGE_SCHEME = ["callprep+memory"]
    SWEEP_SECONDS = 60.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._counting = threading.Lock()
        self._next_sweep = time.time() + self.SWEEP_SECONDS

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        with self._counting:
            if now >= self._next_sweep:
                self._sweep(now)
            if self.expirations.get(key, 0) <= now:
                self.storage.pop(key, None)
                self.expirations[key] = now + expiry
            self.storage[key] += amount
            return self.storage[key]

    def decr(self, key: str, amount: int = 1) -> int:
        with self._counting:
            if self.expirations.get(key, 0) <= time.time():
                return 0
            self.storage[key] = max(self.storage[key] - amount, 0)
            return self.storage[key]

    def _sweep(self, now: float) -> None:
        for key in [key for key, ends in self.expirations.items() if ends <= now]:
            self.expirations.pop(key, None)
            self.storage.pop(key, None)
        self._next_sweep = now + self.SWEEP_SECONDS


def limiter_storage_uri(configured: str) -> str:
    """The storage flask-limiter is given: memory:// becomes the timer-free ProcessCounters
    (same counting, one process); Redis and the rest are used as configured."""
    return "callprep+memory://" if configured.strip() == "memory://" else configured


def register_rate_limits(app: Flask) -> None:
    """Limits per API key on the JSON API (RATELIMIT_DEFAULT, e.g. "600 per minute"), kept in
    RATELIMIT_STORAGE_URI: memory:// for one process, redis://... for several workers. They
    live on the app's one limiter (callprep.extensions), beside the login limits."""
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def api_default_limit() -> str:
    # Read per request, so an operator (or a test) can change it without a restart.
    return current_app.config.get("RATELIMIT_DEFAULT") or "600 per minute"


def outside_the_api() -> bool:
    return not request.path.startswith(API_PREFIX)


def _too_many_requests(error: RateLimitExceeded):
    payload = {
        "code": 429,
        "status": HTTPStatus(429).phrase,
        "message": f"rate limit exceeded ({error.description}); retry after the Retry-After "
        "seconds",
        "errors": {},
    }
    # flask-limiter adds Retry-After and X-RateLimit-* to this response (headers enabled).
    return payload, 429


# ---------------------------------------------------------------- content types


def register_content_types(app: Flask) -> None:
    """JSON endpoints take only JSON bodies (415 otherwise): a form post from another site
    cannot reach them, and a client learns at once that it sent the wrong thing."""

    @app.before_request
    def _require_json_bodies():
        if not request.path.startswith(API_PREFIX) or request.method not in (
            "POST",
            "PUT",
            "PATCH",
        ):
            return None
        if request.blueprint in RAW_BODY_BLUEPRINTS or request.routing_exception is not None:
            return None  # webhooks read raw bytes; an unknown method is a 405, not a 415
        has_body = bool(request.content_length) or "chunked" in request.headers.get(
            "Transfer-Encoding", ""
        )
        mimetype = request.mimetype
        if request.blueprint in MULTIPART_BLUEPRINTS:
            wanted, ok = "multipart/form-data", mimetype == "multipart/form-data"
        else:
            wanted = "application/json"
            ok = mimetype == wanted or mimetype.endswith("+json") or (not has_body and not mimetype)
        if ok:
            return None
        return (
            {
                "code": 415,
                "status": HTTPStatus(415).phrase,
                "message": f"send {wanted} (Content-Type: {wanted})",
                "errors": {"Content-Type": [mimetype or "missing"]},
            },
            415,
        )
