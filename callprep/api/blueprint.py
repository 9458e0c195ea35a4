"""flask-smorest's Blueprint with callprep.validation's bounds declared in every schema it
parses, so the OpenAPI document states them and a new endpoint cannot forget them: integers
that fit a 64-bit column, and page numbers whose offset does."""

from __future__ import annotations

import flask_smorest
import marshmallow as ma
from flask_smorest.utils import resolve_schema_instance
from marshmallow import fields, validate

from callprep.validation import MAX_INT


class Blueprint(flask_smorest.Blueprint):
    def arguments(self, schema, **kwargs):
        schema = resolve_schema_instance(schema)
        bound_integers(schema)
        return super().arguments(schema, **kwargs)

    def paginate(self, pager=None, *, page=None, page_size=None, max_page_size=None):
        decorate = super().paginate(
            pager, page=page, page_size=page_size, max_page_size=max_page_size
        )
        largest = max_page_size or self.DEFAULT_PAGINATION_PARAMETERS["max_page_size"]

        def decorator(func):
            wrapper = decorate(func)
            schema = wrapper._apidoc["pagination"]["parameters"]["schema"]
            # (page - 1) * page_size is the database's OFFSET: it must fit a BIGINT.
            schema._declared_fields["page"].validators.append(
                validate.Range(max=MAX_INT // largest)
            )
            return wrapper

        return decorator

    def _document_pagination_metadata(self, spec, resp_doc):
        # The header's value is a JSON text, not an object: document it as what it is.
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "Pagination metadata as JSON: total, total_pages, first_page, "
            "last_page, page, previous_page, next_page",
            "schema": {"type": "string"},
        }


def bound_integers(schema: ma.Schema) -> None:
    """Give every integer field of ``schema`` (nested ones too) a range a 64-bit column holds,
    unless it declares a narrower one."""
    stack: list[fields.Field] = list(schema.fields.values())
    seen: set[int] = set()
    while stack:
        field = stack.pop()
        if id(field) in seen:
            continue
        seen.add(id(field))
        if isinstance(field, fields.Integer):
            _bound(field)
        elif isinstance(field, fields.Nested) and isinstance(field.schema, ma.Schema):
            stack.extend(field.schema.fields.values())
        elif isinstance(field, fields.List):
            stack.append(field.inner)
        elif isinstance(field, fields.Tuple):
            stack.extend(field.tuple_fields)
        elif isinstance(field, fields.Dict) and field.value_field is not None:
            stack.append(field.value_field)


def _bound(field: fields.Integer) -> None:
    ranges = [v for v in field.validators if isinstance(v, validate.Range)]
    low = max((v.min for v in ranges if v.min is not None), default=None)
    high = min((v.max for v in ranges if v.max is not None), default=None)
    if low is not None and high is not None and low >= -MAX_INT and high <= MAX_INT:
        return
    field.validators.append(
        validate.Range(
            min=-MAX_INT if low is None or low < -MAX_INT else None,
            max=MAX_INT if high is None or high > MAX_INT else None,
        )
    )
