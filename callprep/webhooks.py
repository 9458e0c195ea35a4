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
(source, external_id). A delivery is all-or-nothing: one bad event and nothing is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep.accounts import normalise_email
from callprep.errors import CallprepError, InvalidInput
from callprep.imports import ImportReport, LeadRef, RowError, schemas, store_events
from callprep.marketo import COMMENT_KEYS, pick_field

REPLAY_WINDOW_SECONDS = 5 * 60
MAX_EVENTS = 1000
CALLPREP_SOURCE = "webhook"
HUBSPOT_SOURCE = "hubspot"
MAUTIC_SOURCE = "mautic"


class BadSignature(CallprepError):
    """401: the delivery is not from who it says (or too old to tell)."""

    status = 401


# ---------------------------------------------------------------- signatures


def sign_callprep(secret: str, timestamp: int | str, body: bytes) -> str:
    """The `X-Callprep-Signature` value a sender puts on a delivery."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={digest.hexdigest()}"


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
    external_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The sender's event id: a redelivery is recognised by it"},
    )


_EVENT_LEAD_FIELDS = ("email", "first_name", "last_name", "company")


def parse_events(payload: Any, default_source: str) -> list[tuple[LeadRef, dict[str, Any]]]:
    """`{"events": [...]}` or one event object -> validated (lead ref, interaction) pairs;
    InvalidInput (422) naming `events.<index>.<field>` on the first bad delivery."""
    if isinstance(payload, Mapping) and "events" in payload:
        events, many = payload["events"], True
    else:
        events, many = [payload], False
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS:
        raise InvalidInput(
            f"events must be a list of 1 to {MAX_EVENTS} objects",
            errors={"events": ["not a list of 1-1000 events"]},
        )
    errors: dict[str, Any] = {}
    parsed = []
    person_schema, interaction_schema = WebhookEventSchema(), schemas()[1]
    for index, event in enumerate(events):
        if not isinstance(event, Mapping):
            errors[str(index)] = {"_schema": ["an event must be an object"]}
            continue
        person = {k: event[k] for k in _EVENT_LEAD_FIELDS if k in event}
        person["external_id"] = event.get("external_id")
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
        if problems:
            errors[str(index)] = problems
            continue
        profile = {k: person[k] for k in ("first_name", "last_name", "company") if person.get(k)}
        parsed.append((LeadRef(email=normalise_email(person["email"]), profile=profile), item))
    if errors:
        named = errors if many else errors["0"]
        raise InvalidInput(
            "invalid event" + ("s" if many else ""), errors={"events": named} if many else named
        )
    return parsed


def parse_mautic(payload: Any) -> list[tuple[LeadRef, dict[str, Any]]]:
    """`mautic.form_on_submit` deliveries -> form_submission interactions."""
    submissions = payload.get("mautic.form_on_submit") if isinstance(payload, Mapping) else None
    if not isinstance(submissions, list) or not submissions:
        raise InvalidInput(
            "expected a mautic.form_on_submit payload",
            errors={"mautic.form_on_submit": ["missing or empty"]},
        )
    events, errors = [], {}
    # Every submission of the delivery (the body size limit bounds them): Mautic sends its
    # queue in one POST and never re-sends what a 200 acknowledged.
    for index, entry in enumerate(submissions):
        try:
            events.append(_mautic_submission(entry))
        except ma.ValidationError as error:
            errors[str(index)] = error.messages
    if errors:
        raise InvalidInput("invalid form submission", errors={"mautic.form_on_submit": errors})
    return events


def _mautic_submission(entry: Any) -> tuple[LeadRef, dict[str, Any]]:
    submission = entry.get("submission") if isinstance(entry, Mapping) else None
    if not isinstance(submission, Mapping):
        raise ma.ValidationError({"submission": ["Missing data for required field."]})
    results = submission.get("results") if isinstance(submission.get("results"), Mapping) else {}
    lead = submission.get("lead") if isinstance(submission.get("lead"), Mapping) else {}
    form = submission.get("form") if isinstance(submission.get("form"), Mapping) else {}
    email = results.get("email") or lead.get("email") or _core_field(lead, "email")
    if not email:
        raise ma.ValidationError({"submission.results.email": ["Missing data for required field."]})
    try:
        email = fields.Email().deserialize(email)
    except ma.ValidationError as error:
        raise ma.ValidationError({"submission.results.email": error.messages}) from error
    if submission.get("id") in (None, ""):
        raise ma.ValidationError({"submission.id": ["Missing data for required field."]})
    submitted = submission.get("dateSubmitted") or entry.get("timestamp")
    item = {
        "type": "form_submission",
        "occurred_at": _mautic_time(submitted),
        "title": form.get("name"),
        "url": submission.get("referer") or None,
        "comment": pick_field(results, COMMENT_KEYS),
        "source": MAUTIC_SOURCE,
        "external_id": f"submission-{submission['id']}",
    }
    try:
        item = schemas()[1].load({k: v for k, v in item.items() if v is not None})
    except ma.ValidationError as error:
        raise ma.ValidationError(
            {f"submission.{k}": v for k, v in error.messages.items()}
        ) from error
    profile = {
        "first_name": results.get("firstname")
        or lead.get("firstname")
        or _core_field(lead, "firstname"),
        "last_name": results.get("lastname")
        or lead.get("lastname")
        or _core_field(lead, "lastname"),
        "company": results.get("company") or lead.get("company") or _core_field(lead, "company"),
    }
    profile = {k: str(v)[: 100 if k != "company" else 200] for k, v in profile.items() if v}
    return LeadRef(email=normalise_email(email), profile=profile), item


def _core_field(lead: Mapping, name: str) -> Any:
    """Mautic nests contact fields as fields.core.<alias>.value."""
    core = (
        (lead.get("fields") or {}).get("core") if isinstance(lead.get("fields"), Mapping) else None
    )
    value = core.get(name) if isinstance(core, Mapping) else None
    return value.get("value") if isinstance(value, Mapping) else None


def _mautic_time(value: Any) -> str:
    """Mautic sends ISO 8601 with an offset; older versions send 'YYYY-MM-DD HH:MM:SS', which
    Mautic keeps in UTC."""
    if not isinstance(value, str) or not value:
        raise ma.ValidationError({"submission.dateSubmitted": ["Missing data for required field."]})
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError as error:
        raise ma.ValidationError({"submission.dateSubmitted": ["Not a valid datetime."]}) from error
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


# ---------------------------------------------------------------- storing


def store_delivery(session: Session, events: list[tuple[LeadRef, dict[str, Any]]]) -> ImportReport:
    """Store a verified, validated delivery; known events are skipped, suppressed people
    ignored. Flushes only; the caller commits before acknowledging. The session must hold
    nothing else: a lost race for a new lead rolls it back and tries once more."""
    numbered = [(index, ref, item) for index, (ref, item) in enumerate(events)]
    for attempt in range(2):
        report = ImportReport(kind="webhook")
        problems: list[RowError] = []
        try:
            store_events(
                session, [(i, r, dict(item)) for i, r, item in numbered], report, problems.append
            )
        except IntegrityError:
            # Another delivery created the same new lead a moment ago: now it exists.
            session.rollback()
            if attempt:
                raise
            continue
        break
    if problems:  # cannot happen for email-named events; kept so nothing is dropped silently
        raise InvalidInput(
            "events could not be stored", errors={"events": [p.message for p in problems]}
        )
    return report
