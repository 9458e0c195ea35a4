"""HubSpot contact records as workflows send them ("Send a webhook" with all contact
properties): `{"vid": 51, "properties": {"email": {"value": ...}, "firstname": {...}}}` in
the legacy format, or with plain property values (`{"objectId": 51, "properties":
{"email": "...", "jobtitle": "..."}}`). Such a record carries no interaction: it creates
or updates the lead (`leads_created` / `leads_updated`) and gives it its HubSpot id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from marshmallow import fields

from callprep.accounts.users import normalise_email
from callprep.imports import vendor_fields
from callprep.ingest.intake import LeadRef

SYSTEM = "hubspot"
_ID_KEYS = ("vid", "canonical-vid", "objectId", "hs_object_id", "id")


class NotAContact(ValueError):
    """The record cannot become a lead; the message says why (never its values)."""


def is_contact_record(event: Mapping[str, Any]) -> bool:
    return isinstance(event.get("properties"), Mapping) and "type" not in event


def contact_ref(event: Mapping[str, Any]) -> tuple[LeadRef, str | None]:
    """(the lead reference, HubSpot's record id) of a contact record."""
    properties = {
        name: value.get("value") if isinstance(value, Mapping) else value
        for name, value in event["properties"].items()
    }
    email = vendor_fields.field_named(properties, vendor_fields.EMAIL_ALIASES)
    if not email:
        raise NotAContact("properties.email: the contact has no email")
    try:
        email = normalise_email(fields.Email().deserialize(email))
    except ma.ValidationError as error:
        raise NotAContact("properties.email: Not a valid email address.") from error
    record_id = next(
        (str(event[key]) for key in _ID_KEYS if isinstance(event.get(key), int | str)),
        None,
    ) or next((str(properties[k]) for k in ("hs_object_id",) if properties.get(k)), None)
    external = (SYSTEM, record_id[:200]) if record_id else None
    profile = vendor_fields.profile_of(properties)
    accounts = vendor_fields.account_ids_of(properties)
    return LeadRef(email=email, external=external, profile=profile, account_ids=accounts), record_id
