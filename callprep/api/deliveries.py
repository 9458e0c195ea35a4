"""What webhook deliveries stored and skipped, for operators (admin and integration keys)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import func, select

from callprep.api.auth import authenticate, require_role
from callprep.api.webhooks import SkipSchema
from callprep.models import WebhookDelivery
from callprep.request_session import db_session

DELIVERY_READERS = ("admin", "integration")

blp = Blueprint(
    "deliveries",
    __name__,
    url_prefix="/api/v1/deliveries",
    description="Webhook deliveries received: counts, and every skipped event with its reason",
)
blp.before_request(authenticate)


class DeliveryArgs(ma.Schema):
    skipped = fields.Boolean(
        load_default=False, metadata={"description": "Only deliveries that skipped events"}
    )
    source = fields.String(validate=validate.Length(max=50))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))


class DeliverySchema(ma.Schema):
    id = fields.Integer()
    received_at = fields.AwareDateTime()
    source = fields.String()
    events = fields.Integer()
    created = fields.Integer()
    duplicates = fields.Integer()
    leads_created = fields.Integer()
    leads_updated = fields.Integer()
    suppressed = fields.Integer()
    skipped = fields.Integer()
    skips = fields.List(fields.Nested(SkipSchema))


class DeliveryPageSchema(ma.Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(DeliverySchema))


@blp.route("")
class Deliveries(MethodView):
    @require_role(*DELIVERY_READERS)
    @blp.arguments(DeliveryArgs, location="query")
    @blp.response(200, DeliveryPageSchema)
    def get(self, args):
        """Webhook deliveries, newest first; `skipped=true` for those that skipped events"""
        query = select(WebhookDelivery)
        if args["skipped"]:
            query = query.where(WebhookDelivery.skipped > 0)
        if args.get("source"):
            query = query.where(WebhookDelivery.source == args["source"])
        session = db_session()
        total = session.scalar(select(func.count()).select_from(query.subquery()))
        items = session.scalars(
            query.order_by(WebhookDelivery.id.desc()).offset(args["offset"]).limit(args["limit"])
        ).all()
        return {"total": total or 0, "items": items}
