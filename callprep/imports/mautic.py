"""Mautic webhook deliveries, as Mautic sends them.

Mautic posts `{"<event type>": [event, ...], "timestamp": ...}` from its queue, and
`{"<event type>": event, "timestamp": ...}` (one object, not a list) from "Send Test
Payload"; both are read. Event types with an identifiable contact (an email) are stored:

| event type | becomes |
|---|---|
| `mautic.form_on_submit` | `form_submission` (form name, referring page, comment field) |
| `mautic.page_on_hit` | `web_visit` (page title, url); `email_click` for a tracked email link |
| `mautic.email_on_open` | `email_open` (email name) |
| `mautic.email_on_send` | `email_delivered` (email name) |
| `mautic.lead_post_save_new`, `mautic.lead_post_save_update` | the lead is created / updated |

Everything else (points changes, deletions, anonymous visitors or submissions, ...) is
skipped with a reason; nothing is refused. Dates are ISO 8601 with an offset or Mautic's
`Y-m-d H:i:s`, which Mautic keeps in UTC."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from marshmallow import fields

from callprep.accounts.users import normalise_email
from callprep.errors import InvalidInput
from callprep.imports import vendor_fields
from callprep.imports.bulk import INTERACTION_SCHEMA, _flatten_messages
from callprep.imports.deliveries import Delivery
from callprep.imports.marketo import COMMENT_KEYS, pick_field
from callprep.ingest.intake import LeadRef
from callprep.ingest.vendor_dates import NotADate, parse_vendor_datetime

SOURCE = "mautic"
PREFIX = "mautic."

# Mautic's core `title` is the salutation ("Mr."); `position` is the job title.
PROFILE_ALIASES = {**vendor_fields.PROFILE_ALIASES, "title": ("position", "jobtitle")}
EMAIL_ALIASES = vendor_fields.EMAIL_ALIASES


class Skipped(Exception):
    """This event is not stored; the message says why (never its personal data)."""


def contact_values(contact: Any) -> dict[str, Any]:
    """A Mautic contact's fields, flat: `fields.all`, or `fields.<group>.<alias>.value`."""
    if not isinstance(contact, Mapping):
        return {}
    groups = contact.get("fields")
    flat: dict[str, Any] = {}
    if isinstance(groups, Mapping):
        if isinstance(groups.get("all"), Mapping):
            flat.update(groups["all"])
        for name, group in groups.items():
            if name == "all" or not isinstance(group, Mapping):
                continue
            for alias, item in group.items():
                value = item.get("value") if isinstance(item, Mapping) else item
                flat.setdefault(alias, value)
    for alias in ("email", "firstname", "lastname", "company", "position"):
        if contact.get(alias) not in (None, ""):
            flat.setdefault(alias, contact[alias])
    return flat


def profile_of(*sources: Mapping[str, Any]) -> dict[str, str]:
    return vendor_fields.profile_of(*sources, aliases=PROFILE_ALIASES)


def email_of(*sources: Mapping[str, Any]) -> str:
    for values in sources:
        email = vendor_fields.field_named(values, EMAIL_ALIASES)
        if email:
            try:
                return normalise_email(fields.Email().deserialize(email))
            except ma.ValidationError as error:
                raise Skipped("email: Not a valid email address.") from error
    raise Skipped("anonymous: no email in the event or its contact")


def when(*values: Any) -> str:
    for value in values:
        if value not in (None, ""):
            try:
                return parse_vendor_datetime(value, naive_utc=True).isoformat()
            except NotADate as error:
                raise Skipped(f"date: {error}") from error
    raise Skipped("date: the event has no date")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


# ---------------------------------------------------------------- event types


def _form_on_submit(entry: Mapping) -> tuple[LeadRef, dict[str, Any]]:
    submission = entry.get("submission")
    if not isinstance(submission, Mapping):
        raise Skipped("submission: Missing data for required field.")
    results = _mapping(submission.get("results"))
    contact = contact_values(submission.get("lead"))
    if submission.get("id") in (None, ""):
        raise Skipped("submission.id: Missing data for required field.")
    email = email_of(results, contact)
    item = {
        "type": "form_submission",
        "occurred_at": when(submission.get("dateSubmitted"), entry.get("timestamp")),
        "title": _mapping(submission.get("form")).get("name"),
        "url": submission.get("referer") or None,
        "comment": pick_field(results, COMMENT_KEYS),
        "external_id": f"submission-{submission['id']}",
    }
    return LeadRef(email=email, profile=profile_of(results, contact)), item


def _page_on_hit(entry: Mapping) -> tuple[LeadRef, dict[str, Any]]:
    hit = entry.get("hit")
    if not isinstance(hit, Mapping):
        raise Skipped("hit: Missing data for required field.")
    contact = contact_values(hit.get("lead"))
    email = email_of(contact)
    occurred = when(hit.get("dateHit"), entry.get("timestamp"))
    identity = (
        hit.get("id")
        or hashlib.sha256(
            f"{hit.get('trackingId')}|{hit.get('dateHit')}|{hit.get('url')}".encode()
        ).hexdigest()[:40]
    )
    sent = _mapping(hit.get("email"))
    redirect = _mapping(hit.get("redirect"))
    if sent or hit.get("source") == "email":  # a tracked link in an email
        item = {
            "type": "email_click",
            "title": sent.get("name") or sent.get("subject"),
            "url": redirect.get("url") or hit.get("url"),
        }
    else:
        page = _mapping(hit.get("page"))
        item = {
            "type": "web_visit",
            "title": page.get("title") or hit.get("urlTitle"),
            "url": hit.get("url") or redirect.get("url"),
        }
    item.update(occurred_at=occurred, external_id=f"hit-{identity}")
    return LeadRef(email=email, profile=profile_of(contact)), item


def _email_on_open(entry: Mapping) -> tuple[LeadRef, dict[str, Any]]:
    stat = entry.get("stat")
    if not isinstance(stat, Mapping) or stat.get("id") in (None, ""):
        raise Skipped("stat.id: Missing data for required field.")
    contact = contact_values(stat.get("lead"))
    email = email_of(contact, {"email": stat.get("emailAddress")})
    sent = _mapping(stat.get("email"))
    item = {
        "type": "email_open",
        "occurred_at": when(stat.get("lastOpened"), stat.get("dateRead"), entry.get("timestamp")),
        "title": sent.get("name") or sent.get("subject"),
        "external_id": f"stat-{stat['id']}-open-{stat.get('openCount') or 1}",
    }
    return LeadRef(email=email, profile=profile_of(contact)), item


def _email_on_send(entry: Mapping) -> tuple[LeadRef, dict[str, Any]]:
    contact = contact_values(entry.get("contact") or entry.get("lead"))
    email = email_of(contact)
    sent = _mapping(entry.get("email"))
    hash_id = entry.get("idHash") or entry.get("trackingHash")
    if not hash_id:
        raise Skipped("idHash: Missing data for required field.")
    item = {
        "type": "email_delivered",
        "occurred_at": when(entry.get("timestamp")),
        "title": sent.get("name") or entry.get("subject") or sent.get("subject"),
        "external_id": f"send-{hash_id}",
    }
    return LeadRef(email=email, profile=profile_of(contact)), item


def _lead_saved(entry: Mapping) -> LeadRef:
    contact = entry.get("contact") or entry.get("lead")
    if not isinstance(contact, Mapping):
        raise Skipped("contact: Missing data for required field.")
    values = contact_values(contact)
    return LeadRef(email=email_of(values), profile=profile_of(values))


INTERACTION_EVENTS = {
    "mautic.form_on_submit": _form_on_submit,
    "mautic.page_on_hit": _page_on_hit,
    "mautic.email_on_open": _email_on_open,
    "mautic.email_on_send": _email_on_send,
}
LEAD_EVENTS = {"mautic.lead_post_save_new", "mautic.lead_post_save_update"}


def parse_delivery(payload: Any) -> Delivery:
    """Every event of every type in the delivery, numbered in the order sent; an event that
    cannot be stored is skipped with its reason. Only a payload holding no Mautic event at
    all is refused (InvalidInput, 422)."""
    types = (
        {k: v for k, v in payload.items() if isinstance(k, str) and k.startswith(PREFIX)}
        if isinstance(payload, Mapping)
        else {}
    )
    if not types:
        raise InvalidInput(
            "expected a Mautic webhook payload: an object keyed by event type "
            "(mautic.form_on_submit, mautic.page_on_hit, ...)",
            errors={"_schema": ["no mautic.* event type in the payload"]},
        )
    delivery = Delivery(source=SOURCE)
    index = 0
    interaction_schema = INTERACTION_SCHEMA
    # Every event of the delivery (the body size limit bounds them): Mautic sends its queue in
    # one POST and never re-sends what a 200 acknowledged, so a cap would lose events for good.
    for event_type, entries in types.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            _parse_one(delivery, index, event_type, entry, interaction_schema)
            index += 1
    delivery.count = index
    return delivery


def _parse_one(delivery: Delivery, index: int, event_type: str, entry: Any, schema) -> None:
    if not isinstance(entry, Mapping):
        delivery.skip(index, "an event must be an object", event_type)
        return
    try:
        if event_type in LEAD_EVENTS:
            delivery.profiles.append((index, _lead_saved(entry)))
            delivery.label(index, event_type, None)
            return
        parse = INTERACTION_EVENTS.get(event_type)
        if parse is None:
            delivery.skip(index, f"{event_type} events are not stored by callprep", event_type)
            return
        ref, item = parse(entry)
    except Skipped as reason:
        delivery.skip(index, str(reason), event_type)
        return
    item["source"] = SOURCE
    item = {k: v for k, v in item.items() if v not in (None, "")}
    for name, limit in (("title", 500), ("url", 2000)):
        if isinstance(item.get(name), str):
            item[name] = item[name][:limit]
    try:
        item = schema.load(item)
    except ma.ValidationError as error:
        reason = "; ".join(f"{f}: {m}" for f, m in _flatten_messages(error.messages))
        delivery.skip(index, reason, event_type, item.get("external_id"))
        return
    delivery.events.append((index, ref, item))
    delivery.label(index, event_type, item["external_id"])
