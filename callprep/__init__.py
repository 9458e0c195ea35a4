"""callprep: the informed first line for every lead, in the minute before the rep dials.

``create_app`` builds the Flask app (``wsgi.py``, ``callprep serve``, the tests);
``configured_app`` only its settings and database (the other ``callprep`` commands). The
features are packages beside this file; ``callprep.cli`` is the ``callprep`` command."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from callprep.config import Config
from callprep.instance import stored_secret
from callprep.request_session import register_db


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` is a Config, or overrides on top of the environment's."""
    # Imported when an app is built, not with the package: every `import callprep.<x>` runs
    # this file first, and the command line starts without the API, the pages and
    # Flask-Smorest (start-up cost; nothing here imports this package back).
    from flask_cors import CORS

    from callprep.api import register_api
    from callprep.briefs.records import register_brief_records
    from callprep.extensions import register_extensions
    from callprep.input_checks import register_input_checks
    from callprep.logsafety import register_log_safety
    from callprep.proxies import register_proxies
    from callprep.security import (
        register_content_types,
        register_rate_limits,
        register_security_headers,
    )
    from callprep.web import register_web

    app = configured_app(config)
    register_brief_records(app)
    register_extensions(app)

    @app.get("/healthz")
    def healthz():
        """Liveness: answers without touching the database."""
        return {"status": "ok"}

    register_api(app)
    # CRM pages on CALLPREP_CORS_ORIGINS may call the JSON API from the browser.
    CORS(
        app,
        resources={r"/api/v1/*": {"origins": app.config.get("CORS_ORIGINS") or []}},
        allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
        expose_headers=["ETag", "X-Pagination"],
        supports_credentials=False,
        max_age=600,
    )
    register_web(app)
    register_security_headers(app)
    register_rate_limits(app)
    register_content_types(app)
    register_proxies(app)
    register_input_checks(app)
    register_log_safety(app)
    return app


def configured_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """The app's settings and database session, without the API, the pages or their
    extensions: what a command works on (``callprep serve`` builds the whole app)."""
    app = Flask(__name__)
    if isinstance(config, Config):
        app.config.update(config.as_flask_config())
    else:
        app.config.update(Config.from_env().as_flask_config())
        app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = stored_secret(app.instance_path)
    register_db(app)
    register_jobs(app)
    return app


def register_jobs(app: Flask) -> None:
    """Analysis after commit: inline, on a worker thread, or on the queue (callprep.jobs),
    then the alerts it calls for. Registered on every app, the command line's too: an
    import's analysis and alerts follow it."""
    from callprep.jobs.runners import register_jobs as register

    register(app, after_analysis=raise_alerts)


def raise_alerts(session, lead_id: int, config) -> list[int]:
    """The alerts' trigger (callprep.alerts.triggers), the jobs' one extension point."""
    # Imported when an analysis first runs: the trigger reads the brief, whose builder loads
    # the track sandbox, which commands such as `db upgrade` must not pay for.
    from callprep.alerts.triggers import raise_alerts as trigger

    return trigger(session, lead_id, config)
