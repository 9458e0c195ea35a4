"""Signed webhooks: verify who sent a delivery, then store its events exactly once.

Three signature schemes, all HMAC-SHA256 over the RAW request body, compared in constant
time:
- callprep's own (`/webhooks/events`): headers `X-Callprep-Timestamp: <unix seconds>` and
  `X-Callprep-Signature: v1=<hex>` where hex = HMAC(secret, f"{timestamp}.{body}"). Several
  secrets may be active at once (CALLPREP_WEBHOOK_SECRETS) so they can be rotated: any one
  matching is enough, and a sender may send several `v1=` values separated by commas.
- HubSpot v3 (also on `/webhooks/events`, when `X-HubSpot-Signature-v3` is present):
  base64(HMAC(client secret, method + URI + body + timestamp)), timestamp in milliseconds
  in `X-HubSpot-Request-Timestamp`; the URI as HubSpot called it (behind a proxy, forward
  the original host and scheme).
- Mautic (`/webhooks/mautic`): `Webhook-Signature` = base64(HMAC(secret, body)). Mautic
  sends no timestamp, so there is no replay window; redelivery is harmless (see below).

A timestamp more than 5 minutes from now (either way) is refused. Inside the window a
replayed delivery is a no-op, because every event is stored idempotently on
(source, external_id). A trusted delivery is stored event by event: an event that cannot be
stored is skipped with its reason and the rest are kept (callprep.deliveries); only a
delivery that cannot be trusted (signature, timestamp) or read (not JSON, no events at all)
is refused whole. HubSpot deliveries signed only with v1/v2 (`X-HubSpot-Signature`) are
verified with those schemes. The URI in HubSpot's v2/v3 signatures is the raw request URI
(`request_uri`), never the decoded `request.url`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import marshmallow as ma
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from callprep.accounts.users import normalise_email
from callprep.errors import CallprepError, InvalidInput
from callprep.imports import deliveries, hubspot, mautic
from callprep.imports.bulk import INTERACTION_SCHEMA, LeadRef, _flatten_messages
from callprep.imports.deliveries import Delivery, DeliveryResult
from callprep.signing import sign_callprep

REPLAY_WINDOW_SECONDS = 5 * 60
MAX_EVENTS = 1000
CALLPREP_SOURCE = "webhook"
HUBSPOT_SOURCE = "hubspot"
MAUTIC_SOURCE = "mautic"


class BadSignature(CallprepError):
    """401: the delivery is not from who it says (or too old to tell)."""

    status = 401


# ---------------------------------------------------------------- signatures


def verify_callprep(
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    secrets: Sequence[str],
    now: float | None = None,
) -> None:
    if not secrets:
        raise BadSignature("webhook secrets are not configured (CALLPREP_WEBHOOK_SECRETS)")
    if not timestamp or not signature:
        raise BadSignature("X-Callprep-Timestamp and X-Callprep-Signature are required")
    _check_fresh(_parse_int(timestamp), now)
    offered = [part.strip()[3:] for part in signature.split(",") if part.strip()[:3] == "v1="]
    expected = [sign_callprep(secret, timestamp, body)[3:] for secret in secrets]
    if not _any_match(offered, expected):
        raise BadSignature("signature does not match")


_HUBSPOT_DECODE = {
    "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
    "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
}  # fmt: skip


def hubspot_signature(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    """HubSpot's v3 signature; the URI with the characters HubSpot decodes decoded."""
    for encoded, char in _HUBSPOT_DECODE.items():
        uri = uri.replace(encoded, char).replace(encoded.lower(), char)
    message = method.upper().encode() + uri.encode() + body + timestamp.encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify_hubspot(
    method: str,
    uri: str,
    body: bytes,
    timestamp_ms: str | None,
    signature: str | None,
    secret: str,
    now: float | None = None,
) -> None:
    if not secret:
        raise BadSignature("CALLPREP_HUBSPOT_CLIENT_SECRET is not configured")
    if not timestamp_ms or not signature:
        raise BadSignature("X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required")
    _check_fresh(_parse_int(timestamp_ms) / 1000, now)
    expected = hubspot_signature(secret, method, uri, body, timestamp_ms)
    if not _any_match([signature.strip()], [expected]):
        raise BadSignature("signature does not match")


def hubspot_legacy_signature(secret: str, version: str, method: str, uri: str, body: bytes) -> str:
    """HubSpot's older `X-HubSpot-Signature` (hex SHA-256, no HMAC, no timestamp): v1 over
    client secret + body, v2 over client secret + method + URI + body."""
    if version == "v1":
        message = secret.encode() + body
    else:
        message = secret.encode() + method.upper().encode() + uri.encode() + body
    return hashlib.sha256(message).hexdigest()


def verify_hubspot_legacy(
    version: str | None,
    method: str,
    uri: str,
    body: bytes,
    signature: str | None,
    secret: str,
) -> None:
    """A delivery signed only with v1 or v2 (CRM object webhooks, older workflows). Neither
    carries a timestamp, so there is no replay window; events are idempotent."""
    if not secret:
        raise BadSignature("CALLPREP_HUBSPOT_CLIENT_SECRET is not configured")
    version = (version or "").strip().lower()
    if version not in ("v1", "v2") or not signature:
        raise BadSignature("X-HubSpot-Signature-Version must be v1 or v2")
    expected = hubspot_legacy_signature(secret, version, method, uri, body)
    if not _any_match([signature.strip().lower()], [expected]):
        raise BadSignature("signature does not match")


def request_uri(environ: Mapping[str, Any], scheme: str, host: str) -> str:
    """The URI as the sender called it, undecoded: the server's raw request target
    (`RAW_URI` / `REQUEST_URI`, as werkzeug and gunicorn provide it), else the path
    re-quoted with the query string as received (WSGI keeps QUERY_STRING undecoded). Scheme
    and host are the request's, i.e. the proxy's forwarded ones when it is trusted."""
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if isinstance(target, str) and target.startswith("/"):
        return f"{scheme}://{host}{target}"
    if isinstance(target, str) and "://" in target:  # an absolute-form request target
        return f"{scheme}://{host}/" + target.split("://", 1)[1].partition("/")[2]
    path = (environ.get("SCRIPT_NAME") or "") + (environ.get("PATH_INFO") or "")
    path = quote(path.encode("latin-1", "replace"), safe="/:@!$&'()*+,;=-._~%")
    query = environ.get("QUERY_STRING") or ""
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


def mautic_signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify_mautic(body: bytes, signature: str | None, secret: str) -> None:
    if not secret:
        raise BadSignature("CALLPREP_MAUTIC_SECRET is not configured")
    if not signature:
        raise BadSignature("Webhook-Signature is required")
    if not _any_match([signature.strip()], [mautic_signature(secret, body)]):
        raise BadSignature("signature does not match")


def _any_match(offered: Iterable[str], expected: Iterable[str]) -> bool:
    # Every pair is compared (no early exit), each in constant time.
    matched = False
    for candidate in offered:
        for good in expected:
            matched |= hmac.compare_digest(candidate.encode(), good.encode())
    return matched


def _parse_int(value: str) -> int:
    value = value.strip()
    if len(value) > 20:  # seconds or milliseconds since 1970 have 10 or 13 digits
        raise BadSignature("the timestamp is not a plausible time")
    try:
        return int(value)
    except ValueError as error:
        raise BadSignature("the timestamp is not an integer") from error


def _check_fresh(timestamp: float, now: float | None) -> None:
    now = time.time() if now is None else now
    if abs(now - timestamp) > REPLAY_WINDOW_SECONDS:
        raise BadSignature("the timestamp is more than 5 minutes away from now")


# ---------------------------------------------------------------- payloads


class WebhookEventSchema(ma.Schema):
    """One event: an interaction plus who did it (by email; unknown emails become leads)."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    first_name = fields.String(validate=validate.Length(max=100), allow_none=True)
    last_name = fields.String(validate=validate.Length(max=100), allow_none=True)
    company = fields.String(validate=validate.Length(max=200), allow_none=True)
    # Where the lead is, for routing's territory rules (ISO code or name).
    country = fields.String(validate=validate.Length(max=100), allow_none=True)
    region = fields.String(validate=validate.Length(max=100), allow_none=True)
    state = fields.String(validate=validate.Length(max=100), allow_none=True)
    account_ids = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=50)),
        values=fields.String(validate=validate.Length(min=1, max=200)),
        metadata={
            "description": "The CRM account the person works at, e.g. "
            '{"salesforce": "0015e00000XyZaB"}'
        },
    )
    external_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The sender's event id: a redelivery is recognised by it"},
    )


_EVENT_LEAD_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "company",
    "country",
    "region",
    "state",
    "account_ids",
)
_PROFILE_FIELDS = ("first_name", "last_name", "company", "country", "region", "state")


def parse_events(payload: Any, default_source: str) -> Delivery:
    """`{"events": [...]}`, a JSON list of events (HubSpot's envelope) or one event object
    -> a Delivery: each valid event to store, each invalid one skipped with the fields named
    (`<field>: <message>`). Only an envelope holding no events at all is refused (422)."""
    if isinstance(payload, Mapping) and "events" in payload:
        events = payload["events"]
    elif isinstance(payload, list):
        events = payload
    elif isinstance(payload, Mapping):
        events = [payload]
    else:
        events = None  # a JSON string or number: no event at all
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS:
        raise InvalidInput(
            f"events must be a list of 1 to {MAX_EVENTS} objects",
            errors={"events": ["not a list of 1-1000 events"]},
        )
    delivery = Delivery(source=default_source, count=len(events))
    person_schema, interaction_schema = WebhookEventSchema(), INTERACTION_SCHEMA
    for index, event in enumerate(events):
        if not isinstance(event, Mapping):
            delivery.skip(index, "an event must be an object")
            continue
        external_id = event.get("external_id")
        label = str(external_id)[:200] if isinstance(external_id, str | int) else None
        if hubspot.is_contact_record(event):  # a workflow's contact record: the lead itself
            try:
                ref, record_id = hubspot.contact_ref(event)
            except hubspot.NotAContact as reason:
                delivery.skip(index, str(reason), "contact")
                continue
            delivery.profiles.append((index, ref))
            delivery.label(index, "contact", record_id)
            continue
        if "subscriptionType" in event and "email" not in event:
            # A HubSpot app webhook (CRM object event): it names the contact by objectId.
            delivery.skip(
                index,
                "a HubSpot CRM object event names no email; send the contact's email "
                "(a workflow webhook) to store it",
                str(event.get("subscriptionType"))[:100],
                event.get("eventId"),
            )
            continue
        person = {k: event[k] for k in _EVENT_LEAD_FIELDS if k in event}
        person["external_id"] = external_id
        interaction = {k: v for k, v in event.items() if k not in _EVENT_LEAD_FIELDS}
        interaction.setdefault("source", default_source)
        problems: dict[str, Any] = {}
        try:
            person = person_schema.load({k: v for k, v in person.items() if v is not None})
        except ma.ValidationError as error:
            problems.update(error.messages)
        try:
            item = interaction_schema.load(interaction)
        except ma.ValidationError as error:
            problems.update(error.messages)
        event_type = str(event["type"])[:50] if isinstance(event.get("type"), str) else None
        if problems:
            delivery.skip(index, _describe(problems), event_type, label)
            continue
        profile = {k: person[k] for k in _PROFILE_FIELDS if person.get(k)}
        ref = LeadRef(
            email=normalise_email(person["email"]),
            profile=profile,
            account_ids=tuple((person.get("account_ids") or {}).items()),
        )
        delivery.events.append((index, ref, item))
        delivery.label(index, event_type, label)
    return delivery


def _describe(messages: Mapping[str, Any]) -> str:
    """`email: Not a valid email address.; type: Must be one of: ...` (never the values)."""
    return "; ".join(f"{name}: {message}" for name, message in _flatten_messages(messages))


def parse_mautic(payload: Any) -> Delivery:
    """A Mautic delivery (every event type, list or single-object shape): callprep.mautic."""
    return mautic.parse_delivery(payload)


# ---------------------------------------------------------------- storing


def store_delivery(session: Session, delivery: Delivery) -> DeliveryResult:
    """Store a verified delivery event by event and record it; see callprep.imports.deliveries."""
    return deliveries.store_delivery(session, delivery)
