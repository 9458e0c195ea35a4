"""Bearer keys: missing, malformed, unknown, revoked; and the public health check."""

from __future__ import annotations

from callprep.accounts import users as accounts


def test_health_needs_no_key_and_no_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_missing_key_is_401_json_with_challenge(client):
    response = client.get("/api/v1/leads")
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_malformed_and_unknown_keys_are_401(client, make_key):
    real = make_key("admin")
    for header in (
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer nonsense",
        f"Bearer {real}x",
        f"Bearer {real[:-1]}",
        "Bearer cpk_00000000_" + "a" * 43,
    ):
        assert client.get("/api/v1/leads", headers={"Authorization": header}).status_code == 401


def test_revoked_key_is_401(client, make_key, session):
    key = make_key("admin")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/leads", headers=headers).status_code == 200
    accounts.revoke_api_key(session, key.split("_")[1])
    session.commit()
    assert client.get("/api/v1/leads", headers=headers).status_code == 401


def test_key_hash_only_is_stored(make_key, session):
    from sqlalchemy import select

    from callprep.models import ApiKey

    plain = make_key("integration")
    stored = session.scalars(select(ApiKey)).one()
    assert plain not in (stored.key_hash, stored.prefix)
    assert plain.startswith(f"cpk_{stored.prefix}_")


def test_rep_key_must_belong_to_a_user(session):
    import pytest

    from callprep.errors import InvalidInput

    with pytest.raises(InvalidInput):
        accounts.create_api_key(session, role="rep", name="x")


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.get_json()["paths"]
    assert "/api/v1/leads" in paths and "/api/v1/leads/{lead_id}/interactions" in paths
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/docs/assets/swagger-ui-bundle.js" in docs.get_data(as_text=True)
    asset = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    asset.close()
