"""The JSON API under /api/v1, with its OpenAPI document and interactive docs."""

from __future__ import annotations

from flask import Blueprint, Flask, send_from_directory
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from callprep.api import (
    accounts,
    alerts,
    battlecards,
    briefs,
    deliveries,
    glossary,
    imports,
    interactions,
    jobs,
    leads,
    queue,
    routing,
    talktracks,
    webhooks,
)
from callprep.api import reports as reports_api
from callprep.api.auth import register_key_cache
from callprep.api.blueprint import SchemaKeywords, dict_key_constraints
from callprep.api.errors import register_error_handlers

BLUEPRINTS = [
    leads.blp,
    interactions.blp,
    glossary.blp,
    briefs.blp,
    queue.blp,
    reports_api.blp,
    imports.blp,
    webhooks.blp,
    deliveries.blp,
    talktracks.blp,
    jobs.blp,
    battlecards.blp,
    routing.blp,
    alerts.blp,
    accounts.blp,
]

API_SETTINGS = {
    "API_TITLE": "callprep",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "v1/openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    # Served from the swagger-ui-bundle package: the docs page needs no CDN.
    "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
}


def register_api(app: Flask) -> Api:
    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api = _Api(
        app,
        spec_kwargs={
            "info": {"description": "Call briefs for sales reps."},
            "extra_plugins": [SchemaKeywords()],
        },
    )
    api.ma_plugin.converter.add_attribute_function(dict_key_constraints)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "callprep API key"}
    )
    api.spec.options["security"] = [{"bearerAuth": []}]
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    register_error_handlers(app)
    register_key_cache(app)
    app.register_blueprint(_swagger_assets())
    app.extensions["callprep.api"] = api  # input_checks reads the declared query parameters
    return api


class _Api(Api):
    """Every error answer carries a `message`, validation errors (422) too."""

    def handle_http_exception(self, error):
        payload, code, headers = super().handle_http_exception(error)
        if "message" not in payload:
            payload["message"] = _summary(payload.get("errors")) or error.description or ""
        return payload, code, headers


def _summary(errors) -> str:
    """'email: Not a valid email address.' from webargs' {"json": {"email": [...]}}."""
    if not isinstance(errors, dict) or not errors:
        return ""
    parts = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, str(key)])
        elif isinstance(node, list) and node and all(isinstance(m, str) for m in node):
            parts.append(f"{'.'.join(path) or 'request'}: {' '.join(node)}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*path, str(index)])
        elif node is not None:
            parts.append(f"{'.'.join(path) or 'request'}: {node}")

    for location, node in errors.items():
        # The location (json, query) is not a field; it is said once, first.
        walk(node, [] if location in ("json", "query", "form", "headers", "files") else [location])
    shown = "; ".join(parts[:3]) + (f" (and {len(parts) - 3} more)" if len(parts) > 3 else "")
    return f"invalid input: {shown}"


def _swagger_assets() -> Blueprint:
    assets = Blueprint("swagger_assets", __name__)

    @assets.get("/api/docs/assets/<path:filename>")
    def swagger_asset(filename: str):
        return send_from_directory(str(swagger_ui_path), filename, max_age=86400)

    return assets
