"""schemathesis with all its checks (positive data accepted, negative data rejected, status
codes, headers, content types, response schemas, unsupported methods, ignored auth...), positive
and negative requests, bounded in time (a few examples per operation).

The API document declares the rules the service enforces (api/blueprint.py). Some cannot be
written in JSON Schema at all; for them the hooks below make schemathesis's *valid* requests
valid (positive cases only), and leave every invalid one as generated:
- a report's `until` must be after its `since` (a comparison of two values);
- a glossary phrase belongs to one entry (uniqueness of a normalised value across entries);
- a talk track body must be a template that renders (an opener block, valid Jinja...);
- an interaction's date must be plausible (from 1990 to a day ahead of the clock);
- an import file must be readable as its kind and format;
- a routing rule's fields must fit its kind (a territory needs a place and one owner or team,
  a round-robin a team, a fallback a pool), and a new order names every stored rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.transport.serialization import Binary

from callprep.extensions import limiter
from nlp.glossary import phrase_key
from tests.integration.api.test_api_schema import _served_document

schema = schemathesis.openapi.from_dict(_served_document())
schema.config.generation.update(
    modes=list(schemathesis.GenerationMode),
    # The service refuses NUL in every text (PostgreSQL cannot store it; validation.py), and
    # tests/integration/api/test_input_validation.py proves it; JSON Schema has no word for it.
    allow_x00=False,
)

NOW = datetime.now(UTC)
VALID_BODY = "{% block opener %}\nHi, thanks for taking my call.\n{% endblock %}\n"
VALID_FILES = {
    "leads": ("csv", b"email,first_name\nimported.lead@example.com,Pat\n"),
    "interactions": (
        "csv",
        b"email,type,occurred_at,title\n"
        + f"imported.lead@example.com,content_download,{NOW.isoformat()},ROI guide\n".encode(),
    ),
    "marketo": (
        None,
        json.dumps({"requestId": "r1", "success": True, "result": []}).encode(),
    ),
}


# Per kind, the fields that make a schema-valid routing rule a valid one.
VALID_RULE_FIELDS = {
    "account_owner": {
        "countries": [],
        "regions": [],
        "states": [],
        "owner_email": None,
        "team": None,
    },
    "territory": {"countries": ["DE"], "owner_email": None, "team": "EMEA"},
    "round_robin": {"countries": ["DE"], "owner_email": None, "team": "EMEA"},
    "fallback": {"countries": ["DE"], "owner_email": None, "team": None, "pool": "inbound"},
}


def _positive(case) -> bool:
    meta = case.meta
    return (
        meta is not None
        and meta.generation.mode.is_positive
        and not any(component.mode.is_negative for component in meta.components.values())
    )


@schema.hook
def filter_case(context, case):
    """No report period that ends before it starts, no glossary phrase in two entries."""
    if not _positive(case):
        return True
    query = case.query or {}
    if isinstance(query.get("since"), str) and isinstance(query.get("until"), str):
        try:
            return datetime.fromisoformat(query["until"]) > datetime.fromisoformat(query["since"])
        except ValueError:
            return True
    if case.operation.path == "/api/v1/glossary" and isinstance(case.body, dict):
        owner: dict[str, int] = {}
        for index, entry in enumerate(case.body.get("entries") or []):
            for phrase in [entry.get("topic"), *entry.get("synonyms", [])]:
                if owner.setdefault(phrase_key(phrase), index) != index:
                    return False
    return True


@schema.hook
def map_case(context, case):
    """A talk track body that renders, interactions dated now, an import file that reads.

    The body is changed in place: assigning a new one makes schemathesis re-check the case
    against the document, and it counts any body holding a file as invalid."""
    if not _positive(case) or not isinstance(case.body, dict | list):
        return case
    path, body = case.operation.path, case.body
    if path.startswith("/api/v1/talktracks") and isinstance(body, dict):
        if isinstance(body.get("body"), str):
            body["body"] = VALID_BODY
    elif path.endswith("/interactions") and isinstance(body, list):
        for item in body:
            item["occurred_at"] = NOW.isoformat()
    elif path.startswith("/api/v1/routing/rules") and body.get("kind") in VALID_RULE_FIELDS:
        body.update(VALID_RULE_FIELDS[body["kind"]])
    elif path == "/api/v1/routing/rules/order" and isinstance(body, dict):
        body["ids"] = []  # no rule is stored: the only complete order is the empty one
    elif path == "/api/v1/imports" and body.get("kind") in VALID_FILES:
        fmt, content = VALID_FILES[body["kind"]]
        body.pop("mapping", None)
        body.pop("activity_types", None)
        body["file"] = Binary(content)
        if fmt:
            body["format"] = fmt
    return case


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_check_passes(case, app, make_key):
    key = make_key("admin")
    # ignored_auth sends each case again without and with a wrong key: from one address, so
    # the failed-authentication limit (test_auth_limits.py) would soon answer 429 instead.
    limiter.reset()
    # The checks' own requests (ignored_auth's, unsupported methods) go through the transport
    # of the case's schema: make it the WSGI app's. (schemathesis.pytest.from_fixture would
    # load the schema from the app, but it fails on pytest 9.)
    case.operation.schema.app = case.operation.app = app
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
