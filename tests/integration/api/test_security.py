"""API hardening: security headers everywhere, rate limits per key, JSON-only endpoints."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid

import pytest

from callprep import create_app


def test_every_response_carries_the_security_headers(client, auth, app, monkeypatch):
    monkeypatch.setitem(app.config, "CORS_ORIGINS", ["https://acme.lightning.force.com"])
    for response in (
        client.get("/healthz"),
        client.get("/api/v1/leads", headers=auth("admin")),
        client.get("/api/v1/leads"),  # 401
        client.get("/api/v1/nowhere"),  # 404
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self' https://acme.lightning.force.com" in csp
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "X-Frame-Options" not in response.headers  # would forbid the CRM iframe


def test_swagger_ui_inline_script_is_allowed_by_its_hash(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    inline = re.search(rb"<script>(.*?)</script>", response.get_data(), re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(inline).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    secure = client.get("/healthz", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_rate_limit_is_per_api_key_with_429_in_the_error_shape(client, auth, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_DEFAULT", "3 per minute")
    busy, quiet = auth("admin"), auth("admin")
    statuses = [client.get("/api/v1/leads", headers=busy).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/leads", headers=busy)
    body = limited.get_json()
    assert body["code"] == 429 and body["status"] == "Too Many Requests"
    assert "rate limit" in body["message"]
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get("/api/v1/leads", headers=quiet).status_code == 200  # another key
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))  # not the API


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379", socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379"


def test_two_workers_share_the_limit_through_redis(database_url, redis_url, make_key):
    config = {
        "DATABASE_URL": database_url,
        "TESTING": True,
        "SECRET_KEY": "test",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_DEFAULT": "3 per minute",
        # A fresh namespace per run, so counts never leak between runs or other apps.
        "RATELIMIT_KEY_PREFIX": f"callprep-test-{uuid.uuid4().hex}",
    }
    workers = [create_app(config), create_app(config)]
    headers = {"Authorization": f"Bearer {make_key('admin')}"}
    try:
        statuses = [
            workers[n % 2].test_client().get("/api/v1/leads", headers=headers).status_code
            for n in range(4)
        ]
    finally:
        for worker in workers:
            worker.extensions["callprep.engine"].dispose()
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "email=a%40example.com"),
        ("text/plain", '{"email": "a@example.com"}'),
        ("multipart/form-data; boundary=X", "--X--"),
    ],
)
def test_json_endpoints_refuse_other_content_types(client, auth, content_type, body):
    response = client.post(
        "/api/v1/leads", data=body, headers={**auth("admin"), "Content-Type": content_type}
    )
    assert response.status_code == 415
    assert response.get_json()["code"] == 415
    assert "application/json" in response.get_json()["message"]


def test_json_with_a_charset_or_a_json_suffix_is_fine(client, auth):
    response = client.post(
        "/api/v1/leads",
        data='{"email": "a@example.com"}',
        headers={**auth("admin"), "Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


def test_imports_take_only_multipart(client, auth):
    response = client.post("/api/v1/imports", json={"kind": "leads"}, headers=auth("admin"))
    assert response.status_code == 415
    assert "multipart/form-data" in response.get_json()["message"]


def test_webhooks_read_raw_bodies_of_any_type(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAUTIC_SECRET", "s")
    response = client.post(
        "/api/v1/webhooks/mautic", data=b"x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 401  # judged by its signature, not its content type
