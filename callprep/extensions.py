"""App-wide Flask extensions, created once here and bound to the app by create_app.

One Limiter for the whole app: the login limits of the web pages and the API's rate limits
share its storage (memory:// for one process, Redis for several workers), so a team sets
CALLPREP_RATELIMIT_STORAGE_URI once."""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect

from callprep.security import (
    API_PREFIX,
    api_default_limit,
    limiter_storage_uri,
    outside_the_api,
    rate_limit_key,
)

limiter = Limiter(
    # One bucket per API key (hashed), else per client address (web pages, webhooks).
    key_func=rate_limit_key,
    # The default limit is the API's; pages carry their own (e.g. failed logins).
    default_limits=[api_default_limit],
    default_limits_exempt_when=outside_the_api,
    # A Redis outage must not take the service down: count in memory meanwhile.
    in_memory_fallback_enabled=True,
)
csrf = CSRFProtect()

# The JSON API and the webhooks authenticate every request with a bearer key or a signature,
# never with the session cookie, so a forged cross-site request carries no credential there.
CSRF_FREE_PREFIXES = (API_PREFIX,)


def register_extensions(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "callprep")
    app.config["RATELIMIT_STORAGE_URI"] = limiter_storage_uri(
        app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    )
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
