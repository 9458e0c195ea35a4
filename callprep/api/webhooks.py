"""Signed webhooks from marketing automation. They authenticate by signature, not by key."""

from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from marshmallow import fields

from callprep import webhooks
from callprep.api.blueprint import Blueprint
from callprep.errors import InvalidInput
from callprep.request_session import db_session

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description="Signed deliveries from marketing automation (HMAC-SHA256; no API key)",
)


class DeliveryResultSchema(ma.Schema):
    created = fields.Integer()
    duplicates = fields.Integer(metadata={"description": "Events already stored (redelivery)"})
    leads_created = fields.Integer()
    suppressed = fields.Integer(metadata={"description": "Events of erased, suppressed people"})


_EVENT_EXAMPLE = {
    "events": [
        {
            "email": "joe@example.com",
            "type": "form_submission",
            "occurred_at": "2026-11-22T09:15:00+00:00",
            "title": "Contact Sales",
            "comment": "We need a widget ROI solution before Q3.",
            "source": "website",
            "external_id": "sub-81723",
        }
    ]
}
_EVENTS_BODY = {
    "required": True,
    "description": '`{"events": [...]}` (1-1000) or one event: an interaction '
    "(type, occurred_at, title, ...) with the lead's `email` (and optional first_name, "
    "last_name, company) and a required `external_id`. Signed with `X-Callprep-Timestamp` "
    "(unix seconds) and `X-Callprep-Signature: v1=<hex HMAC-SHA256(secret, timestamp + '.' + "
    "raw body)>`, or HubSpot's `X-HubSpot-Signature-v3` / `X-HubSpot-Request-Timestamp`.",
    "content": {"application/json": {"schema": {"type": "object"}, "example": _EVENT_EXAMPLE}},
}
_MAUTIC_BODY = {
    "required": True,
    "description": "A Mautic `mautic.form_on_submit` webhook payload, signed with "
    "`Webhook-Signature: base64(HMAC-SHA256(secret, raw body))`.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _load_json(body: bytes):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput("the body is not JSON", errors={"body": [str(error)]}) from error


def _acknowledge(events):
    session = db_session()
    report = webhooks.store_delivery(session, events)
    # Acknowledge only what is durably stored: commit before the 200 goes out, so a failed
    # commit becomes an error the sender retries, never a lost event.
    session.commit()
    return {
        "created": report.created,
        "duplicates": report.duplicates,
        "leads_created": report.leads_created,
        "suppressed": report.suppressed,
    }


@blp.route("/events")
class Events(MethodView):
    @blp.doc(security=[], requestBody=_EVENTS_BODY)
    @blp.response(200, DeliveryResultSchema)
    @blp.alt_response(401, response="DEFAULT_ERROR", description="Bad or stale signature")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="Bad payload; the field named")
    def post(self):
        """Receive signed events (callprep or HubSpot v3 signature)"""
        body = request.get_data(cache=True)
        config = current_app.config
        if "X-HubSpot-Signature-v3" in request.headers:
            webhooks.verify_hubspot(
                request.method,
                request.url,
                body,
                request.headers.get("X-HubSpot-Request-Timestamp"),
                request.headers.get("X-HubSpot-Signature-v3"),
                config["HUBSPOT_CLIENT_SECRET"],
            )
            source = webhooks.HUBSPOT_SOURCE
        else:
            webhooks.verify_callprep(
                body,
                request.headers.get("X-Callprep-Timestamp"),
                request.headers.get("X-Callprep-Signature"),
                config["WEBHOOK_SECRETS"],
            )
            source = webhooks.CALLPREP_SOURCE
        return _acknowledge(webhooks.parse_events(_load_json(body), source))


@blp.route("/mautic")
class Mautic(MethodView):
    @blp.doc(security=[], requestBody=_MAUTIC_BODY)
    @blp.response(200, DeliveryResultSchema)
    @blp.alt_response(401, response="DEFAULT_ERROR", description="Bad signature")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="Bad payload; the field named")
    def post(self):
        """Receive Mautic form submissions (mautic.form_on_submit)"""
        body = request.get_data(cache=True)
        webhooks.verify_mautic(
            body, request.headers.get("Webhook-Signature"), current_app.config["MAUTIC_SECRET"]
        )
        return _acknowledge(webhooks.parse_mautic(_load_json(body)))
