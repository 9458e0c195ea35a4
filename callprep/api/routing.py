"""Routing over HTTP: the rules (list, add, change, reorder, delete), the routing side of
users (team, away, pool), and reassigning a lead with its history. Rules and users: admins.
Assign: admins any lead; a rep may take an unassigned lead of their pool."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import ALL_ROLES, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.ingest.schemas import LeadSchema
from callprep.leads.service import MAX_ID, get_lead
from callprep.models import Lead
from callprep.models.routing import RULE_KINDS
from callprep.request_session import db_session
from callprep.routing import assignments
from callprep.routing import rules as routing_rules
from callprep.validation import validate_text

blp = Blueprint(
    "routing_api",
    __name__,
    url_prefix="/api/v1",
    description="Lead routing: rules, teams and away flags, reassigning leads",
)
blp.before_request(authenticate)


def _name(limit: int, description: str) -> fields.String:
    return fields.String(
        validate=[validate.Length(max=limit), validate_text],
        allow_none=True,
        metadata={"description": description},
    )


def _names(description: str) -> fields.List:
    return fields.List(
        fields.String(validate=[validate.Length(min=1, max=100), validate_text]),
        validate=validate.Length(max=200),
        load_default=list,
        metadata={"description": description},
    )


class RuleSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    position = fields.Integer(
        validate=validate.Range(min=1, max=10_000),
        metadata={"description": "1 is tried first; on create, default last"},
    )
    kind = fields.String(required=True, validate=validate.OneOf(RULE_KINDS))
    name = _name(100, "A label for reasons and the page, e.g. EMEA")
    countries = _names("ISO codes or names; stored as ISO alpha-2 codes")
    regions = _names("Region names as leads carry them (case-insensitive)")
    states = _names("States or provinces: CA, US-CA or California")
    owner_email = fields.Email(
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "territory: the one owner"},
    )
    team = _name(100, "territory or round_robin: round-robin within this team")
    pool = _name(100, "fallback: the unassigned queue the lead waits in")
    active = fields.Boolean(load_default=True)
    description = fields.Function(routing_rules.describe, dump_only=True)


class RuleOrderSchema(ma.Schema):
    ids = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=MAX_ID)),
        required=True,
        metadata={"description": "Every rule's id, in the new order"},
    )


class RoutingUserSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    active = fields.Boolean(dump_only=True)
    team = _name(100, "Round-robin team")
    away = fields.Boolean(metadata={"description": "Skipped by routing while true"})
    routing_pool = _name(100, "The unassigned queue this rep sees and may take leads from")


class RoutingUserPatchSchema(RoutingUserSchema):
    """The routing fields, all optional (use with partial=True); at least one."""

    openapi_keywords = {"minProperties": 1}  # declared in the API document (api/blueprint.py)

    @ma.validates_schema
    def _something(self, data, **_kwargs):
        if not data:
            raise ma.ValidationError("send team, away or routing_pool", "_schema")


class AssignSchema(ma.Schema):
    owner_email = fields.Email(
        required=True,
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "The new owner, or null to put the lead back in the queue"},
    )


class AssignmentSchema(ma.Schema):
    id = fields.Integer()
    owner_email = fields.String(allow_none=True)
    pool = fields.String(allow_none=True)
    reason = fields.String()
    rule_id = fields.Integer(allow_none=True)
    assigned_by = fields.String()
    created_at = fields.AwareDateTime()


@blp.route("/routing/rules")
class Rules(MethodView):
    @require_role("admin")
    @blp.response(200, RuleSchema(many=True))
    def get(self):
        """The routing rules, in the order they are tried"""
        return routing_rules.list_rules(db_session())

    @require_role("admin")
    @blp.arguments(RuleSchema)
    @blp.response(201, RuleSchema)
    def post(self, data):
        """Add a rule (at `position`, default last)"""
        position = data.pop("position", None)
        return routing_rules.create_rule(db_session(), data, position)


@blp.route("/routing/rules/order")
class RuleOrder(MethodView):
    @require_role("admin")
    @blp.arguments(RuleOrderSchema)
    @blp.response(200, RuleSchema(many=True))
    def put(self, data):
        """Reorder the rules: every rule's id once, first tried first"""
        return routing_rules.reorder_rules(db_session(), data["ids"])


@blp.route("/routing/rules/<int:rule_id>")
class RuleById(MethodView):
    @require_role("admin")
    @blp.response(200, RuleSchema)
    def get(self, rule_id):
        """One rule"""
        return routing_rules.get_rule(db_session(), rule_id)

    @require_role("admin")
    @blp.arguments(RuleSchema)
    @blp.response(200, RuleSchema)
    def put(self, data, rule_id):
        """Replace a rule (its position is changed by reordering)"""
        session = db_session()
        data.pop("position", None)
        return routing_rules.update_rule(session, routing_rules.get_rule(session, rule_id), data)

    @require_role("admin")
    @blp.response(204)
    def delete(self, rule_id):
        """Delete a rule (the history keeps its reasons)"""
        session = db_session()
        routing_rules.delete_rule(session, routing_rules.get_rule(session, rule_id))


@blp.route("/routing/users")
class RoutingUsers(MethodView):
    @require_role("admin")
    @blp.response(200, RoutingUserSchema(many=True))
    def get(self):
        """Reps and admins with their team, away flag and pool"""
        return assignments.routing_users(db_session())


@blp.route("/routing/users/<int:user_id>")
class RoutingUserById(MethodView):
    @require_role("admin")
    @blp.arguments(RoutingUserPatchSchema(partial=True))
    @blp.response(200, RoutingUserSchema)
    def patch(self, data, user_id):
        """Set a user's team, away flag or pool"""
        return assignments.set_user_routing(db_session(), user_id, data)


@blp.route("/leads/<int:lead_id>/assign")
class AssignLead(MethodView):
    @require_role("admin", "rep")
    @blp.arguments(AssignSchema)
    @blp.response(200, LeadSchema)
    def post(self, data, lead_id):
        """Give the lead an owner or put it back in the unassigned queue (admins); a rep in
        the lead's pool may take an unassigned lead for themselves"""
        session = db_session()
        principal = key_principal()
        lead = _lead_to_assign(session, lead_id, principal)
        assignments.assign_lead(session, principal, lead, data["owner_email"])
        return lead


@blp.route("/leads/<int:lead_id>/assignments")
class LeadAssignments(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, AssignmentSchema(many=True))
    def get(self, lead_id):
        """Who the lead was given to, when, by whom and why; newest first"""
        session = db_session()
        return assignments.history(session, get_lead(session, lead_id, key_principal()))


def _lead_to_assign(session, lead_id: int, principal) -> Lead:
    # A rep cannot see an unassigned lead through get_lead; taking it is checked instead.
    if principal.role == "rep":
        return get_lead(session, lead_id, None)
    return get_lead(session, lead_id, principal)
