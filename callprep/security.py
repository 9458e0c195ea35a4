"""API hardening: security headers on every response, rate limits per API key, and JSON-only
endpoints that refuse other content types. Each is one `register_*` step of create_app."""

from __future__ import annotations

import base64
import hashlib
import re
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from flask_limiter import RateLimitExceeded

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
