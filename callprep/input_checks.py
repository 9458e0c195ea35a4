"""callprep.validation applied to every request before any view sees it: path segments, query
arguments, form fields and JSON bodies, so a new endpoint cannot forget them."""

from __future__ import annotations

import re
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from callprep.validation import MAX_INT, MAX_INT_DIGITS, InputError, loads, text_problem


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only ids a 64-bit column can hold: a larger one is a 404,
    not an overflow in the database driver."""

    regex = rf"\d{{1,{MAX_INT_DIGITS}}}"

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def register_input_checks(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntegerConverter

    @app.before_request
    def _refuse_unusable_input():
        if request.routing_exception is not None:
            return None  # a 404 or 405 says more than anything about the input
        problem = _first_problem()
        if problem is None:
            return None
        return problem

    @app.after_request
    def _allow_on_405(response: Response) -> Response:
        if request.method == "OPTIONS" and request.url_rule is not None:
            # The matched resource's methods, not those of every route the path matches
            # (/talktracks/validate also matches /talktracks/<name>).
            response.headers["Allow"] = ", ".join(sorted(request.url_rule.methods or ()))
            return response
        # RFC 9110: a 405 lists the methods the resource supports.
        if response.status_code == 405 and "Allow" not in response.headers:
            adapter = app.url_map.bind_to_environ(request.environ)
            try:
                methods = _resource_methods(adapter, adapter.allowed_methods())
            except HTTPException:
                methods = []
            if request.path.startswith("/api/"):
                # As the OpenAPI document lists them (HEAD and OPTIONS are implied).
                methods = [m for m in methods if m not in ("HEAD", "OPTIONS")] or methods
            if methods:
                response.headers["Allow"] = ", ".join(sorted(methods))
        return response


def _resource_methods(adapter, methods: list[str]) -> list[str]:
    """The methods of the resource a path names: a fixed route (/talktracks/validate) wins over
    a variable one the same path also matches (/talktracks/<name>), as when routing."""
    rules = {}
    for method in methods:
        try:
            rules[method], _ = adapter.match(method=method, return_rule=True)
        except HTTPException:
            continue
    fixed = [method for method, rule in rules.items() if not rule.arguments]
    return fixed or methods


def _declared_query(app: Flask) -> dict[tuple[str, str], set[str]]:
    """(OpenAPI path, method) -> the query parameters the API document declares."""
    declared = app.extensions.get("callprep.declared_query")
    if declared is None:
        api = app.extensions.get("callprep.api")
        paths = api.spec.to_dict().get("paths", {}) if api is not None else {}
        declared = {
            (path, method.upper()): {
                name
                for p in operation.get("parameters", [])
                if p.get("in") == "query"
                for name in _query_names(p)
            }
            for path, operations in paths.items()
            for method, operation in operations.items()
            if isinstance(operation, dict)
        }
        app.extensions["callprep.declared_query"] = declared
    return declared


def _query_names(parameter: dict) -> list[str]:
    """The names a query parameter stands for: an exploded object's properties travel as
    query parameters of their own (api/blueprint.py documents related ones so)."""
    schema = parameter.get("schema", {})
    if parameter.get("explode") and schema.get("type") == "object":
        return list(schema.get("properties", {}))
    return [parameter["name"]]


_RULE_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _unknown_query() -> tuple[dict, int] | None:
    """A query parameter the API does not declare is refused: a typo (`ownr_email=`) must
    not silently widen what the caller gets. Webhooks are exempt (the sender's URL may carry
    its own parameters, and they are signed as sent), and so are names starting with `_`
    (the cache busters browser panels add, such as jQuery's `_=1733050000000`)."""
    if request.url_rule is None or not request.path.startswith("/api/v1/"):
        return None
    if request.path.startswith("/api/v1/webhooks/"):
        return None
    path = _RULE_VARIABLE.sub(r"{\1}", request.url_rule.rule)
    known = _declared_query(current_app._get_current_object()).get((path, request.method))
    if known is None:
        return None
    unknown = [
        _printable(name) for name in request.args if name not in known and not name.startswith("_")
    ]
    if not unknown:
        return None
    message = "not a parameter of this endpoint"
    return _unprocessable(
        f"unknown query parameter(s): {', '.join(unknown)}",
        {"query": {name: [message] for name in unknown}},
    )


def _first_problem() -> tuple[dict, int] | None:
    if unknown := _unknown_query():
        return unknown
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and (problem := text_problem(value)):
            return _unprocessable(f"path {name} {problem}", {"path": {name: [problem]}})
    for key, value in request.args.items(multi=True):
        if problem := text_problem(key) or text_problem(value):
            name = _printable(key)
            return _unprocessable(f"query {name} {problem}", {"query": {name: [problem]}})
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in request.form.items(multi=True):
            if problem := text_problem(key) or text_problem(value):
                name = _printable(key)
                return _unprocessable(f"form {name} {problem}", {"form": {name: [problem]}})
    if request.is_json and request.content_length != 0:
        try:
            loads(request.get_data(cache=True))
        except InputError as error:
            return _unprocessable(error.message, {"json": error.errors()})
        except ValueError:
            return None  # not JSON or not UTF-8: the view's parser says so in its own words
    return None


def _printable(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode().replace("\x00", "\\u0000")


def _unprocessable(message: str, errors: dict) -> tuple[dict, int]:
    # 422, as for every other input the API's schemas refuse.
    return (
        {"code": 422, "status": HTTPStatus(422).phrase, "message": message, "errors": errors},
        422,
    )
