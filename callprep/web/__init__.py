"""The web pages reps and marketing log in to. Thin: parse, authorise, call a service, render."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Flask, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface

from callprep.accounts.websessions import SESSION_LIFETIME
from callprep.web import (
    account,
    battlecards,
    companies,
    login,
    reports,
    routing,
    talktracks,
    workspace,
)
from callprep.web.filters import register_filters


def page_blueprints() -> list[Blueprint]:
    """Every page area; a new one (the talk-track editor) is appended here."""
    return [
        login.bp,
        workspace.bp,
        reports.bp,
        talktracks.bp,
        battlecards.bp,
        routing.bp,
        account.bp,
        companies.bp,
    ]


def register_web(app: Flask) -> None:
    # Flask presets these keys, so they are set, not defaulted. Lax: a link from a CRM opens
    # the page logged in; a cross-site POST arrives without the cookie.
    app.config.update(
        SESSION_COOKIE_NAME="callprep_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    app.session_interface = _SessionInterface()
    register_filters(app)
    web = Blueprint("web", __name__, static_folder="static", static_url_path="/assets")

    @web.get("/favicon.ico")
    def favicon():
        # Browsers and bookmark tools ask for /favicon.ico whatever the page's <link> says.
        return send_from_directory(
            web.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400
        )

    app.register_blueprint(web)
    for blueprint in page_blueprints():
        app.register_blueprint(blueprint)


class _SessionInterface(SecureCookieSessionInterface):
    """Secure cookies everywhere except plain http to this machine (the local demo)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        mode = app.config.get("SECURE_COOKIES", "auto")
        if mode in ("always", "never"):
            return mode == "always"
        return request.is_secure or not _is_loopback(request.host)


def _is_loopback(host: str) -> bool:
    name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
