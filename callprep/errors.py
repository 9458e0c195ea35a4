"""Domain errors. Services raise these; callprep/api/errors.py maps them to HTTP in one place."""

from __future__ import annotations


class CallprepError(Exception):
    status = 400

    def __init__(self, message: str, *, errors: dict | None = None, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.extra = extra


class NotFound(CallprepError):
    status = 404


class Conflict(CallprepError):
    status = 409


class PreconditionFailed(CallprepError):
    status = 412


class InvalidInput(CallprepError):
    status = 422


class Forbidden(CallprepError):
    status = 403
