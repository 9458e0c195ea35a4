"""Leads: create, read, update, find."""

from __future__ import annotations

from flask.views import MethodView

from callprep.api.auth import ALL_ROLES, LEAD_WRITERS, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.ingest.schemas import (
    ConflictSchema,
    ErasureArgs,
    LeadPatchSchema,
    LeadQueryArgs,
    LeadSchema,
)
from callprep.leads import service as lead_service
from callprep.privacy import erasure
from callprep.request_session import after_commit, db_session

blp = Blueprint("leads", __name__, url_prefix="/api/v1/leads", description="Leads")
blp.before_request(authenticate)


@blp.route("")
class Leads(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(LeadQueryArgs, location="query")
    @blp.response(200, LeadSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    def get(self, args, pagination_parameters):
        """Find leads (a rep sees only their own)"""
        leads, total = lead_service.list_leads(
            db_session(),
            key_principal(),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
            **args,
        )
        pagination_parameters.item_count = total
        return leads

    @require_role(*LEAD_WRITERS)
    @blp.arguments(LeadSchema)
    @blp.response(201, LeadSchema)
    @blp.alt_response(
        409,
        schema=ConflictSchema,
        description="A lead with this email exists; `lead_id` names it",
    )
    def post(self, data):
        """Create a lead"""
        return lead_service.create_lead(db_session(), data)


@blp.route("/<int:lead_id>")
class LeadById(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, LeadSchema)
    def get(self, lead_id):
        """Get a lead"""
        return lead_service.get_lead(db_session(), lead_id, key_principal())

    @require_role(*LEAD_WRITERS)
    @blp.arguments(LeadPatchSchema(partial=True))
    @blp.response(200, LeadSchema)
    @blp.alt_response(409, schema=ConflictSchema, description="An external id held by another lead")
    def patch(self, data, lead_id):
        """Change some fields of a lead"""
        session = db_session()
        lead = lead_service.get_lead(session, lead_id, key_principal())
        principal = key_principal()
        return lead_service.update_lead(session, lead, data, principal.email or principal.role)

    @require_role("admin")
    @blp.arguments(ErasureArgs, location="query")
    @blp.response(204)
    @blp.alt_response(404, description="No such lead")
    def delete(self, args, lead_id):
        """Erase a lead and everything derived from it (GDPR Art. 17; admin only)"""
        session = db_session()
        lead = lead_service.get_lead(session, lead_id, key_principal())
        result = erasure.erase_lead(
            session, lead, actor_role=key_principal().role, suppress=args["suppress"]
        )
        # The free-space scrub (VACUUM on PostgreSQL) must follow the committed erasure.
        engine = session.get_bind()
        after_commit(lambda: erasure.scrub_free_space(engine, result.tables))
