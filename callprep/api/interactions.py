"""What a lead did: add a batch, list newest first."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView

from callprep.api.auth import ALL_ROLES, LEAD_WRITERS, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.ingest import events as ingest
from callprep.ingest.schemas import IngestResultSchema, InteractionSchema, dump_ingest_result
from callprep.leads import service as lead_service
from callprep.request_session import db_session

blp = Blueprint(
    "interactions", __name__, url_prefix="/api/v1/leads", description="Interactions of a lead"
)
blp.before_request(authenticate)


@blp.route("/<int:lead_id>/interactions")
class LeadInteractions(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, InteractionSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, lead_id, pagination_parameters):
        """List a lead's interactions, newest first"""
        session = db_session()
        lead = lead_service.get_lead(session, lead_id, key_principal())
        items, total = ingest.list_interactions(
            session,
            lead,
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return items

    @require_role(*LEAD_WRITERS)
    @blp.arguments(InteractionSchema(many=True))
    @blp.response(201, IngestResultSchema)
    def post(self, items, lead_id):
        """Add 1-1000 interactions; known (source, external_id) pairs are skipped"""
        session = db_session()
        lead = lead_service.get_lead(session, lead_id, key_principal())
        result = ingest.add_interactions(session, lead, items, defer_analysis=True)
        # Dumped here, as IngestResultSchema documents it (a Response passes flask-smorest's
        # dumping by): see dump_ingest_result.
        body = dump_ingest_result(len(result.created), result.duplicates, result.created)
        return jsonify(body), 201
