"""The logged-in person's own settings: for now the time zone the pages show times in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from callprep.accounts.timezones import DEFAULT_ZONE, format_time, set_time_zone, zone_names
from callprep.db import utcnow
from callprep.errors import InvalidInput
from callprep.request_session import db_session, discard_changes
from callprep.web.layout import page_blueprint
from callprep.web.session import current_user, login_required

bp = page_blueprint("account", __name__)


@bp.route("/account", methods=["GET", "POST"])
@login_required()
def settings():
    """Pick the time zone every page shows times in (detected at the first login)."""
    user = current_user()
    error = None
    if request.method == "POST":
        try:
            set_time_zone(db_session(), user, request.form.get("time_zone", ""))
        except InvalidInput as problem:
            discard_changes()
            error = problem.message
        else:
            flash(f"Times are now shown in {user.time_zone}.", "ok")
            return redirect(url_for("account.settings"))
    zone = user.time_zone or DEFAULT_ZONE
    return render_template(
        "account/settings.html",
        zones=zone_names(),
        zone=zone,
        example=format_time(utcnow(), zone),
        error=error,
    ), (422 if error else 200)
