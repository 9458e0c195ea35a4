"""Marketing's glossary of canonical topics and synonyms."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import ALL_ROLES, authenticate, require_role
from callprep.api.blueprint import Blueprint
from callprep.api.jobs import JobSchema
from callprep.ingest import analysis, glossary
from callprep.jobs import work
from callprep.jobs.runners import submit_after_commit
from callprep.request_session import db_session

blp = Blueprint("glossary", __name__, url_prefix="/api/v1/glossary", description="Glossary")
blp.before_request(authenticate)


# A phrase of blanks is no phrase (nlp.Glossary refuses it); as a pattern the document states it.
_NOT_BLANK = validate.Regexp(r"\s*\S", error="must not be blank")


class GlossaryEntrySchema(ma.Schema):
    topic = fields.String(required=True, validate=[validate.Length(min=1, max=200), _NOT_BLANK])
    synonyms = fields.List(
        fields.String(validate=[validate.Length(min=1, max=200), _NOT_BLANK]),
        load_default=list,
        validate=validate.Length(max=100),
    )


class GlossarySchema(ma.Schema):
    entries = fields.List(
        fields.Nested(GlossaryEntrySchema), required=True, validate=validate.Length(max=2000)
    )
    fingerprint = fields.String(dump_only=True)
    job = fields.Nested(
        JobSchema,
        dump_only=True,
        metadata={"description": "With apply=true: the job recomputing the stale analyses"},
    )
    stale_analyses = fields.Integer(
        dump_only=True,
        metadata={
            "description": "Stored analyses made with another glossary or extractor "
            "version; `callprep nlp backfill` (or ?apply=true) recomputes them"
        },
    )


class ApplyArgs(ma.Schema):
    apply = fields.Boolean(
        load_default=False,
        metadata={"description": "Recompute stale analyses in a background job"},
    )


def _state(session):
    entries = glossary.glossary_entries(session)
    return {
        "entries": entries,
        "fingerprint": analysis.current_glossary(session).fingerprint,
        "stale_analyses": analysis.stale_count(session),
    }


@blp.route("")
class Glossary(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, GlossarySchema)
    def get(self):
        """The glossary, with how many stored analyses it leaves stale"""
        return _state(db_session())

    @require_role("admin", "marketing")
    @blp.arguments(GlossarySchema)
    @blp.arguments(ApplyArgs, location="query")
    @blp.response(200, GlossarySchema)
    @blp.alt_response(202, schema=GlossarySchema, description="Replaced; `job` recomputes")
    def put(self, data, args):
        """Replace the glossary; with apply=true, 202 and a job that recomputes the stale
        analyses (follow it at /api/v1/jobs/{id})"""
        session = db_session()
        glossary.replace_glossary(session, data["entries"])
        if not args["apply"]:
            return _state(session)
        job = work.create_stored_job(session, "glossary_apply")
        submit_after_commit(session, work.stored_job(job.id))
        return {**_state(session), "job": work.job_view(job)}, 202
