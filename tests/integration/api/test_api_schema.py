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


# Rules the service enforces beyond field types are stated in the document, so that a request
# the document calls valid is accepted (schemathesis's positive_data_acceptance).


def _document_schema(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_a_patch_must_change_at_least_one_field():
    document = _served_document()
    body = document["paths"]["/api/v1/leads/{lead_id}"]["patch"]["requestBody"]
    schema = _document_schema(document, body["content"]["application/json"]["schema"])
    assert schema["minProperties"] == 1


def test_a_batch_of_interactions_holds_1_to_1000():
    document = _served_document()
    body = document["paths"]["/api/v1/leads/{lead_id}/interactions"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert (schema["type"], schema["minItems"], schema["maxItems"]) == ("array", 1, 1000)


def test_a_brief_lookup_needs_an_email_or_both_crm_fields():
    parameters = _served_document()["paths"]["/api/v1/brief"]["get"]["parameters"]
    (lookup,) = parameters
    assert (lookup["in"], lookup["style"], lookup["explode"]) == ("query", "form", True)
    assert set(lookup["schema"]["properties"]) == {
        "email",
        "external_system",
        "external_id",
        "format",
    }
    assert lookup["schema"]["anyOf"] == [
        {"required": ["email"]},
        {"required": ["external_system", "external_id"]},
    ]


def test_the_lookup_fields_stay_query_parameters_of_their_own(client, auth):
    headers = auth("admin")
    found = client.get("/api/v1/brief?email=nobody@example.com", headers=headers)
    assert found.status_code == 404
    by_crm = client.get("/api/v1/brief?external_system=sf&external_id=1", headers=headers)
    assert by_crm.status_code == 404
    typo = client.get("/api/v1/brief?emial=nobody@example.com", headers=headers)
    assert typo.status_code == 422 and "emial" in typo.get_json()["errors"]["query"]
    missing = client.get("/api/v1/brief?external_system=sf", headers=headers)
    assert missing.status_code == 422 and "external_id" in missing.get_json()["errors"]["query"]


def test_dict_keys_are_declared_as_property_names():
    weights = _served_document()["components"]["schemas"]["Weights"]["properties"]["weights"]
    assert weights["propertyNames"] == {"pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$"}


def test_a_blank_glossary_phrase_is_refused_as_the_document_says(client, auth):
    entry = _served_document()["components"]["schemas"]["GlossaryEntry"]["properties"]
    assert entry["topic"]["pattern"] == entry["synonyms"]["items"]["pattern"] == r"\s*\S"
    answer = client.put(
        "/api/v1/glossary", json={"entries": [{"topic": "  "}]}, headers=auth("marketing")
    )
    assert answer.status_code == 422 and "topic" in str(answer.get_json()["errors"])
