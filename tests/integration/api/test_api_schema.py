"""The API keeps its own OpenAPI document: schemathesis generates requests for every
operation, and no response may be a 5xx or differ from what the document promises."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from callprep import create_app


def _served_document() -> dict:
    """The document exactly as the app serves it (no database is touched to build it)."""
    spec_app = create_app({"DATABASE_URL": "sqlite://", "TESTING": True, "SECRET_KEY": "spec"})
    try:
        return spec_app.test_client().get("/api/v1/openapi.json").get_json()
    finally:
        spec_app.extensions["callprep.engine"].dispose()


schema = schemathesis.openapi.from_dict(_served_document())
# Invalid requests too: they must be refused with a documented 4xx, never a 5xx.
schema.config.generation.update(modes=list(schemathesis.GenerationMode))


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_response_matches_the_openapi_document(case, app, make_key):
    key = make_key("admin")
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {key}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
