"""Background jobs: a glossary apply's or backfill's progress, and parked (failed) jobs an
admin can list and replay."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import select

from callprep.api.auth import authenticate, require_role
from callprep.api.blueprint import Blueprint
from callprep.jobs import work
from callprep.jobs.runners import submit_after_commit
from callprep.models import AnalysisJob
from callprep.models.jobs import JOB_STATES
from callprep.request_session import db_session

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Background jobs")
blp.before_request(authenticate)


class ProgressSchema(ma.Schema):
    done = fields.Integer()
    total = fields.Integer(allow_none=True)


class JobSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "analyse_lead, glossary_apply or backfill"})
    lead_id = fields.Integer(allow_none=True)
    state = fields.String(metadata={"description": "pending, running, done or failed"})
    attempts = fields.Integer()
    error = fields.String(allow_none=True, metadata={"description": "The error's kind"})
    progress = fields.Nested(ProgressSchema)
    result = fields.Dict(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)


class JobListArgs(ma.Schema):
    state = fields.String(load_default="failed", validate=validate.OneOf(JOB_STATES))


@blp.route("")
class Jobs(MethodView):
    @require_role("admin")
    @blp.arguments(JobListArgs, location="query")
    @blp.response(200, JobSchema(many=True))
    def get(self, args):
        """Jobs in one state, oldest first (default: failed, i.e. parked after retries)"""
        session = db_session()
        rows = session.scalars(
            select(AnalysisJob).where(AnalysisJob.state == args["state"]).order_by(AnalysisJob.id)
        )
        return [work.job_view(job) for job in rows]


@blp.route("/<int:job_id>")
class JobById(MethodView):
    @require_role("admin", "marketing")
    @blp.response(200, JobSchema)
    def get(self, job_id):
        """A job's state and progress"""
        return work.job_view(work.get_job(db_session(), job_id))


@blp.route("/<int:job_id>/replay")
class JobReplay(MethodView):
    @require_role("admin")
    @blp.response(202, JobSchema)
    def post(self, job_id):
        """Put a failed job back on the queue"""
        session = db_session()
        job = work.get_job(session, job_id)
        submit_after_commit(session, work.replay(session, job.id))
        return work.job_view(job)
