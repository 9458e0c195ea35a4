"""Alerts: your own alert settings and a test alert; an admin's dead letters and replay."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields, validate

from callprep.alerts import delivery
from callprep.alerts.preferences import MAX_CHANNELS, MAX_DIGEST_SECONDS, preferences_of
from callprep.alerts.preferences import save_preferences as store_preferences
from callprep.api.auth import ALL_ROLES, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.jobs import work
from callprep.jobs.runners import submit_after_commit
from callprep.models import User
from callprep.models.alerts import CHANNEL_KINDS
from callprep.request_session import db_session

blp = Blueprint("alerts", __name__, url_prefix="/api/v1", description="Alerts")
blp.before_request(authenticate)


class AlertChannelSchema(ma.Schema):
    kind = fields.String(required=True, validate=validate.OneOf(CHANNEL_KINDS))
    target = fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={
            "description": "The incoming-webhook address (slack, teams, webhook) or "
            "the email address"
        },
    )
    secret = fields.String(
        validate=validate.Length(min=16, max=100),
        metadata={"description": "webhook only: the HMAC signing secret (made when omitted)"},
    )


CLOCK = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="a time as HH:MM (24 h)")


class QuietHoursSchema(ma.Schema):
    start = fields.String(
        required=True, validate=CLOCK, metadata={"description": "HH:MM, your time zone"}
    )
    end = fields.String(
        required=True,
        validate=CLOCK,
        metadata={"description": "HH:MM, your time zone; not the start"},
    )


class AlertPreferencesSchema(ma.Schema):
    enabled = fields.Boolean(load_default=True)
    channels = fields.List(
        fields.Nested(AlertChannelSchema),
        load_default=list,
        validate=validate.Length(max=MAX_CHANNELS),
    )
    quiet_hours = fields.Nested(
        QuietHoursSchema, metadata={"description": "Left out: no quiet hours"}
    )
    digest_seconds = fields.Integer(
        load_default=60,
        validate=validate.Range(0, MAX_DIGEST_SECONDS),
        metadata={
            "description": "Alerts landing this soon after your last one wait and go "
            "together as one digest (0: every alert at once)"
        },
    )
    priority_alerts = fields.Boolean(
        load_default=False,
        metadata={"description": "Also alert for researchers crossing the priority threshold"},
    )
    unassigned = fields.Boolean(
        load_default=False, metadata={"description": "Admins: also alert for unowned leads"}
    )
    time_zone = fields.String(dump_only=True)
    saved = fields.Boolean(dump_only=True)


class TestAlertSchema(ma.Schema):
    alert_id = fields.Integer()
    channels = fields.List(fields.String())


class AlertDeliverySchema(ma.Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    channel = fields.String()
    digest = fields.Boolean()
    state = fields.String(metadata={"description": "pending, sent or dead"})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    next_attempt_at = fields.AwareDateTime()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    alert_ids = fields.List(fields.Integer())


def _me() -> User:
    principal = key_principal()
    user = db_session().get(User, principal.user_id) if principal.user_id else None
    if user is None:
        abort(403, message="this API key belongs to no user: alert settings are a user's")
    return user


def user_key(view: Callable) -> Callable:
    """403 before the body is read when the key is no user's (an integration key)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        _me()
        return view(*args, **kwargs)

    return wrapper


def _smtp() -> bool:
    return bool(current_app.config["SMTP_HOST"])


@blp.route("/me/alerts")
class MyAlerts(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, AlertPreferencesSchema)
    def get(self):
        """Your alert settings (without saved ones: email when SMTP is configured)"""
        return preferences_of(db_session(), _me(), _smtp()).as_dict()

    @require_role(*ALL_ROLES)
    @user_key
    @blp.arguments(AlertPreferencesSchema)
    @blp.response(200, AlertPreferencesSchema)
    def put(self, values):
        """Replace your alert settings"""
        session = db_session()
        user = _me()
        store_preferences(session, user, values)
        return preferences_of(session, user, _smtp()).as_dict()


@blp.route("/me/alerts/test")
class MyTestAlert(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(202, TestAlertSchema)
    def post(self):
        """Send a test alert on your channels now (quiet hours do not hold it)"""
        session = db_session()
        user = _me()
        prefs = preferences_of(session, user, _smtp())
        if not prefs.channels:
            abort(422, message="no alert channel is set", errors={"channels": ["add one first"]})
        alert = delivery.create_test_alert(session, user, current_app.config["PUBLIC_URL"])
        submit_after_commit(session, work.deliver_alerts_job(user.id))
        return {"alert_id": alert.id, "channels": [c.kind for c in prefs.channels]}


@blp.route("/alerts/dead-letters")
class DeadLetters(MethodView):
    @require_role("admin")
    @blp.response(200, AlertDeliverySchema(many=True))
    def get(self):
        """Alert deliveries that failed every attempt, newest first"""
        session = db_session()
        rows = delivery.dead_letters(session)
        ids = delivery.alert_ids_of(session, [row.id for row in rows])
        return [delivery.delivery_view(row, ids[row.id]) for row in rows]


@blp.route("/alerts/dead-letters/<int:delivery_id>/replay")
class DeadLetterReplay(MethodView):
    @require_role("admin")
    @blp.response(202, AlertDeliverySchema)
    def post(self, delivery_id):
        """Send a dead letter again (its attempts start over)"""
        session = db_session()
        row = delivery.replay(session, delivery_id)
        submit_after_commit(session, work.deliver_alerts_job(row.user_id))
        ids = delivery.alert_ids_of(session, [row.id])
        return delivery.delivery_view(row, ids[row.id])
