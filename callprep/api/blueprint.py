"""flask-smorest's Blueprint with callprep.validation's bounds declared in every schema it
parses, so the OpenAPI document states them and a new endpoint cannot forget them: integers
that fit a 64-bit column, and page numbers whose offset does.

Rules a schema enforces beyond its fields are declared too, so generated "valid" requests are
valid (schemathesis's positive_data_acceptance). A marshmallow schema states them as class
attributes beside the validator that enforces them:

- ``openapi_keywords``: JSON Schema keywords of the object (``minProperties``, ``anyOf``...).
  A query schema with them is documented as one ``form``/``explode`` object parameter (its
  fields stay separate query parameters on the wire), since OpenAPI cannot relate parameters
  otherwise.
- ``openapi_list_keywords``: keywords of a list of them (``minItems``, ``maxItems``) where the
  schema is used with ``many=True``.

A ``Dict`` field's key validators (``Regexp``, ``Length``) become ``propertyNames``."""

from __future__ import annotations

from collections.abc import Mapping

import flask_smorest
import marshmallow as ma
from apispec import BasePlugin
from flask_smorest.utils import resolve_schema_instance
from marshmallow import fields, validate

from callprep.validation import MAX_INT


class Blueprint(flask_smorest.Blueprint):
    def arguments(self, schema, **kwargs):
        schema = resolve_schema_instance(schema)
        bound_integers(schema)
        return super().arguments(schema, **kwargs)

    def _prepare_arguments_doc(self, doc, doc_info, *, api, spec, **kwargs):
        doc = super()._prepare_arguments_doc(doc, doc_info, api=api, spec=spec, **kwargs)
        # (flask-smorest hands each registration a deep copy: changing it here is safe.)
        if "parameters" in doc:
            doc["parameters"] = [_object_parameter(p, api) for p in doc["parameters"]]
        for media in doc.get("requestBody", {}).get("content", {}).values():
            schema = media.get("schema")
            keywords = getattr(schema, "openapi_list_keywords", None)
            if isinstance(schema, ma.Schema) and schema.many and keywords:
                media["schema"] = {"type": "array", "items": type(schema), **keywords}
        return doc

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


def _object_parameter(parameter, api):
    """A query schema with ``openapi_keywords`` as one exploded object parameter (inline, so
    callprep.input_checks reads its property names as the declared query parameters)."""
    schema = parameter.get("schema") if isinstance(parameter, Mapping) else None
    keywords = getattr(schema, "openapi_keywords", None)
    if not isinstance(schema, ma.Schema) or parameter.get("in") != "query" or not keywords:
        return parameter
    definition = api.ma_plugin.converter.schema2jsonschema(schema)
    return {
        "in": "query",
        "name": type(schema).__name__.removesuffix("Schema").removesuffix("Args").lower(),
        "description": "Sent as query parameters of their own: "
        + ", ".join(f"`{name}`" for name in definition.get("properties", {})),
        "style": "form",
        "explode": True,
        "required": True,
        "schema": {**definition, **keywords},
    }


class SchemaKeywords(BasePlugin):
    """apispec plugin: a schema's ``openapi_keywords`` in its component, and the key
    validators of ``Dict`` fields as ``propertyNames``."""

    def schema_helper(self, name, definition, **kwargs):
        schema = kwargs.get("schema")
        keywords = getattr(schema, "openapi_keywords", None)
        return dict(keywords) if keywords else None


def dict_key_constraints(self, field, **_kwargs) -> dict:
    """apispec attribute function: what a Dict's key field validates, as ``propertyNames``."""
    if not isinstance(field, fields.Dict) or field.key_field is None:
        return {}
    names: dict = {}
    for validator in field.key_field.validators:
        if isinstance(validator, validate.Regexp):
            names["pattern"] = validator.regex.pattern
        elif isinstance(validator, validate.Length):
            if validator.min is not None:
                names["minLength"] = validator.min
            if validator.max is not None:
                names["maxLength"] = validator.max
    return {"propertyNames": names} if names else {}
