"""Signed webhooks from marketing automation. They authenticate by signature, not by key."""

from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from marshmallow import fields
from sqlalchemy.exc import IntegrityError

from callprep.api.blueprint import Blueprint
from callprep.errors import InvalidInput
from callprep.imports import webhooks
from callprep.request_session import db_session, discard_changes

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description="Signed deliveries from marketing automation (HMAC-SHA256; no API key)",
)


class SkipSchema(ma.Schema):
    index = fields.Integer(metadata={"description": "The event's position in the delivery"})
    event = fields.String(allow_none=True, metadata={"description": "The sender's event type"})
    external_id = fields.String(allow_none=True)
    reason = fields.String(metadata={"description": "Why it was not stored (no values)"})


class EventResultSchema(ma.Schema):
    index = fields.Integer()
    status = fields.String(
        metadata={
            "description": "created, duplicate, suppressed, skipped (with reason), or for "
            "contact events lead_created, lead_updated, lead_unchanged"
        }
    )
    reason = fields.String(metadata={"description": "Only for skipped events"})


class DeliveryResultSchema(ma.Schema):
    delivery_id = fields.Integer(metadata={"description": "GET /api/v1/deliveries lists it"})
    events = fields.Integer(metadata={"description": "Events in the delivery"})
    created = fields.Integer()
    duplicates = fields.Integer(metadata={"description": "Events already stored (redelivery)"})
    leads_created = fields.Integer()
    leads_updated = fields.Integer(metadata={"description": "Known leads changed (Mautic)"})
    suppressed = fields.Integer(metadata={"description": "Events of erased, suppressed people"})
    skipped = fields.Integer(metadata={"description": "Events not stored; see skips"})
    skips = fields.List(fields.Nested(SkipSchema))
    results = fields.List(
        fields.Nested(EventResultSchema),
        metadata={"description": "One entry per event of the delivery, in order"},
    )


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
    "raw body)>`, or HubSpot's `X-HubSpot-Signature-v3` / `X-HubSpot-Request-Timestamp` "
    "(or, without v3, `X-HubSpot-Signature` with `X-HubSpot-Signature-Version` v1/v2). "
    "Events that cannot be stored are skipped and listed in the answer's `skips`.",
    "content": {"application/json": {"schema": {"type": "object"}, "example": _EVENT_EXAMPLE}},
}
_MAUTIC_BODY = {
    "required": True,
    "description": 'A Mautic webhook payload (`{"mautic.<event>": [...] or {...}}`: '
    "form_on_submit, page_on_hit, email_on_open, email_on_send, lead_post_save_new/update; "
    "other types are skipped), signed with "
    "`Webhook-Signature: base64(HMAC-SHA256(secret, raw body))`.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _load_json(body: bytes):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput("the body is not JSON", errors={"body": [str(error)]}) from error


def _acknowledge(delivery):
    session = db_session()
    try:
        result = webhooks.store_delivery(session, delivery)
    except IntegrityError:
        # Another delivery created the same new lead a moment ago: now it exists.
        discard_changes()
        result = webhooks.store_delivery(session, delivery)
    # Acknowledged only once durably stored: the request commits before the 200 goes out, so
    # a failed commit becomes an error the sender retries, never a lost event.
    return result.as_dict()


@blp.route("/events")
class Events(MethodView):
    @blp.doc(security=[], requestBody=_EVENTS_BODY)
    @blp.response(200, DeliveryResultSchema)
    @blp.alt_response(401, response="DEFAULT_ERROR", description="Bad or stale signature")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="Not JSON, or no events at all")
    def post(self):
        """Receive signed events (callprep or HubSpot signature)"""
        body = request.get_data(cache=True)
        config = current_app.config
        uri = webhooks.request_uri(request.environ, request.scheme, request.host)
        if "X-HubSpot-Signature-v3" in request.headers:
            webhooks.verify_hubspot(
                request.method,
                uri,
                body,
                request.headers.get("X-HubSpot-Request-Timestamp"),
                request.headers.get("X-HubSpot-Signature-v3"),
                config["HUBSPOT_CLIENT_SECRET"],
            )
            source = webhooks.HUBSPOT_SOURCE
        elif "X-HubSpot-Signature" in request.headers:
            webhooks.verify_hubspot_legacy(
                request.headers.get("X-HubSpot-Signature-Version"),
                request.method,
                uri,
                body,
                request.headers.get("X-HubSpot-Signature"),
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
    @blp.alt_response(422, response="DEFAULT_ERROR", description="Not JSON, or no Mautic event")
    def post(self):
        """Receive Mautic webhooks (form submits, page hits, email opens, contacts)"""
        body = request.get_data(cache=True)
        webhooks.verify_mautic(
            body, request.headers.get("Webhook-Signature"), current_app.config["MAUTIC_SECRET"]
        )
        return _acknowledge(webhooks.parse_mautic(_load_json(body)))
