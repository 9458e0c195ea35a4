"""Accounts: the companies leads work at, their people and what they did."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import ALL_ROLES, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.companies import overview
from callprep.ingest.schemas import InteractionSchema
from callprep.request_session import db_session

blp = Blueprint(
    "accounts",
    __name__,
    url_prefix="/api/v1/accounts",
    description="Accounts: leads grouped by company (work email domain or CRM account id)",
)
blp.before_request(authenticate)


class AccountSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String(attribute="display_name", metadata={"description": "Name or domain"})
    domain = fields.String(allow_none=True)
    crm_system = fields.String(allow_none=True)
    crm_account_id = fields.String(allow_none=True)


class PersonSchema(ma.Schema):
    lead_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    title = fields.String(allow_none=True)
    owner_email = fields.String(allow_none=True)
    owner_name = fields.String(allow_none=True)
    last_active_at = fields.AwareDateTime(allow_none=True)


class OtherRepSchema(ma.Schema):
    name = fields.String(allow_none=True)
    people = fields.Integer()
    last_call_at = fields.AwareDateTime(allow_none=True)


class AccountDetailSchema(AccountSchema):
    name = fields.String()
    people_total = fields.Integer(metadata={"description": "Everyone at the account"})
    people = fields.List(
        fields.Nested(PersonSchema),
        metadata={
            "description": "The people you may see (a rep: their own), newest activity first"
        },
    )
    more_people = fields.Integer(metadata={"description": "Visible people beyond the 200 listed"})
    other_reps = fields.List(
        fields.Nested(OtherRepSchema),
        metadata={"description": "For a rep: other reps working people here (no names of people)"},
    )
    unowned = fields.Integer(metadata={"description": "For a rep: people here with no rep"})


class AccountTimelineItemSchema(InteractionSchema):
    lead_id = fields.Integer()


class AccountQueryArgs(ma.Schema):
    domain = fields.String(
        validate=validate.Length(min=1, max=254),
        metadata={"description": "A work email domain (or a whole email address)"},
    )


@blp.route("")
class Accounts(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(AccountQueryArgs, location="query")
    @blp.response(200, AccountSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    def get(self, args, pagination_parameters):
        """Find accounts (a rep sees those where they own a lead)"""
        companies, total = overview.list_companies(
            db_session(),
            key_principal(),
            domain=args.get("domain"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return companies


@blp.route("/<int:account_id>")
class AccountById(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, AccountDetailSchema)
    @blp.alt_response(403, description="A rep who owns no lead at this account")
    @blp.alt_response(404, description="No such account")
    def get(self, account_id):
        """Get an account with its people"""
        return overview.account_overview(db_session(), account_id, key_principal()).as_dict()


@blp.route("/<int:account_id>/interactions")
class AccountInteractions(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, AccountTimelineItemSchema(many=True))
    @blp.alt_response(403, description="A rep who owns no lead at this account")
    @blp.alt_response(404, description="No such account")
    @blp.paginate(page_size=50, max_page_size=200)
    def get(self, account_id, pagination_parameters):
        """The account's timeline: its people's interactions (yours, for a rep), newest first"""
        session = db_session()
        company = overview.get_company(session, account_id, key_principal())
        rows, total = overview.account_timeline(
            session,
            company,
            key_principal(),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return [interaction for interaction, _lead in rows]
