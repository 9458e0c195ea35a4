"""Bearer-key authentication and role checks for the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, g, request
from flask_smorest import abort

from callprep.accounts import auth_limits
from callprep.accounts.users import KeyCache, Principal
from callprep.request_session import db_session

ALL_ROLES = ("admin", "marketing", "rep", "integration")
LEAD_WRITERS = ("admin", "marketing", "integration")
KEY_CACHE = "callprep.key_cache"


def register_key_cache(app: Flask) -> None:
    app.extensions[KEY_CACHE] = KeyCache(app.config.get("API_KEY_CACHE_SECONDS", 5))


def authenticate() -> None:
    """before_request of every API blueprint: 401 unless a valid, unrevoked key is given."""
    if request.method == "OPTIONS":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    principal = None
    address = request.remote_addr or "unknown"
    if auth_limits.api_key_failures_exceeded(address):
        # Made-up keys get no database lookup once an address has sent too many.
        abort(
            429,
            message="too many requests with an unknown API key from this address; retry later",
            headers={"Retry-After": "60"},
        )
    if scheme.lower() == "bearer" and token.strip():
        principal = current_app.extensions[KEY_CACHE].principal(db_session(), token.strip())
    if principal is None:
        auth_limits.api_key_failed(address)
        abort(
            401,
            message="a valid API key is required: Authorization: Bearer <key>",
            headers={"WWW-Authenticate": 'Bearer realm="callprep"'},
        )
    g.principal = principal


def key_principal() -> Principal:
    """The API key's principal, set by ``authenticate`` (the web's is ``user_principal``)."""
    return g.principal


def require_role(*roles: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if key_principal().role not in roles:
                abort(403, message=f"this needs one of the roles: {', '.join(roles)}")
            return view(*args, **kwargs)

        return wrapper

    return decorator
