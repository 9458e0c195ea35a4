"""Reports for marketing: talk-track effectiveness, lead quality, speed to lead."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import authenticate, require_role
from callprep.api.blueprint import Blueprint
from callprep.api.talktracks import AllocationPointSchema
from callprep.reports import figures as reports
from callprep.request_session import db_session

REPORT_READERS = ("admin", "marketing")

blp = Blueprint(
    "reports", __name__, url_prefix="/api/v1/reports", description="Reports for marketing"
)
blp.before_request(authenticate)


class RateSchema(ma.Schema):
    rate = fields.Float(allow_none=True, metadata={"description": "share of logged outcomes"})
    ci95 = fields.List(fields.Float(), metadata={"description": "95% Wilson interval"})


class TrackRowSchema(ma.Schema):
    track_name = fields.String()
    version = fields.Integer(metadata={"description": "0 is the built-in fallback track"})
    variant = fields.String()
    briefs = fields.Integer()
    outcomes = fields.Integer()
    connects = fields.Integer()
    meetings = fields.Integer()
    connect_rate = fields.Nested(RateSchema)
    meeting_rate = fields.Nested(RateSchema)


class ArmSchema(ma.Schema):
    variant = fields.String()
    version = fields.Integer()


class ABTestSchema(ma.Schema):
    track_name = fields.String()
    metric = fields.String(metadata={"description": "meeting_rate or connect_rate"})
    control = fields.Nested(ArmSchema)
    variant = fields.Nested(ArmSchema)
    control_rate = fields.Float(allow_none=True)
    variant_rate = fields.Float(allow_none=True)
    difference = fields.Float()
    z = fields.Float()
    p_value = fields.Float(metadata={"description": "pooled two-sided two-proportion z-test"})
    enough_data = fields.Boolean(
        metadata={"description": "at least 5 expected successes and failures per arm"}
    )
    significant = fields.Boolean(metadata={"description": "enough_data and p_value < 0.05"})


class TrackAllocationSchema(ma.Schema):
    track_name = fields.String()
    mode = fields.String(metadata={"description": "the track's allocation mode now"})
    variants = fields.List(fields.String())
    history = fields.List(
        fields.Nested(AllocationPointSchema),
        metadata={"description": "Thompson allocations in the period, oldest first (last 50)"},
    )


class TalkTrackReportSchema(ma.Schema):
    rows = fields.List(fields.Nested(TrackRowSchema))
    ab_tests = fields.List(fields.Nested(ABTestSchema))
    allocations = fields.List(fields.Nested(TrackAllocationSchema))
    demo_outcomes = fields.Integer(metadata={"description": "outcomes made up by `callprep demo`"})


class PeriodArgs(ma.Schema):
    since = fields.AwareDateTime(
        load_default=None, metadata={"description": "from this moment (ISO 8601 with offset)"}
    )
    until = fields.AwareDateTime(
        load_default=None, metadata={"description": "before this moment (ISO 8601 with offset)"}
    )

    @ma.validates_schema
    def _ordered(self, data, **_kwargs):
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ma.ValidationError("must be after since", "until")


class LeadQualityArgs(PeriodArgs):
    by = fields.String(load_default="source", validate=validate.OneOf(reports.QUALITY_GROUPINGS))


class QualityGroupSchema(ma.Schema):
    group = fields.String()
    ready = fields.Integer()
    nurture = fields.Integer()
    junk = fields.Integer()
    total = fields.Integer()
    shares = fields.Dict(keys=fields.String(), values=fields.Float())


class QualityCountsSchema(ma.Schema):
    ready = fields.Integer()
    nurture = fields.Integer()
    junk = fields.Integer()
    total = fields.Integer()


class LeadQualityReportSchema(ma.Schema):
    by = fields.String()
    groups = fields.List(fields.Nested(QualityGroupSchema))
    judged_leads = fields.Integer(metadata={"description": "leads with a lead quality logged"})
    demo_judged_leads = fields.Integer(metadata={"description": "of those, from the demo data"})
    unattributed = fields.Nested(
        QualityCountsSchema,
        metadata={"description": "judged leads that touched no group before the judgement"},
    )


class SpeedArgs(ma.Schema):
    days = fields.Integer(load_default=30, validate=validate.Range(min=1, max=365))
    owner_email = fields.Email(load_default=None)


class OverdueLeadSchema(ma.Schema):
    lead = fields.Dict()
    owner = fields.String(
        metadata={"description": "The owner's email, or `unassigned` (in the unassigned queue)"}
    )
    routing_reason = fields.String(allow_none=True, metadata={"description": "Why that owner"})
    situation = fields.String()
    follow_up_due_at = fields.AwareDateTime()
    overdue_minutes = fields.Integer()


class SpeedToLeadSchema(ma.Schema):
    window_days = fields.Integer()
    hand_raises = fields.Integer()
    called = fields.Integer()
    median_minutes_to_first_outcome = fields.Float(allow_none=True)
    deadline_minutes = fields.Integer()
    within_deadline = fields.Integer()
    share_within_deadline = fields.Float(allow_none=True)
    overdue_count = fields.Integer()
    overdue_now = fields.List(fields.Nested(OverdueLeadSchema))
    time_to_first_outcome = fields.List(
        fields.Dict(),
        metadata={"description": "hand-raises per delay bucket, then those not called"},
    )


@blp.route("/talktracks")
class TalkTrackReport(MethodView):
    @require_role(*REPORT_READERS)
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, TalkTrackReportSchema)
    def get(self, args):
        """Talk-track effectiveness per track name, version and variant, with A/B tests"""
        return reports.talktrack_report(db_session(), since=args["since"], until=args["until"])


@blp.route("/lead-quality")
class LeadQualityReport(MethodView):
    @require_role(*REPORT_READERS)
    @blp.arguments(LeadQualityArgs, location="query")
    @blp.response(200, LeadQualityReportSchema)
    def get(self, args):
        """Ready, nurture and junk counts and shares by source, campaign, asset or situation"""
        return reports.lead_quality_report(
            db_session(), args["by"], since=args["since"], until=args["until"]
        )


@blp.route("/speed-to-lead")
class SpeedToLeadReport(MethodView):
    @require_role(*REPORT_READERS)
    @blp.arguments(SpeedArgs, location="query")
    @blp.response(200, SpeedToLeadSchema)
    def get(self, args):
        """Median time from hand-raise to first outcome, share within deadline, overdue now"""
        return reports.speed_to_lead_report(
            db_session(), days=args["days"], owner_email=args["owner_email"]
        )
