"""Call briefs over HTTP: JSON, one printable HTML screen, or text for a CRM note; lookup by
email or a CRM's own id; ETag/304; and the outcome of the call the brief prepared."""

from __future__ import annotations

import marshmallow as ma
from flask import Response, current_app, jsonify, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields, validate

from callprep.api.auth import ALL_ROLES, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.briefs.build import Brief, brief_record_row, build_brief, lead_shown
from callprep.briefs.formats import brief_html, brief_text
from callprep.briefs.outcomes import MAX_NOTE_CHARS, record_outcome
from callprep.briefs.records import BRIEF_RECORDS
from callprep.briefs.stamp import brief_etag
from callprep.config import current_brief_settings
from callprep.db import utcnow
from callprep.errors import NotFound
from callprep.ingest.schemas import no_nul
from callprep.leads import service as lead_service
from callprep.models import Lead
from callprep.request_session import db_session
from callprep.vocabulary import DISPOSITIONS, LEAD_QUALITIES

blp = Blueprint(
    "briefs",
    __name__,
    url_prefix="/api/v1",
    description="Call briefs: JSON, HTML (Accept: text/html) or text (?format=text)",
)
blp.before_request(authenticate)

FORMATS = ("json", "html", "text")
OUTCOME_ROLES = ("admin", "rep", "integration")


class BriefFormatArgs(ma.Schema):
    format = fields.String(
        validate=validate.OneOf(FORMATS),
        metadata={"description": "json (default), html, or text; Accept: text/html also works"},
    )


class BriefLookupArgs(BriefFormatArgs):
    email = fields.String(validate=validate.Length(min=1, max=254))
    external_system = fields.String(
        validate=validate.Length(min=1, max=50), metadata={"description": "e.g. salesforce"}
    )
    external_id = fields.String(
        validate=validate.Length(min=1, max=200), metadata={"description": "the CRM's lead id"}
    )

    # What _one_way_to_find_the_lead checks, in the API document.
    openapi_keywords = {
        "anyOf": [{"required": ["email"]}, {"required": ["external_system", "external_id"]}]
    }

    @ma.validates_schema
    def _one_way_to_find_the_lead(self, data, **_kwargs):
        if data.get("email"):
            return
        if data.get("external_system") and data.get("external_id"):
            return
        missing = [name for name in ("external_system", "external_id") if not data.get(name)] or [
            "email"
        ]
        raise ma.ValidationError(
            {name: ["give email, or external_system and external_id"] for name in missing}
        )


class OutcomeSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    brief_id = fields.String(dump_only=True)
    lead_id = fields.Integer(dump_only=True)
    disposition = fields.String(required=True, validate=validate.OneOf(DISPOSITIONS))
    lead_quality = fields.String(allow_none=True, validate=validate.OneOf(LEAD_QUALITIES))
    note = fields.String(allow_none=True, validate=[validate.Length(max=MAX_NOTE_CHARS), no_nul])
    situation = fields.String(dump_only=True)
    track_name = fields.String(dump_only=True)
    track_version = fields.Integer(dump_only=True)
    variant = fields.String(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)


_BRIEF_DOC = {
    "responses": {
        "200": {
            "description": "The brief (the shape the README documents, plus `priority`, "
            "`talk_track.variant`, each line's `block`, and `battlecards`: the published "
            "battlecard of each competitor the lead named, with `evidence` {interaction_id, "
            "start, end, quote}), `account` (null without one): the lead's account with "
            "the colleagues its rep owns and what each did lately, other reps working people "
            "there (name, people, last call), people nobody owns, and the account's topics; "
            "and `what_worked`: which opener led to meetings most often for leads of this "
            "situation and top topic, with its rate and 95% interval, or null when the calls "
            "logged are not enough to say. `ETag` is set; send it back in "
            "`If-None-Match` to get 304 while nothing shown has changed.",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            },
        },
        "304": {"description": "Not modified: the brief you hold is still what it shows"},
        "404": {"description": "No such lead (or not yours)"},
    }
}


def _representation(requested: str | None) -> str:
    if requested:
        return requested
    best = request.accept_mimetypes.best_match(["application/json", "text/html", "text/plain"])
    return {"text/html": "html", "text/plain": "text"}.get(best or "", "json")


def _respond(lead: Lead, requested: str | None) -> Response:
    session = db_session()
    principal = key_principal()
    representation = _representation(requested)
    now = utcnow()
    settings = current_brief_settings()
    # Compared before building: a poller whose brief is still what the lead's stored data
    # says gets its 304 for one small read, and nothing is recorded (it still holds a
    # recorded brief).
    etag = brief_etag(session, lead, representation, lead_shown(lead), now, settings)
    if etag is not None and request.if_none_match.contains(etag):
        return _headers(Response(status=304), etag)
    brief = build_brief(session, lead, now, principal, record=False, settings=settings)
    if etag is None:
        etag = brief.etag(representation)
        if request.if_none_match.contains(etag):
            return _headers(Response(status=304), etag)
    # Buffered, written by a background thread: the brief request takes no write lock.
    current_app.extensions[BRIEF_RECORDS].add(brief_record_row(brief, principal))
    return _headers(_render(brief, representation), etag)


def _headers(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Accept", "Authorization", "Origin"))
    return response


def _render(brief: Brief, representation: str) -> Response:
    if representation == "html":
        response = Response(brief_html(brief), mimetype="text/html")
        frame_from = " ".join(["'self'", *current_app.config.get("CORS_ORIGINS", [])])
        # Inline styles only: nothing in the page can load or run anything.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"frame-ancestors {frame_from}"
        )
        return response
    if representation == "text":
        return Response(brief_text(brief), mimetype="text/plain")
    return jsonify(brief.as_dict())


@blp.route("/leads/<int:lead_id>/brief")
class LeadBrief(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(BriefFormatArgs, location="query")
    @blp.doc(**_BRIEF_DOC)
    def get(self, args, lead_id):
        """Get a lead's call brief"""
        lead = lead_service.get_lead(db_session(), lead_id, key_principal())
        return _respond(lead, args.get("format"))


@blp.route("/brief")
class BriefLookup(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(BriefLookupArgs, location="query")
    @blp.doc(**_BRIEF_DOC)
    def get(self, args):
        """Get the brief of the lead with this email or CRM id (for CRM buttons)"""
        session = db_session()
        if args.get("email"):
            lead = lead_service.find_lead_by_email(session, args["email"])
        else:
            lead = lead_service.find_lead_by_external_id(
                session, args["external_system"], args["external_id"]
            )
        try:
            if lead is None:
                raise NotFound("no lead matches")
            lead = lead_service.get_lead(session, lead.id, key_principal())
        except NotFound:
            # "Not yours" answers exactly like "no such lead": not even the lead's id.
            abort(404, message="no lead matches")
        return _respond(lead, args.get("format"))


@blp.route("/briefs/<string:brief_id>/outcome")
class BriefOutcome(MethodView):
    @require_role(*OUTCOME_ROLES)
    @blp.arguments(OutcomeSchema)
    @blp.response(201, OutcomeSchema)
    def post(self, data, brief_id):
        """Log the outcome of the call this brief prepared"""
        return record_outcome(db_session(), brief_id, data, key_principal())
