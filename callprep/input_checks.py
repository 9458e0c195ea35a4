"""callprep.validation applied to every request before any view sees it: path segments, query
arguments, form fields and JSON bodies, so a new endpoint cannot forget them."""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, request
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
        problem = _first_problem()
        if problem is None:
            return None
        return problem

    @app.after_request
    def _allow_on_405(response: Response) -> Response:
        # RFC 9110: a 405 lists the methods the resource supports.
        if response.status_code == 405 and "Allow" not in response.headers:
            adapter = app.url_map.bind_to_environ(request.environ)
            try:
                methods = adapter.allowed_methods()
            except HTTPException:
                methods = []
            if methods:
                response.headers["Allow"] = ", ".join(sorted(methods))
        return response


def _first_problem() -> tuple[dict, int] | None:
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
