"""Web login: email and password, a server-side session behind a signed cookie, logout, and
a limit on repeated failed logins. Who is logged in is `callprep.web.session`'s."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from callprep.accounts import auth_limits
from callprep.accounts.timezones import detect_time_zone
from callprep.accounts.users import authenticate_user, normalise_email
from callprep.accounts.websessions import close_web_session, open_web_session
from callprep.models import User
from callprep.request_session import db_session
from callprep.web.layout import page_blueprint
from callprep.web.session import SESSION_KEY, current_user

bp = page_blueprint("auth", __name__)

# Failed logins (a correct password clears its account's count): callprep.accounts.auth_limits.
FAILED_LOGINS_PER_ACCOUNT = auth_limits.FAILED_LOGINS_PER_ACCOUNT
FAILED_LOGINS_PER_ADDRESS = auth_limits.FAILED_LOGINS_PER_ADDRESS
LANDING_BY_ROLE = {"rep": "workspace.queue", "admin": "workspace.queue"}


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: a login link must not bounce the rep to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target.rstrip("?") or None


def landing_url(user: User) -> str:
    return url_for(LANDING_BY_ROLE.get(user.role, "report_pages.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form; a correct email and password start a new session."""
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        user = current_user()
        if user is not None:
            return redirect(next_url or landing_url(user))
        return render_template("auth/login.html", next_url=next_url, email="", error=None)
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    account = normalise_email(email) if email else ""
    # Counted before the password is checked, atomically (callprep.auth_limits).
    if not auth_limits.login_attempt_allowed(account, request.remote_addr or "unknown"):
        message = "Too many failed logins. Wait 15 minutes, then try again."
        page = render_template("auth/login.html", next_url=None, email=email, error=message)
        return page, 429, {"Retry-After": "900"}
    user = authenticate_user(db_session(), email, password) if email and password else None
    if user is not None:
        auth_limits.login_succeeded(account)
    if user is None:
        error = "That email and password do not match an account."
        page = render_template("auth/login.html", next_url=next_url, email=email, error=error)
        return page, 401
    _start_session(user)
    detect_time_zone(db_session(), user, request.form.get("time_zone"))
    return redirect(next_url or landing_url(user))


def _start_session(user: User) -> None:
    # Rotate: nothing from before the login (session id, CSRF token) survives it.
    close_web_session(db_session(), session.get(SESSION_KEY))
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = open_web_session(db_session(), user)
    g.web_user = user


@bp.get("/")
def home():
    """The start page: the queue for reps, reports for marketing, else the login."""
    user = current_user()
    return redirect(landing_url(user) if user else url_for("auth.login"))


@bp.post("/logout")
def logout():
    """End the session on the server (the old cookie opens nothing) and forget the cookie."""
    close_web_session(db_session(), session.get(SESSION_KEY))
    session.clear()
    g.web_user = None
    return redirect(url_for("auth.login", logged_out=1))
