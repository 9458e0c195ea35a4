"""What every page blueprint shares: the templates folder, the layout's navigation and the
friendly error pages. A new page area (e.g. the talk-track editor) is

    bp = page_blueprint("talktracks", __name__)

plus an entry in callprep.web.page_blueprints(); its templates extend "layout.html"."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from callprep.web.session import current_user


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    endpoint: str
    path: str  # used until the endpoint exists (the editor page lands on another branch)
    roles: tuple[str, ...]


NAV = (
    NavItem("queue", "Queue", "workspace.queue", "/queue", ("rep", "admin", "marketing")),
    NavItem("talktracks", "Talk tracks", "talktracks.index", "/talktracks", ("marketing", "admin")),
    NavItem(
        "battlecards", "Battlecards", "battlecards.index", "/battlecards", ("marketing", "admin")
    ),
    NavItem("reports", "Reports", "report_pages.index", "/reports", ("marketing", "admin")),
    NavItem("routing", "Routing", "routing.index", "/routing", ("admin",)),
)

ERROR_MESSAGES = {
    400: ("This form has expired", "Reload the page and try again."),
    403: ("Not for your role", "This page is for another role. Ask an admin if you need it."),
    404: ("Not found", "There is nothing here, or it is not one of your leads."),
    429: ("Too many attempts", "Please wait a few minutes before trying again."),
    500: (
        "Something went wrong",
        "The error was logged. Reload the page, or go back and try again.",
    ),
}


def nav_items() -> list[dict[str, str]]:
    user = current_user()
    if user is None:
        return []
    items = []
    for item in NAV:
        if user.role not in item.roles:
            continue
        try:
            href = url_for(item.endpoint)
        except BuildError:
            href = item.path
        items.append({"key": item.key, "label": item.label, "href": href})
    return items


def _layout_context() -> dict[str, object]:
    return {"nav_items": nav_items(), "current_user": current_user()}


def error_page(error: HTTPException):
    code = error.code or 500
    if isinstance(error, CSRFError):
        code = 400
    title, hint = ERROR_MESSAGES.get(code, (error.name, error.description or ""))
    return render_template("error.html", code=code, title=title, hint=hint), code


def _rate_limited(error: RateLimitExceeded):
    if request.endpoint == "auth.login":
        message = "Too many failed logins. Wait 15 minutes, then try again."
        page = render_template(
            "auth/login.html", next_url=None, email=request.form.get("email", ""), error=message
        )
        return page, 429
    return error_page(error)


def _same_origin_referrer(response):
    # Over https the CSRF check also wants a same-site Referer on form posts; an app-wide
    # "no-referrer" would make every form fail. Other sites still get no referrer.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def page_blueprint(name: str, import_name: str, **kwargs) -> Blueprint:
    """A Blueprint for HTML pages: shared templates, layout context and error pages."""
    bp = Blueprint(name, import_name, template_folder="templates", **kwargs)
    bp.context_processor(_layout_context)
    bp.after_request(_same_origin_referrer)
    for code in (400, 403, 404, 405, 500):
        bp.register_error_handler(code, error_page)
    bp.register_error_handler(RateLimitExceeded, _rate_limited)
    return bp
