"""Marketo activities: the JSON pages of Get Lead Activities, as interactions.

Each activity becomes one interaction with source `marketo` and its `marketoGUID` as the
external id (so re-importing a page is a no-op). Its `activityTypeId` picks an
`ActivityRule`; activity ids vary between Marketo instances, so the defaults below can be
overridden by a JSON mapping: `{"2": {"type": "form_submission", "comment_from": "Form
Fields"}, "46": "webinar_attended", "7": null}` (a type name, a rule, or null to skip).
Unmapped activity types are skipped and counted, not rejected.

The Marketo `leadId` finds the lead through its external id (system `marketo`, filled by a
lead import with the `marketo` preset, whose `Id` column is that id). An unknown leadId is
rejected with a message saying so, unless the activity itself carries an email (a form's
Email field): then the lead is found by that email, or created, and given the Marketo id."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

import marshmallow as ma
from sqlalchemy.orm import Session

from callprep.errors import InvalidInput
from callprep.imports import vendor_fields
from callprep.imports.bulk import INTERACTION_SCHEMA, _row_errors
from callprep.imports.reading import Record
from callprep.ingest.intake import ImportReport, LeadRef, RowError, store_events
from callprep.vocabulary import INTERACTION_TYPES

SOURCE = "marketo"
PRIMARY = "primaryAttributeValue"


@dataclass(frozen=True)
class ActivityRule:
    type: str
    title_from: str | None = PRIMARY  # an attribute name, or the primary attribute value
    url_from: str | None = None
    comment_from: str | None = None  # an attribute holding the form's fields


DEFAULT_RULES: dict[int, ActivityRule] = {
    1: ActivityRule("web_visit", url_from="Webpage URL"),  # Visit Webpage
    2: ActivityRule("form_submission", url_from="Webpage URL", comment_from="Form Fields"),
    3: ActivityRule("web_visit", url_from=PRIMARY),  # Click Link
    7: ActivityRule("email_delivered"),  # Email Delivered
    10: ActivityRule("email_open"),  # Open Email
    11: ActivityRule("email_click", url_from="Link"),  # Click Email
}

# Form fields that carry what the lead wrote, compared without case, spaces or punctuation.
COMMENT_KEYS = ("comment", "comments", "message", "question", "questions", "notes", "howcanwehelp")
EMAIL_KEYS = ("email", "emailaddress")
_TITLE_MAX, _URL_MAX = 500, 2000


def load_rules(mapping: Mapping[str, Any] | str | None) -> dict[int, ActivityRule]:
    """The default rules with a user's mapping (a dict, JSON text, or None) applied on top."""
    rules = dict(DEFAULT_RULES)
    if mapping is None or mapping == "":
        return rules
    if isinstance(mapping, str):
        try:
            mapping = json.loads(mapping)
        except json.JSONDecodeError as error:
            raise _bad_mapping(f"not JSON: {error.msg}") from error
    if not isinstance(mapping, Mapping):
        raise _bad_mapping("must be a JSON object of activityTypeId -> rule")
    for key, value in mapping.items():
        try:
            type_id = int(key)
        except ValueError as error:
            raise _bad_mapping(f"{key!r} is not an activity type id") from error
        if value is None:
            rules.pop(type_id, None)
            continue
        spec = {"type": value} if isinstance(value, str) else value
        if not isinstance(spec, Mapping) or spec.get("type") not in INTERACTION_TYPES:
            raise _bad_mapping(
                f"activity {type_id}: type must be one of {', '.join(INTERACTION_TYPES)}"
            )
        unknown = set(spec) - {"type", "title_from", "url_from", "comment_from"}
        if unknown:
            raise _bad_mapping(f"activity {type_id}: unknown keys {', '.join(sorted(unknown))}")
        base = rules.get(type_id, ActivityRule(spec["type"]))
        rules[type_id] = replace(base, **dict(spec))
    return rules


def _bad_mapping(message: str) -> InvalidInput:
    return InvalidInput(f"activity type mapping: {message}", errors={"activity_types": [message]})


def read_pages(files: Iterable[tuple[str, BinaryIO]]) -> Iterator[Record]:
    """Activities of Get Lead Activities pages, one Record each, numbered across all pages.
    A file holds one page (`{"success": true, "result": [...]}`) or a JSON list of pages."""
    row = 0
    for name, stream in files:
        if name.lower().endswith((".csv", ".tsv")):
            for record in read_extract(name, stream, row):
                row = record.row
                yield record
            continue
        try:
            data = json.load(stream)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise InvalidInput(f"{name}: not a JSON page: {error}") from error
        pages = data if isinstance(data, list) else [data]
        for page in pages:
            if not isinstance(page, dict) or not isinstance(page.get("result", []), list):
                raise InvalidInput(f"{name}: a page must be an object with a result list")
            if page.get("success") is False:
                codes = ", ".join(str(e.get("code")) for e in page.get("errors") or [])
                raise InvalidInput(f"{name}: Marketo reported a failed request ({codes})")
            for activity in page.get("result") or []:
                row += 1
                if not isinstance(activity, dict):
                    yield Record(row, {}, RowError(row, "_row", "an activity must be an object"))
                else:
                    yield Record(row, activity)


EXTRACT_COLUMNS = ("marketoGUID", "leadId", "activityDate", "activityTypeId")


def read_extract(name: str, stream: BinaryIO, row: int = 0) -> Iterator[Record]:
    """A Bulk Activity Extract file (CSV: marketoGUID, leadId, activityDate, activityTypeId,
    campaignId, primaryAttributeValueId, primaryAttributeValue, attributes), read as a
    stream; `attributes` is a JSON object of attribute name -> value."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    delimiter = "\t" if name.lower().endswith(".tsv") else ","
    reader = csv.DictReader(text, delimiter=delimiter)
    missing = [c for c in EXTRACT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            f"{name}: not a Marketo bulk activity extract (missing {', '.join(missing)})"
        )
    for values in reader:
        row += 1
        activity: dict[str, Any] = {k: v for k, v in values.items() if k and v not in (None, "")}
        raw = activity.pop("attributes", None)
        try:
            attributes = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            attributes = None
        if not isinstance(attributes, dict):
            yield Record(row, {}, RowError(row, "attributes", "not a JSON object"))
            continue
        activity["attributes"] = [{"name": k, "value": v} for k, v in attributes.items()]
        yield Record(row, activity)


def store_activities(rules: Mapping[int, ActivityRule]):
    """A batch store for `imports.BulkImport`: convert, resolve leads, ingest."""

    def store(session: Session, records: list[Record], report: ImportReport, reject) -> None:
        events = []
        for record in records:
            converted = activity_to_event(record, rules)
            if converted is None:
                report.skipped += 1
                report.mark(record.row, "skipped")
            elif isinstance(converted, list):
                for error in converted:
                    reject(error)
            else:
                events.append((record.row, *converted))
        store_events(session, events, report, reject)

    return store


def activity_to_event(
    record: Record, rules: Mapping[int, ActivityRule]
) -> tuple[LeadRef, dict[str, Any]] | list[RowError] | None:
    """(lead reference, validated interaction), the row's errors, or None to skip it."""
    activity = record.values
    try:
        rule = rules.get(int(activity.get("activityTypeId")))
    except (TypeError, ValueError):
        return [RowError(record.row, "activityTypeId", "Missing or not an integer.")]
    if rule is None:
        return None
    errors = []
    lead_id = activity.get("leadId")
    if not isinstance(lead_id, int | str) or str(lead_id).strip() == "":
        errors.append(RowError(record.row, "leadId", "Missing data for required field."))
    guid = activity.get("marketoGUID") or activity.get("id")
    if guid in (None, ""):
        errors.append(RowError(record.row, "marketoGUID", "Missing data for required field."))
    attributes = _attributes(activity.get("attributes"))
    fields = form_fields(attributes.get(rule.comment_from)) if rule.comment_from else {}
    item = {
        "type": rule.type,
        "occurred_at": activity.get("activityDate"),
        "title": _clip(_value(activity, attributes, rule.title_from), _TITLE_MAX),
        "url": _clip(_url(activity, attributes, rule.url_from), _URL_MAX),
        "comment": pick_field(fields, COMMENT_KEYS) if rule.comment_from else None,
        "campaign": _clip(attributes.get("Campaign"), 200),
        "source": SOURCE,
        "external_id": str(guid) if guid not in (None, "") else None,
    }
    try:
        item = INTERACTION_SCHEMA.load({k: v for k, v in item.items() if v is not None})
    except ma.ValidationError as error:
        errors.extend(
            RowError(e.row, "activityDate" if e.field == "occurred_at" else e.field, e.message)
            for e in _row_errors(record.row, error)
        )
    if errors:
        return errors
    email = pick_field(fields, EMAIL_KEYS)
    ref = LeadRef(
        external=(SOURCE, str(lead_id).strip()),
        email=email.strip().lower() if email and "@" in email else None,
        # A lead first seen in this form fill is created with what it typed.
        profile=vendor_fields.profile_of(fields),
        account_ids=vendor_fields.account_ids_of(fields),
    )
    # Marketo titles are names of assets (forms, pages, emails, programs) or host names,
    # never words the lead read: analysis finds no topics in them.
    item["title_is_name"] = True
    return ref, item


def _attributes(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, list):
        return {}
    return {
        a["name"]: a.get("value")
        for a in raw
        if isinstance(a, dict) and isinstance(a.get("name"), str)
    }


def _value(activity: Mapping, attributes: Mapping, source: str | None) -> str | None:
    if source is None:
        return None
    value = activity.get(PRIMARY) if source == PRIMARY else attributes.get(source)
    return None if value in (None, "") else str(value)


# A Fill Out Form activity carries the page as `Referrer URL` (its Webpage ID names a
# Marketo landing page, not a URL); Visit Webpage carries `Webpage URL`.
_URL_FALLBACKS = {"Webpage URL": ("Referrer URL",)}


def _url(activity: Mapping, attributes: Mapping, source: str | None) -> str | None:
    value = _value(activity, attributes, source)
    for fallback in _URL_FALLBACKS.get(source or "", ()):
        if value is not None:
            break
        value = _value(activity, attributes, fallback)
    return value


def _clip(value: Any, limit: int) -> str | None:
    return None if value in (None, "") else str(value)[:limit]


def pick_field(fields: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first field named like one of `keys` (also custom fields: `Comments__c`)."""
    for key, value in fields.items():
        name = re.sub(r"[^a-z]", "", str(key).lower())
        named = any(name == k or name.startswith(k) and len(k) > 5 for k in keys)
        if named and isinstance(value, str) and value.strip():
            return value.strip()
    return None


def form_fields(raw: Any) -> dict[str, Any]:
    """Marketo stores a form's fields PHP-serialised (`a:2:{s:5:"Email";s:...}`); some
    exports turn them into JSON. A plain string is taken as the comment itself."""
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        return {}
    text = raw.strip()
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
            if isinstance(parsed, dict):
                return parsed
        except json.JSONDecodeError:
            pass
    if text.startswith("a:"):
        try:
            parsed, _end = _php_value(text.encode(), 0)
            if isinstance(parsed, dict):
                return {str(k): v for k, v in parsed.items()}
        except (ValueError, IndexError):
            pass
    return {"comment": text}


def _php_value(data: bytes, at: int) -> tuple[Any, int]:
    """One value of PHP's serialize() format: strings by byte length, so quotes and
    multi-byte characters inside a comment are read correctly."""
    kind = data[at : at + 1]
    if kind == b"N":
        return None, at + 2
    if kind in (b"i", b"b", b"d"):
        end = data.index(b";", at)
        raw = data[at + 2 : end].decode()
        value: Any = float(raw) if kind == b"d" else int(raw)
        return (bool(value) if kind == b"b" else value), end + 1
    if kind == b"s":
        colon = data.index(b":", at + 2)
        length = int(data[at + 2 : colon])
        start = colon + 2  # skip :"
        value = data[start : start + length].decode("utf-8", errors="replace")
        if data[start + length : start + length + 2] != b'";':
            raise ValueError("bad string")
        return value, start + length + 2
    if kind == b"a":
        colon = data.index(b":", at + 2)
        count = int(data[at + 2 : colon])
        at = colon + 2  # skip :{
        items: dict[Any, Any] = {}
        for _ in range(count):
            key, at = _php_value(data, at)
            value, at = _php_value(data, at)
            items[key] = value
        if data[at : at + 1] != b"}":
            raise ValueError("bad array")
        return items, at + 1
    raise ValueError(f"unsupported PHP value {kind!r}")
