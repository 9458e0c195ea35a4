"""callprep: the informed first line for every lead, in the minute before the rep dials."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from callprep.config import Config


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` is a Config, or overrides on top of the environment's."""
    app = Flask(__name__)
    register_config(app, config)
    register_db(app)
    register_jobs(app)
    register_extensions(app)
    register_health(app)
    register_api(app)
    register_cors(app)
    register_web(app)
    register_security_headers(app)
    register_rate_limits(app)
    register_content_types(app)
    register_proxies(app)
    register_input_checks(app)
    register_log_safety(app)
    return app


def register_config(app: Flask, config: Config | Mapping[str, Any] | None) -> None:
    if isinstance(config, Config):
        app.config.update(config.as_flask_config())
    else:
        app.config.update(Config.from_env().as_flask_config())
        app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        from callprep.instance import stored_secret

        app.config["SECRET_KEY"] = stored_secret(app.instance_path)


def register_db(app: Flask) -> None:
    from callprep.request_session import register_db as register

    register(app)


def register_jobs(app: Flask) -> None:
    """Analysis after commit: inline, on a worker thread, or on the queue (callprep.jobs)."""
    from callprep.jobs.runners import register_jobs as register

    register(app)


def register_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """Liveness: answers without touching the database."""
        return {"status": "ok"}


def register_api(app: Flask) -> None:
    from callprep.api import register_api as register

    register(app)


def register_cors(app: Flask) -> None:
    """CRM pages on CALLPREP_CORS_ORIGINS may call the JSON API from the browser."""
    from flask_cors import CORS

    CORS(
        app,
        resources={r"/api/v1/*": {"origins": app.config.get("CORS_ORIGINS") or []}},
        allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
        expose_headers=["ETag", "X-Pagination"],
        supports_credentials=False,
        max_age=600,
    )


def register_extensions(app: Flask) -> None:
    from callprep.extensions import register_extensions as register

    register(app)


def register_security_headers(app: Flask) -> None:
    from callprep.security import register_security_headers as register

    register(app)


def register_web(app: Flask) -> None:
    from callprep.web import register_web as register

    register(app)


def register_rate_limits(app: Flask) -> None:
    from callprep.security import register_rate_limits as register

    register(app)


def register_proxies(app: Flask) -> None:
    from callprep.proxies import register_proxies as register

    register(app)


def register_log_safety(app: Flask) -> None:
    from callprep.logsafety import register_log_safety as register

    register(app)


def register_input_checks(app: Flask) -> None:
    from callprep.input_checks import register_input_checks as register

    register(app)


def register_content_types(app: Flask) -> None:
    from callprep.security import register_content_types as register

    register(app)
