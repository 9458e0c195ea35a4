"""Request and response schemas of the leads and interactions API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from callprep.ingest.vendor_dates import VendorDateTime
from callprep.validation import validate_text
from callprep.vocabulary import INTERACTION_TYPES

MAX_BATCH = 1000


# PostgreSQL cannot store NUL in text, no person types one, and a lone surrogate has no
# UTF-8: refuse them by name (callprep.validation, shared by every entry point).
no_nul = validate_text


def _text(max_length: int, **kwargs) -> fields.String:
    return fields.String(
        validate=[validate.Length(max=max_length), no_nul], allow_none=True, **kwargs
    )


class LeadSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    first_name = _text(100)
    last_name = _text(100)
    company = _text(200)
    title = _text(200)
    phone = _text(50)
    owner_email = fields.Email(
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "Kept as given; without it routing picks the owner"},
    )
    country = _text(100, metadata={"description": "ISO code or name, e.g. DE or Germany"})
    region = _text(100, metadata={"description": "Sales region as you name it, e.g. EMEA"})
    state = _text(100, metadata={"description": "State or province: CA, US-CA or California"})
    routing_reason = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Why the lead has its owner, or why it is unassigned"},
    )
    routing_pool = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The unassigned queue an ownerless lead is in"},
    )
    external_ids = fields.Dict(
        keys=fields.String(validate=[validate.Length(min=1, max=50), no_nul]),
        values=fields.String(validate=[validate.Length(min=1, max=200), no_nul]),
        attribute="external_id_map",
        data_key="external_ids",
        metadata={
            "description": "The lead's id per CRM or marketing system, e.g. "
            '{"salesforce": "00Q5e00000AbCdE1"}'
        },
    )
    account_ids = fields.Dict(
        keys=fields.String(validate=[validate.Length(min=1, max=50), no_nul]),
        values=fields.String(validate=[validate.Length(min=1, max=200), no_nul]),
        load_only=True,
        metadata={
            "description": "The CRM account the lead works at, per system, e.g. "
            '{"salesforce": "0015e00000XyZaB"} (Salesforce AccountId, HubSpot '
            "associatedcompanyid): it beats the email domain in choosing the lead's account"
        },
    )
    account_id = fields.Integer(
        dump_only=True,
        attribute="company_id",
        allow_none=True,
        metadata={"description": "The lead's account (GET /accounts/{id}), or null"},
    )
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)

    @ma.post_load
    def _external_ids_key(self, data, **_kwargs):
        if "external_id_map" in data:
            data["external_ids"] = data.pop("external_id_map")
        return data


class LeadPatchSchema(LeadSchema):
    """The same fields as a lead, all optional (use with partial=True); at least one."""

    openapi_keywords = {"minProperties": 1}  # declared in the API document (api/blueprint.py)

    @ma.validates_schema
    def _something_to_change(self, data, **_kwargs):
        if not data:
            raise ma.ValidationError("send at least one field to change", "_schema")


class ConflictSchema(ma.Schema):
    """A 409: the error shape plus the id of the lead that already holds the value."""

    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    errors = fields.Dict()
    lead_id = fields.Integer(metadata={"description": "The lead that already exists"})


class LeadQueryArgs(ma.Schema):
    email = fields.String(metadata={"description": "Exact email (case-insensitive)"})
    owner_email = fields.String(metadata={"description": "The owning rep's email"})
    q = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Search in email, name and company"},
    )


class InteractionSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    lead_id = fields.Integer(dump_only=True)
    type = fields.String(required=True, validate=validate.OneOf(INTERACTION_TYPES))
    occurred_at = VendorDateTime(
        required=True,
        metadata={
            "description": "ISO 8601 with a UTC offset (also +0000), or epoch seconds or "
            "milliseconds (number or digit string); not before CALLPREP_MIN_DATE (1990) nor "
            "more than CALLPREP_MAX_FUTURE_HOURS (24) ahead"
        },
    )
    title = _text(500, metadata={"description": "Asset, page, form, email or event name"})
    asset_type = _text(50, metadata={"description": "white_paper, infographic, webinar, ..."})
    url = _text(2000)
    comment = _text(10_000, metadata={"description": "Free text the lead wrote (forms)"})
    campaign = _text(200)
    source = _text(50, metadata={"description": "Sending system; defaults to 'api'"})
    external_id = _text(200, metadata={"description": "The source's event id (idempotency)"})
    created_at = fields.AwareDateTime(dump_only=True)

    openapi_list_keywords = {"minItems": 1, "maxItems": MAX_BATCH}  # as _bounded_batch checks

    @ma.pre_load(pass_collection=True)
    def _bounded_batch(self, data, many, **_kwargs):
        if many and isinstance(data, list) and not 1 <= len(data) <= MAX_BATCH:
            raise ma.ValidationError(f"send between 1 and {MAX_BATCH} interactions", "_schema")
        return data


class IngestResultSchema(ma.Schema):
    created = fields.Integer()
    duplicates = fields.Integer()
    items = fields.List(
        fields.Nested(InteractionSchema),
        metadata={
            "description": "The interactions stored by this request (duplicates are not repeated)"
        },
    )


def _dump_plan(schema: type[ma.Schema]) -> list[tuple[str, str, bool]] | None:
    """(attribute, key, is a time) for each field ``schema`` dumps, when every one is a plain
    integer, string or aware time; None when a field needs marshmallow's own dumping."""
    plan = []
    for name, field in schema._declared_fields.items():
        if field.load_only:
            continue
        if type(field) in (fields.Integer, fields.String) and not getattr(field, "as_string", 0):
            plan.append((field.attribute or name, field.data_key or name, False))
        elif isinstance(field, fields.AwareDateTime) and field.format in (None, "iso"):
            plan.append((field.attribute or name, field.data_key or name, True))
        else:
            return None
    return plan


_INTERACTION_PLAN = _dump_plan(InteractionSchema)


def dump_ingest_result(created: int, duplicates: int, items: list) -> dict:
    """``IngestResultSchema().dump(...)`` of an accepted batch, field for field the same
    (tests/integration/api/test_ingest_answer.py compares them), without marshmallow's
    per-field machinery: dumping 1,000 items that way took a fifth of a batch's answer. A
    field added to InteractionSchema of another kind falls back to marshmallow."""
    if _INTERACTION_PLAN is None:
        return IngestResultSchema().dump(
            {"created": created, "duplicates": duplicates, "items": items}
        )
    dumped = []
    for item in items:
        row = {}
        for attribute, key, is_time in _INTERACTION_PLAN:
            value = getattr(item, attribute)
            row[key] = value.isoformat() if is_time and value is not None else value
        dumped.append(row)
    return {"created": created, "duplicates": duplicates, "items": dumped}


class ErasureArgs(ma.Schema):
    suppress = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Also keep a keyed hash of the email so imports and webhooks "
            "do not bring the person back"
        },
    )
