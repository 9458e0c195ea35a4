"""Bulk imports over HTTP: one multipart upload of a CSV / JSON-lines file or a Marketo page."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest.fields import Upload
from marshmallow import fields, validate
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from callprep.api.auth import LEAD_WRITERS, authenticate, require_role
from callprep.api.blueprint import Blueprint
from callprep.errors import InvalidInput
from callprep.imports import bulk as imports
from callprep.imports import marketo, reading
from callprep.request_session import db_session

MAX_REPORTED_ERRORS = 100


class _MultipartParser(FlaskParser):
    """Form fields and files of one multipart body, validated by one schema."""

    __location_map__ = {**FlaskParser.__location_map__, "multipart": "load_multipart"}

    def load_multipart(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


class _UploadBlueprint(Blueprint):
    ARGUMENTS_PARSER = _MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


blp = _UploadBlueprint(
    "imports",
    __name__,
    url_prefix="/api/v1/imports",
    description="Bulk import of leads, interactions and Marketo activities",
)
blp.before_request(authenticate)


class ImportFormSchema(ma.Schema):
    kind = fields.String(
        required=True, validate=validate.OneOf(["leads", "interactions", "marketo"])
    )
    format = fields.String(
        validate=validate.OneOf(reading.FORMATS),
        metadata={"description": "csv or jsonl; default: from the file name"},
    )
    mapping = fields.String(
        validate=validate.Length(max=5000),
        metadata={
            "description": "Column mapping: presets salesforce, hubspot, marketo and/or "
            "header=field items, comma-separated"
        },
    )
    activity_types = fields.String(
        validate=validate.Length(max=20000),
        metadata={"description": "Marketo only: JSON of activityTypeId -> interaction type"},
    )
    encoding = fields.String(
        load_default="utf-8-sig",
        validate=validate.OneOf(["utf-8-sig", "utf-8", "cp1252", "latin-1"]),
    )
    file = Upload(required=True, metadata={"description": "The file to import"})


class RowErrorSchema(ma.Schema):
    row = fields.Integer(metadata={"description": "Spreadsheet row (header = 1) or line"})
    field = fields.String()
    message = fields.String()


class ImportReportSchema(ma.Schema):
    kind = fields.String()
    rows = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    duplicates = fields.Integer()
    leads_created = fields.Integer()
    suppressed = fields.Integer()
    skipped = fields.Integer(metadata={"description": "Marketo activities of unmapped types"})
    rejected = fields.Integer()
    ignored_columns = fields.List(fields.String())
    errors = fields.List(
        fields.Nested(RowErrorSchema),
        metadata={"description": f"The first {MAX_REPORTED_ERRORS} rejected rows"},
    )
    errors_truncated = fields.Boolean()
    row_outcomes = fields.List(
        fields.Tuple((fields.Integer(), fields.Integer(), fields.String())),
        metadata={
            "description": "Every data row's outcome as runs [first_row, last_row, outcome]: "
            "created, updated, unchanged, duplicate, suppressed, skipped or rejected"
        },
    )


class ImportStoppedSchema(ma.Schema):
    """422: invalid upload, or a file that cannot be read past a line (with the report)."""

    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    errors = fields.Dict()
    report = fields.Nested(
        ImportReportSchema, metadata={"description": "What was stored before the line"}
    )


@blp.route("")
class Imports(MethodView):
    @require_role(*LEAD_WRITERS)
    @blp.arguments(ImportFormSchema, location="multipart")
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(413, description="The upload is over the body size limit (10 MB)")
    @blp.alt_response(
        422, schema=ImportStoppedSchema, description="Invalid upload or unreadable file"
    )
    def post(self, form):
        """Import a file: valid rows are stored, rejected rows reported with row and field"""
        upload = form["file"]
        session = db_session()
        if form["kind"] == "marketo":
            rules = marketo.load_rules(form.get("activity_types"))
            records = marketo.read_pages([(upload.filename or "upload", upload.stream)])
            store = marketo.store_activities(rules)
            reader = None
        else:
            fmt = reading.detect_format(upload.filename, form.get("format"))
            text = reading.DecodedText(upload.stream, form["encoding"])
            reader = reading.RecordReader(text, fmt, form["kind"], form.get("mapping"))
            records, store = reader, None
        try:
            run = imports.BulkImport(
                session,
                form["kind"],
                records,
                max_errors=MAX_REPORTED_ERRORS,
                reader=reader,
                store=store,
            )
            for _rows in run.batches():
                # Each batch is its own transaction, as on the command line: what was stored
                # stays stored if a later batch fails, and a re-upload skips it.
                session.commit()
            report = run.report
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"the file is not {form['encoding']}: {error.reason}",
                errors={"encoding": [form["encoding"]]},
            ) from error
        finally:
            upload.stream.close()
        return report.as_dict()
