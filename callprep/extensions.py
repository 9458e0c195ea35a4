"""App-wide Flask extensions, created once here and bound to the app by create_app.

One Limiter for the whole app: the login limits of the web pages and the API's rate limits
share its storage (memory:// for one process, Redis for several workers), so a team sets
CALLPREP_RATELIMIT_STORAGE_URI once."""

from __future__ import annotations

import hashlib

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

API_PREFIX = "/api/"


def client_key() -> str:
    """Who a limit counts: the API key when one is sent (hashed: keys never reach the
    limiter's store or its log lines), otherwise the connecting address."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "key:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    return "ip:" + get_remote_address()


def outside_the_api() -> bool:
    """Default limits (RATELIMIT_DEFAULT, when configured) are the API's; pages carry their
    own explicit limits, like the failed-login limits."""
    return not request.path.startswith(API_PREFIX)


limiter = Limiter(key_func=client_key, default_limits_exempt_when=outside_the_api)
csrf = CSRFProtect()

# The JSON API and the webhooks authenticate every request with a bearer key or a signature,
# never with the session cookie, so a forged cross-site request carries no credential there.
CSRF_FREE_PREFIXES = (API_PREFIX,)


def register_extensions(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    # CSRFProtect's own hook would check the API too; we call protect() ourselves instead.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    # A brief page may stay open all day before the rep logs the outcome.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 12 * 3600)
    csrf.init_app(app)

    @app.before_request
    def _check_csrf() -> None:
        if app.config.get("WTF_CSRF_ENABLED", True) and not request.path.startswith(
            CSRF_FREE_PREFIXES
        ):
            csrf.protect(apply_exemptions=True)
