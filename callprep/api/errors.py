"""Domain errors to HTTP, in flask-smorest's one error shape."""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask

from callprep.errors import CallprepError


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CallprepError, _domain_error)


def _domain_error(error: CallprepError):
    payload = {
        "code": error.status,
        "status": HTTPStatus(error.status).phrase,
        "message": error.message,
        "errors": error.errors,
        **error.extra,
    }
    return payload, error.status
