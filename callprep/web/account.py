"""The logged-in person's own settings: the time zone the pages show times in, and how they
are alerted (channel, quiet hours, digest window) with a test alert to try it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from callprep.accounts.timezones import DEFAULT_ZONE, format_time, set_time_zone, zone_names
from callprep.alerts.delivery import create_test_alert
from callprep.alerts.preferences import DEFAULT_DIGEST_SECONDS, preferences_of, save_preferences
from callprep.db import utcnow
from callprep.errors import InvalidInput
from callprep.jobs import work
from callprep.jobs.runners import submit_after_commit
from callprep.models.alerts import CHANNEL_KINDS
from callprep.request_session import db_session, discard_changes
from callprep.routing.assignments import sees_unassigned
from callprep.web.layout import page_blueprint
from callprep.web.session import current_user, login_required

bp = page_blueprint("account", __name__)

CHANNEL_LABELS = {
    "slack": "Slack (incoming webhook)",
    "teams": "Microsoft Teams (incoming webhook)",
    "email": "Email",
    "webhook": "Signed webhook (HMAC)",
}
DIGEST_CHOICES = ((0, "Never: every alert at once"), (60, "1 minute"), (300, "5 minutes"),
                  (900, "15 minutes"), (3600, "1 hour"))  # fmt: skip


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
    return _page(error=error), (422 if error else 200)


@bp.route("/account/alerts", methods=["POST"])
@login_required()
def alerts():
    """Save the alert channel, quiet hours and digest window (the API may set several
    channels: the form edits the first and keeps the others)."""
    user = current_user()
    session = db_session()
    form = request.form
    prefs = preferences_of(session, user, _smtp())
    kind, target = form.get("kind", "").strip(), form.get("target", "").strip()
    kept = [channel.as_dict() for channel in prefs.channels[1:]] if prefs.saved else []
    channels = ([{"kind": kind, "target": target}] if target else []) + kept
    quiet = None
    if form.get("quiet_start") or form.get("quiet_end"):
        quiet = {"start": form.get("quiet_start", ""), "end": form.get("quiet_end", "")}
    try:
        digest = int(form.get("digest_seconds", DEFAULT_DIGEST_SECONDS))
    except ValueError:
        digest = -1
    values = {
        "enabled": form.get("enabled") == "on",
        "channels": channels,
        "quiet_hours": quiet,
        "digest_seconds": digest,
        "priority_alerts": form.get("priority_alerts") == "on",
        "unassigned": form.get("unassigned") == "on" and sees_unassigned(user),
    }
    try:
        save_preferences(session, user, values)
    except InvalidInput as problem:
        discard_changes()
        return _page(alert_errors=_by_field(problem.errors), alert_form=form), 422
    flash("Alert settings saved.", "ok")
    return redirect(url_for("account.settings") + "#alerts")


@bp.route("/account/alerts/test", methods=["POST"])
@login_required()
def test_alert():
    """Send a test alert on the saved channels now."""
    user = current_user()
    session = db_session()
    prefs = preferences_of(session, user, _smtp())
    if not prefs.channels:
        flash("Set an alert channel first.", "error")
        return redirect(url_for("account.settings") + "#alerts")
    create_test_alert(session, user, current_app.config["PUBLIC_URL"])
    submit_after_commit(session, work.deliver_alerts_job(user.id))
    kinds = ", ".join(CHANNEL_LABELS[channel.kind].split(" (")[0] for channel in prefs.channels)
    flash(f"Test alert sent to {kinds}. It should arrive within seconds.", "ok")
    return redirect(url_for("account.settings") + "#alerts")


def _smtp() -> bool:
    return bool(current_app.config["SMTP_HOST"])


def _by_field(errors: dict) -> dict[str, str]:
    """The form's field for each error the service named."""
    shown = {}
    for name, messages in errors.items():
        field = {"channels.0.kind": "kind", "channels.0.target": "target",
                 "quiet_hours.start": "quiet_start", "quiet_hours.end": "quiet_end"}.get(
            name, name)  # fmt: skip
        shown[field] = "; ".join(messages)
    return shown


def _page(error=None, alert_errors=None, alert_form=None):
    user = current_user()
    zone = user.time_zone or DEFAULT_ZONE
    prefs = preferences_of(db_session(), user, _smtp())
    first = prefs.channels[0] if prefs.channels else None
    form = alert_form or {
        "kind": first.kind if first else "slack",
        "target": first.target if first else "",
        "quiet_start": prefs.quiet_start or "",
        "quiet_end": prefs.quiet_end or "",
        "digest_seconds": str(prefs.digest_seconds),
        "enabled": "on" if prefs.enabled else "",
        "priority_alerts": "on" if prefs.priority_alerts else "",
        "unassigned": "on" if prefs.unassigned else "",
    }
    return render_template(
        "account/settings.html",
        zones=zone_names(),
        zone=zone,
        example=format_time(utcnow(), zone),
        error=error,
        prefs=prefs,
        first_channel=first,
        alert_form=form,
        alert_errors=alert_errors or {},
        channel_kinds=[(kind, CHANNEL_LABELS[kind]) for kind in CHANNEL_KINDS],
        digest_choices=DIGEST_CHOICES,
        smtp=_smtp(),
        sees_unassigned=sees_unassigned(user),
    )
