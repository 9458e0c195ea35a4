"""Talk tracks over HTTP: list, create, new draft versions, versions and diffs, validate,
preview against a lead or a sample, publish, roll back, A/B weights, angle labels, allocation
(fixed weights or Thompson sampling with floors, and its history), archive.

Everyone with a key reads; marketing and admin write. A body that would fail for a rep is
refused with 422 and ``errors: [{line, column, message}]``."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import ALL_ROLES, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.briefs import track_preview as previews
from callprep.request_session import db_session
from callprep.talktracks import editing, reading, validation
from callprep.talktracks.allocation import MODES, allocation_history
from callprep.trackengine.public import CONTEXT_REFERENCE, MAX_BODY_CHARS
from callprep.trackengine.samples import SAMPLE_KINDS
from callprep.vocabulary import SITUATIONS

blp = Blueprint(
    "talktracks_api",
    __name__,
    url_prefix="/api/v1/talktracks",
    description="Talk tracks: marketing-authored, versioned, validated, A/B tested",
)
blp.before_request(authenticate)

TRACK_WRITERS = ("admin", "marketing")

_BODY = fields.String(
    required=True,
    validate=validate.Length(min=1, max=MAX_BODY_CHARS),
    metadata={"description": "The Jinja template: {% block opener %}...{% endblock %} etc."},
)
_NAME = fields.String(
    required=True,
    validate=validate.Regexp(validation.TRACK_NAME, error="lower-case letters, digits, - or _"),
)
_LABEL = fields.String(
    validate=validate.Regexp(validation.VARIANT_LABEL, error="1-20 letters, digits, - or _"),
    load_default="A",
    metadata={"description": "the A/B variant (default A)"},
)
_WEIGHT = fields.Integer(
    validate=validate.Range(min=0, max=validation.MAX_WEIGHT),
    allow_none=True,
    metadata={"description": "share of leads relative to the other variants; 0 pauses"},
)


def _author() -> str:
    principal = key_principal()
    return principal.email or f"api key {principal.key_id}"


class VariantSchema(ma.Schema):
    label = fields.String()
    weight = fields.Integer()
    version = fields.Integer(allow_none=True, metadata={"description": "None: not published"})
    published_at = fields.AwareDateTime(allow_none=True)
    published_by = fields.String(allow_none=True)
    angle = fields.String(
        allow_none=True, metadata={"description": "what the opener does, e.g. ROI angle"}
    )
    floor = fields.Integer(metadata={"description": "Thompson mode: least share, percent"})
    share = fields.Float(
        allow_none=True, metadata={"description": "Thompson mode: current share of leads, 0-1"}
    )


_ANGLE = fields.String(
    allow_none=True,
    validate=validate.Length(max=validation.MAX_ANGLE_CHARS),
    metadata={"description": 'the opener\'s angle label, e.g. "ROI angle"; "" clears it'},
)


class TrackSchema(ma.Schema):
    name = fields.String()
    situation = fields.String()
    topics = fields.List(fields.String())
    description = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "draft, published, paused or archived"})
    latest_version = fields.Integer()
    has_unpublished_changes = fields.Boolean()
    variants = fields.List(fields.Nested(VariantSchema))
    allocation = fields.String(metadata={"description": "weights or thompson"})
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class TrackDetailSchema(TrackSchema):
    body = fields.String(metadata={"description": "the latest version's body"})


class VersionSchema(ma.Schema):
    version = fields.Integer()
    author = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    body = fields.String()


class ChangeSchema(ma.Schema):
    action = fields.String()
    variant = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)
    weight = fields.Integer(allow_none=True)
    by = fields.String(allow_none=True)
    at = fields.AwareDateTime()


class TrackCreateSchema(ma.Schema):
    name = _NAME
    situation = fields.String(required=True, validate=validate.OneOf(SITUATIONS))
    topics = fields.List(fields.String(validate=validate.Length(min=1, max=100)), load_default=[])
    description = fields.String(
        allow_none=True, validate=validate.Length(max=validation.MAX_DESCRIPTION_CHARS)
    )
    body = _BODY
    note = fields.String(allow_none=True, validate=validate.Length(max=validation.MAX_NOTE_CHARS))


class VersionCreateSchema(ma.Schema):
    body = _BODY
    note = fields.String(allow_none=True, validate=validate.Length(max=validation.MAX_NOTE_CHARS))
    description = fields.String(
        allow_none=True, validate=validate.Length(max=validation.MAX_DESCRIPTION_CHARS)
    )
    topics = fields.List(fields.String(validate=validate.Length(min=1, max=100)))
    base_version = fields.Integer(
        validate=validate.Range(min=1),
        metadata={
            "description": "The version you started from; if another was saved since, the "
            "save is a 409 carrying it (If-Match with the track's ETag works the same, 412)"
        },
    )


class StaleSaveSchema(ma.Schema):
    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    errors = fields.Dict()
    current = fields.Nested(VersionSchema, allow_none=True, metadata={"description": "theirs"})


class ListArgs(ma.Schema):
    situation = fields.String(validate=validate.OneOf(SITUATIONS))
    include_archived = fields.Boolean(load_default=True)


class PublishSchema(ma.Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    variant = _LABEL
    weight = _WEIGHT
    angle = _ANGLE


class RollbackSchema(ma.Schema):
    variant = _LABEL
    version = fields.Integer(
        validate=validate.Range(min=1),
        metadata={"description": "the version to go back to; default: the one live before"},
    )


class WeightsSchema(ma.Schema):
    weights = fields.Dict(
        keys=fields.String(validate=validate.Regexp(validation.VARIANT_LABEL)),
        values=fields.Integer(validate=validate.Range(min=0, max=validation.MAX_WEIGHT)),
        required=True,
        metadata={"description": 'e.g. {"A": 50, "B": 50}'},
    )


class AnglesSchema(ma.Schema):
    # Keys are checked against the track's variants by the service (422 naming `angles`).
    angles = fields.Dict(
        keys=fields.String(),
        values=_ANGLE,
        required=True,
        metadata={"description": 'e.g. {"A": "ROI angle", "B": "referral angle"}'},
    )


class AllocationSetSchema(ma.Schema):
    mode = fields.String(
        required=True,
        validate=validate.OneOf(MODES),
        metadata={"description": "weights (fixed A/B weights) or thompson"},
    )
    # Keys are checked against the track's live variants by the service (422 naming `floors`).
    floors = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(validate=validate.Range(min=0, max=100)),
        load_default=dict,
        metadata={"description": 'least share per variant, percent, summing to <= 100: {"A": 10}'},
    )


class AllocationShareSchema(ma.Schema):
    variant = fields.String()
    share = fields.Float()
    floor = fields.Integer()
    calls = fields.Integer()
    meetings = fields.Integer()


class AllocationPointSchema(ma.Schema):
    computed_at = fields.AwareDateTime()
    reason = fields.String(metadata={"description": "mode, outcomes or command"})
    shares = fields.List(fields.Nested(AllocationShareSchema))


class AllocationSchema(ma.Schema):
    mode = fields.String()
    variants = fields.List(fields.Nested(VariantSchema))
    history = fields.List(fields.Nested(AllocationPointSchema))


class DiffArgs(ma.Schema):
    from_version = fields.Integer(data_key="from", required=True, validate=validate.Range(min=1))
    to_version = fields.Integer(data_key="to", required=True, validate=validate.Range(min=1))


class DiffSchema(ma.Schema):
    name = fields.String()
    from_version = fields.Integer(data_key="from")
    to_version = fields.Integer(data_key="to")
    diff = fields.String(metadata={"description": "unified diff; empty when the same"})


class ValidateSchema(ma.Schema):
    body = _BODY
    situation = fields.String(required=True, validate=validate.OneOf(SITUATIONS))


class ValidationResultSchema(ma.Schema):
    valid = fields.Boolean()
    errors = fields.List(fields.Dict())


class PreviewSchema(ma.Schema):
    body = _BODY
    lead_id = fields.Integer(allow_none=True, metadata={"description": "render for this lead"})
    sample = fields.String(
        validate=validate.OneOf(SAMPLE_KINDS),
        allow_none=True,
        metadata={"description": "or for a sample lead: rich (default) or minimal"},
    )
    situation = fields.String(
        validate=validate.OneOf(SITUATIONS),
        allow_none=True,
        metadata={"description": "the track's situation (default: the lead's)"},
    )


class PreviewLineSchema(ma.Schema):
    block = fields.String()
    text = fields.String()
    evidence = fields.List(fields.Raw())


class EvidenceSchema(ma.Schema):
    id = fields.Raw()
    type = fields.String()
    occurred_at = fields.AwareDateTime()
    title = fields.String(allow_none=True)
    asset_type = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)


class PreviewResultSchema(ma.Schema):
    situation = fields.String()
    lead_id = fields.Raw(allow_none=True)
    sample = fields.String(allow_none=True)
    opening_line = fields.String()
    lines = fields.List(fields.Nested(PreviewLineSchema))
    evidence = fields.List(fields.Nested(EvidenceSchema))


_INVALID = "The body fails validation: `errors` is a list of {line, column, message}"


@blp.route("")
class TalkTracks(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, TrackSchema(many=True))
    def get(self, args):
        """List talk tracks with their situation, status and A/B variants"""
        return [s.as_dict() for s in reading.list_tracks(db_session(), **args)]

    @require_role(*TRACK_WRITERS)
    @blp.arguments(TrackCreateSchema)
    @blp.response(201, TrackDetailSchema)
    @blp.alt_response(409, description="A talk track with this name exists")
    @blp.alt_response(422, description=_INVALID)
    def post(self, data):
        """Create a talk track (version 1, a draft until published)"""
        session = db_session()
        summary = editing.create_track(session, **data, author=_author())
        return _detail(summary)


@blp.route("/validate")
class TalkTrackValidation(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.arguments(ValidateSchema)
    @blp.response(200, ValidationResultSchema)
    @blp.alt_response(422, description=_INVALID)
    def post(self, data):
        """Validate a body as a track for a situation, without saving it"""
        validation.check_body(data["body"], data["situation"])
        return {"valid": True, "errors": []}


@blp.route("/preview")
class TalkTrackPreview(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.arguments(PreviewSchema)
    @blp.response(200, PreviewResultSchema)
    @blp.alt_response(422, description=_INVALID)
    def post(self, data):
        """Render a body for a lead (its brief's data) or a sample lead: lines with evidence"""
        result = previews.preview(
            db_session(),
            data["body"],
            principal=key_principal(),
            lead_id=data.get("lead_id"),
            sample=data.get("sample"),
            situation=data.get("situation"),
        )
        return result.as_dict()


@blp.route("/reference")
class TalkTrackReference(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200)
    def get(self):
        """The variables, attributes, filters and blocks a talk track may use"""
        return CONTEXT_REFERENCE


@blp.route("/<string:name>")
class TalkTrackByName(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, TrackDetailSchema)
    def get(self, name):
        """Get a talk track with its latest body"""
        detail = _detail(reading.track_summary(db_session(), name))
        return detail, 200, {"ETag": _version_etag(name, detail["latest_version"])}

    @require_role(*TRACK_WRITERS)
    @blp.arguments(VersionCreateSchema)
    @blp.response(200, VersionSchema)
    @blp.alt_response(422, description=_INVALID)
    @blp.alt_response(409, schema=StaleSaveSchema, description="base_version is not the latest")
    @blp.alt_response(412, schema=StaleSaveSchema, description="If-Match is not the latest")
    def put(self, data, name):
        """Save a new draft version (reps keep the published one until you publish)"""
        version = editing.save_version(
            db_session(), name, **data, author=_author(), if_match=_if_match_version(name)
        )
        return version, 200, {"ETag": _version_etag(name, version.version)}


@blp.route("/<string:name>/versions")
class TalkTrackVersions(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, VersionSchema(many=True))
    def get(self, name):
        """Every version, newest first, with author, note and time"""
        return reading.list_versions(db_session(), name)


@blp.route("/<string:name>/versions/<int:version>")
class TalkTrackVersionByNumber(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, VersionSchema)
    def get(self, name, version):
        """One version with its body"""
        return reading.get_version(db_session(), name, version)


@blp.route("/<string:name>/diff")
class TalkTrackDiff(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(DiffArgs, location="query")
    @blp.response(200, DiffSchema)
    def get(self, args, name):
        """Unified diff between two versions (?from=1&to=2)"""
        old, new = args["from_version"], args["to_version"]
        diff = reading.diff_versions(db_session(), name, old, new)
        return {"name": name, "from_version": old, "to_version": new, "diff": diff}


@blp.route("/<string:name>/publish")
class TalkTrackPublish(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.arguments(PublishSchema)
    @blp.response(200, TrackSchema)
    @blp.alt_response(404, description="No such track or version")
    def post(self, data, name):
        """Publish a version to a variant (default A), optionally with its weight"""
        return editing.publish(db_session(), name, **data, by=_author()).as_dict()


@blp.route("/<string:name>/rollback")
class TalkTrackRollback(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.arguments(RollbackSchema)
    @blp.response(200, TrackSchema)
    def post(self, data, name):
        """Publish an older version again (default: the one live before the current one)"""
        return editing.rollback(db_session(), name, **data, by=_author()).as_dict()


@blp.route("/<string:name>/variants")
class TalkTrackVariants(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, VariantSchema(many=True))
    def get(self, name):
        """The A/B variants: label, weight and published version"""
        return [v.as_dict() for v in reading.track_summary(db_session(), name).variants]

    @require_role(*TRACK_WRITERS)
    @blp.arguments(WeightsSchema)
    @blp.response(200, VariantSchema(many=True))
    def put(self, data, name):
        """Set the A/B weights of published variants; 0 pauses one"""
        summary = editing.set_weights(db_session(), name, data["weights"], by=_author())
        return [v.as_dict() for v in summary.variants]


@blp.route("/<string:name>/angles")
class TalkTrackAngles(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.arguments(AnglesSchema)
    @blp.response(200, VariantSchema(many=True))
    def put(self, data, name):
        """Name what each variant's opener does ("ROI angle"), for briefs and reports"""
        summary = editing.set_angles(db_session(), name, data["angles"], by=_author())
        return [v.as_dict() for v in summary.variants]


def _allocation(name: str) -> dict:
    session = db_session()
    summary = reading.track_summary(session, name)
    history = allocation_history(session, track_name=name)
    return {
        "mode": summary.allocation,
        "variants": [v.as_dict() for v in summary.variants],
        "history": history[0]["history"] if history else [],
    }


@blp.route("/<string:name>/allocation")
class TalkTrackAllocation(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, AllocationSchema)
    def get(self, name):
        """How leads are split between the variants, and the Thompson allocation history"""
        return _allocation(name)

    @require_role(*TRACK_WRITERS)
    @blp.arguments(AllocationSetSchema)
    @blp.response(200, AllocationSchema)
    def put(self, data, name):
        """Split by fixed weights, or by Thompson sampling over meeting rates with floors"""
        editing.set_allocation(
            db_session(), name, mode=data["mode"], floors=data["floors"], by=_author()
        )
        return _allocation(name)


@blp.route("/<string:name>/history")
class TalkTrackHistory(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, ChangeSchema(many=True))
    def get(self, name):
        """Publishes, roll-backs, weight changes and archiving, newest first"""
        return reading.list_changes(db_session(), name)


@blp.route("/<string:name>/archive")
class TalkTrackArchive(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.response(200, TrackSchema)
    def post(self, name):
        """Archive: no lead gets this track any more (versions stay)"""
        return editing.archive(db_session(), name, by=_author()).as_dict()


@blp.route("/<string:name>/unarchive")
class TalkTrackUnarchive(MethodView):
    @require_role(*TRACK_WRITERS)
    @blp.response(200, TrackSchema)
    def post(self, name):
        """Bring an archived track back (its variants are live again)"""
        return editing.unarchive(db_session(), name, by=_author()).as_dict()


def _version_etag(name: str, version: int | None) -> str:
    return f'"{name}.v{version or 0}"'


def _if_match_version(name: str) -> int | None:
    """The version an If-Match names (0 when it names none of this track's), else None."""
    if not request.if_match or request.if_match.star_tag:
        return None
    prefix = f"{name}.v"
    for tag in request.if_match.as_set():
        if tag.startswith(prefix) and tag[len(prefix) :].isdigit():
            return int(tag[len(prefix) :][:18])
    return 0


def _detail(summary: reading.TrackSummary) -> dict:
    latest = reading.get_version(db_session(), summary.name)
    return {**summary.as_dict(), "body": latest.body}
