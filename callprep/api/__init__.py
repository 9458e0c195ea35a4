"""The JSON API under /api/v1, with its OpenAPI document and interactive docs."""

from __future__ import annotations

from flask import Blueprint, Flask, send_from_directory
from flask_smorest import Api

from callprep.api import (
    briefs,
    glossary,
    imports,
    interactions,
    leads,
    queue,
    talktracks,
    webhooks,
)
from callprep.api import reports as reports_api
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
    talktracks.blp,
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
    api = Api(app, spec_kwargs={"info": {"description": "Call briefs for sales reps."}})
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "callprep API key"}
    )
    api.spec.options["security"] = [{"bearerAuth": []}]
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    register_error_handlers(app)
    app.register_blueprint(_swagger_assets())
    app.extensions["callprep.api"] = api  # input_checks reads the declared query parameters
    return api


def _swagger_assets() -> Blueprint:
    from swagger_ui_bundle import swagger_ui_path

    assets = Blueprint("swagger_assets", __name__)

    @assets.get("/api/docs/assets/<path:filename>")
    def swagger_asset(filename: str):
        return send_from_directory(str(swagger_ui_path), filename, max_age=86400)

    return assets
