"""Who is logged in to the web pages: `current_user()`, `user_principal()` for services,
and the `login_required(...)` decorator every page uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from callprep.accounts.users import Principal
from callprep.accounts.websessions import user_for_web_session
from callprep.models import User
from callprep.request_session import db_session

SESSION_KEY = "sid"


def current_user() -> User | None:
    """The logged-in user of this request, or None (looked up once per request)."""
    if "web_user" not in g:
        g.web_user = user_for_web_session(db_session(), session.get(SESSION_KEY))
    return g.web_user


def user_principal() -> Principal:
    """The logged-in user as the services' Principal (a rep sees only their own leads);
    401 without one. The API's is ``callprep.api.auth.key_principal``."""
    user = current_user()
    if user is None:
        abort(401)
    return Principal(role=user.role, user_id=user.id, email=user.email)


def login_required(*roles: str) -> Callable:
    """Decorator for pages: anonymous visitors go to the login page (and come back after);
    a logged-in user without one of `roles` (when given) gets 403. Always call it:
    `@login_required()` or `@login_required("marketing", "admin")`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                target = request.full_path if request.method == "GET" else None
                return redirect(url_for("auth.login", next=target))
            if roles and user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
