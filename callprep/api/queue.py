"""The call queue: a rep's leads, best call first."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.briefs.build import build_queue
from callprep.briefs.queue import unassigned_pool
from callprep.leads.service import queue_owner
from callprep.request_session import db_session
from callprep.vocabulary import SITUATIONS

blp = Blueprint("queue", __name__, url_prefix="/api/v1", description="The call queue")
blp.before_request(authenticate)


class QueueArgs(ma.Schema):
    owner_email = fields.String(
        validate=validate.Length(max=254),
        metadata={"description": "Admin and marketing: whose queue (default: every lead)"},
    )
    situation = fields.String(validate=validate.OneOf(SITUATIONS))
    overdue = fields.Boolean()
    unassigned = fields.Boolean(
        load_default=False,
        metadata={
            "description": "The unassigned queue instead: admins see every ownerless lead, "
            "a rep in a routing pool that pool's (403 for anyone else)"
        },
    )


class PrioritySchema(ma.Schema):
    score = fields.Integer()
    reasons = fields.List(fields.String())


class FreshnessSchema(ma.Schema):
    last_interaction_at = fields.String(allow_none=True)
    hours_since_last = fields.Float(allow_none=True)
    status = fields.String()
    follow_up_due_at = fields.String(allow_none=True)
    overdue = fields.Boolean()


class QueueItemSchema(ma.Schema):
    lead = fields.Dict()
    situation = fields.String()
    priority = fields.Nested(PrioritySchema)
    freshness = fields.Nested(FreshnessSchema)
    opening_line = fields.String()


@blp.route("/queue")
class Queue(MethodView):
    @require_role("admin", "marketing", "rep")
    @blp.arguments(QueueArgs, location="query")
    @blp.response(200, QueueItemSchema(many=True))
    @blp.paginate(page_size=20, max_page_size=100)
    def get(self, args, pagination_parameters):
        """Leads to call, best first: overdue hand-raisers, then deadline, recency, engagement"""
        session, principal = db_session(), key_principal()
        unassigned = args.get("unassigned", False)
        pool = unassigned_pool(session, principal) if unassigned else None
        owner = None if unassigned else queue_owner(principal, args.get("owner_email"))
        items, total = build_queue(
            session,
            owner,
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
            situation=args.get("situation"),
            overdue=args.get("overdue"),
            unassigned=unassigned,
            pool=pool,
        )
        pagination_parameters.item_count = total
        return [item.as_dict() for item in items]
