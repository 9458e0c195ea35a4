"""Bulk import: valid rows stored, rejected rows reported by row and field, re-runs change
nothing, CRM export headers mapped, files streamed in batches."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callprep.imports import bulk as imports
from callprep.imports import reading
from callprep.models import Interaction, Lead, LeadExternalId

SALESFORCE_CSV = (
    "Lead ID,First Name,Last Name,Email,Company / Account,Title,Lead Source,Rating\n"
    "00Q5e00000AbCdE1,Joe,Smith,Joe.Smith@Example.com,Acme,CTO,Web,Hot\n"
    "00Q5e00000AbCdE2,Ann,Lee,not-an-email,Beta,,Web,Warm\n"
    '00Q5e00000AbCdE3,"Lee, Jr",Doe,jon@example.com,Gamma,VP,Web,Cold,surplus\n'
    "00Q5e00000AbCdE4,Mia,Wong,mia@example.com,Delta,,Event,\n"
)
HUBSPOT_CSV = (
    "Record ID;First Name;Last Name;Email;Company Name;Job Title;Phone Number;Lifecycle Stage\n"
    "5101;Joe;Smith;joe.smith@example.com;Acme Corp;CTO;+1 555 0100;lead\n"
    "5102;Kim;Park;kim@example.com;Omega;Buyer;;subscriber\n"
)


def upload(client, headers, kind, name, content, **form):
    data = {"kind": kind, "file": (io.BytesIO(content.encode()), name), **form}
    return client.post(
        "/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data"
    )


def count(session, model, *where):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_salesforce_export_is_imported_with_rejected_rows_named(client, auth, session):
    response = upload(
        client, auth("integration"), "leads", "leads.csv", SALESFORCE_CSV, mapping="salesforce"
    )
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["rows"] == 4 and report["created"] == 2 and report["rejected"] == 2
    assert report["ignored_columns"] == ["Lead Source", "Rating"]
    errors = {(e["row"], e["field"]) for e in report["errors"]}
    assert errors == {(3, "email"), (4, "_row")}
    joe = session.scalar(select(Lead).where(Lead.email == "joe.smith@example.com"))
    assert (joe.first_name, joe.company, joe.title) == ("Joe", "Acme", "CTO")
    assert joe.external_id_map == {"salesforce": "00Q5e00000AbCdE1"}


def test_reimporting_the_same_file_changes_nothing(client, auth, session):
    headers = auth("integration")
    upload(client, headers, "leads", "leads.csv", SALESFORCE_CSV, mapping="salesforce")
    again = upload(client, headers, "leads", "leads.csv", SALESFORCE_CSV, mapping="salesforce")
    report = again.get_json()
    assert report["created"] == 0 and report["updated"] == 0 and report["unchanged"] == 2
    assert count(session, Lead) == 2


def test_known_leads_are_updated_by_non_empty_cells_only(client, auth, session):
    headers = auth("integration")
    upload(client, headers, "leads", "leads.csv", SALESFORCE_CSV, mapping="salesforce")
    response = upload(client, headers, "leads", "contacts.csv", HUBSPOT_CSV, mapping="hubspot")
    report = response.get_json()
    assert report["updated"] == 1 and report["created"] == 1
    joe = session.scalar(select(Lead).where(Lead.email == "joe.smith@example.com"))
    assert joe.company == "Acme Corp" and joe.title == "CTO" and joe.phone == "+1 555 0100"
    assert joe.external_id_map == {"salesforce": "00Q5e00000AbCdE1", "hubspot": "5101"}
    kim = session.scalar(select(Lead).where(Lead.email == "kim@example.com"))
    assert kim.phone is None  # an empty cell is no value


def test_marketo_list_export_preset_and_custom_mapping(client, auth, session):
    csv_text = (
        "Id,Email Address,First Name,Firma,Notes\n"
        "777,ulla@example.de,Ulla,Beispiel GmbH,call after 3\n"
    )
    response = upload(
        client, auth("admin"), "leads", "list.csv", csv_text, mapping="marketo, Firma=company"
    )
    assert response.get_json()["created"] == 1
    ulla = session.scalar(select(Lead).where(Lead.email == "ulla@example.de"))
    assert ulla.company == "Beispiel GmbH" and ulla.external_id_map == {"marketo": "777"}
    assert response.get_json()["ignored_columns"] == ["Notes"]


@pytest.mark.parametrize(
    ("mapping", "fragment"),
    [("pipedrive", "unknown mapping preset"), ("Email=emial", "header=field"), ("=email", "")],
)
def test_a_bad_mapping_is_422_naming_the_mapping(client, auth, mapping, fragment):
    response = upload(
        client, auth("admin"), "leads", "a.csv", "email\na@example.com\n", mapping=mapping
    )
    assert response.status_code == 422
    assert "mapping" in response.get_json()["errors"]
    assert fragment in response.get_json()["message"]


def test_an_external_id_held_by_another_lead_is_rejected(client, auth, session):
    headers = auth("admin")
    upload(client, headers, "leads", "a.csv", "email,external_ids.hubspot\na@example.com,42\n")
    response = upload(
        client, headers, "leads", "b.csv", "email,external_ids.hubspot\nb@example.com,42\n"
    )
    report = response.get_json()
    assert report["rejected"] == 1
    assert report["errors"][0] == {
        "row": 2,
        "field": "external_ids.hubspot",
        "message": "already used by another lead",
    }
    assert count(session, Lead) == 1


def test_json_lines_with_wrong_types_and_broken_lines(client, auth, session):
    lines = "\n".join(
        [
            json.dumps({"email": "a@example.com", "first_name": "Ada", "shoe_size": 9}),
            "{not json",
            json.dumps(["a", "list"]),
            json.dumps({"email": "b@example.com", "first_name": 42}),
            json.dumps({"email": "c@example.com", "external_ids": {"salesforce": "00Q9"}}),
            "",
        ]
    )
    response = upload(client, auth("admin"), "leads", "leads.jsonl", lines)
    report = response.get_json()
    assert report["created"] == 2 and report["rejected"] == 3
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (2, "_row"),
        (3, "_row"),
        (4, "first_name"),
    ]
    assert report["ignored_columns"] == ["shoe_size"]
    c = session.scalar(select(Lead).where(Lead.email == "c@example.com"))
    assert c.external_id_map == {"salesforce": "00Q9"}


def test_interactions_name_their_lead_by_email_or_id(client, auth, session):
    headers = auth("integration")
    lead_id = client.post(
        "/api/v1/leads", json={"email": "known@example.com"}, headers=headers
    ).get_json()["id"]
    csv_text = (
        "email,lead_id,type,occurred_at,title,comment,source,external_id\n"
        "new@example.com,,form_submission,2026-11-20T10:00:00+00:00,Contact Sales,"
        '"We need widget ROI, budget approved",crm,e1\n'
        f",{lead_id},content_download,2026-11-19T10:00:00Z,Widget ROI paper,,crm,e2\n"
        f",{2**31},content_download,2026-11-19T10:00:00Z,Widget ROI paper,,crm,e3\n"
        "x@example.com,,webinar,2026-11-19T10:00:00,,,,\n"
        ",,email_open,2026-11-19T10:00:00Z,,,,\n"
    )
    report = upload(client, headers, "interactions", "events.csv", csv_text).get_json()
    assert report["created"] == 2 and report["leads_created"] == 1
    assert {(e["row"], e["field"]) for e in report["errors"]} == {
        (4, "lead_id"),
        (5, "type"),
        (5, "occurred_at"),
        (6, "email"),
    }
    assert report["rejected"] == 3
    new = session.scalar(select(Lead).where(Lead.email == "new@example.com"))
    assert count(session, Interaction, Interaction.lead_id == new.id) == 1
    assert count(session, Lead, Lead.email == "x@example.com") == 0  # nothing of a bad row

    again = upload(client, headers, "interactions", "events.csv", csv_text).get_json()
    assert again["created"] == 0 and again["duplicates"] == 2 and again["leads_created"] == 0


def test_rows_without_event_ids_are_not_doubled_on_a_rerun(client, auth, session):
    csv_text = (
        "email,type,occurred_at,title\n"
        "jon@example.com,web_visit,2026-11-01T09:00:00Z,Pricing\n"
        "jon@example.com,web_visit,2026-11-02T09:00:00Z,Pricing\n"
    )
    headers = auth("admin")
    assert upload(client, headers, "interactions", "e.csv", csv_text).get_json()["created"] == 2
    assert upload(client, headers, "interactions", "e.csv", csv_text).get_json()["duplicates"] == 2
    assert count(session, Interaction) == 2


def test_suppressed_people_are_not_brought_back_by_an_import(client, auth, session):
    headers = auth("admin")
    lead = client.post("/api/v1/leads", json={"email": "gone@example.com"}, headers=headers)
    client.delete(f"/api/v1/leads/{lead.get_json()['id']}?suppress=true", headers=headers)
    leads = upload(client, headers, "leads", "l.csv", "email\nGone@Example.com\nstay@example.com\n")
    assert leads.get_json()["suppressed"] == 1 and leads.get_json()["created"] == 1
    events = upload(
        client,
        headers,
        "interactions",
        "e.csv",
        "email,type,occurred_at\ngone@example.com,web_visit,2026-11-01T09:00:00Z\n",
    )
    assert events.get_json()["suppressed"] == 1 and events.get_json()["created"] == 0
    assert count(session, Lead, Lead.email == "gone@example.com") == 0


def test_imports_need_a_lead_writer(client, auth):
    response = upload(
        client, auth("rep", "rita@example.com"), "leads", "a.csv", "email\na@example.com\n"
    )
    assert response.status_code == 403


def test_upload_without_file_or_kind_is_422(client, auth):
    response = client.post(
        "/api/v1/imports",
        data={"kind": "leads"},
        headers=auth("admin"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "file" in json.dumps(response.get_json()["errors"])
    response = upload(client, auth("admin"), "contacts", "a.csv", "email\na@example.com\n")
    assert response.status_code == 422 and "kind" in json.dumps(response.get_json()["errors"])


def test_unknown_extension_needs_a_format(client, auth):
    response = upload(client, auth("admin"), "leads", "a.xlsx", "email\na@example.com\n")
    assert response.status_code == 422 and "format" in response.get_json()["errors"]
    response = upload(
        client, auth("admin"), "leads", "a.dat", "email\na@example.com\n", format="csv"
    )
    assert response.get_json()["created"] == 1


def test_oversize_upload_is_413_and_stores_nothing(client, auth, session):
    rows = "".join(f"u{i}@example.com\n" for i in range(600_000))  # > 10 MB
    # A hand-made multipart body: the test client would spool a big one to an unclosed file.
    body = (
        b'--B\r\nContent-Disposition: form-data; name="kind"\r\n\r\nleads\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\nemail\n" + rows.encode() + b"\r\n--B--\r\n"
    )
    response = client.post(
        "/api/v1/imports",
        data=body,
        headers=auth("admin"),
        content_type="multipart/form-data; boundary=B",
    )
    assert response.status_code == 413
    assert response.get_json()["code"] == 413
    assert count(session, Lead) == 0


def test_not_utf8_is_422_naming_the_encoding(client, auth):
    data = {
        "kind": "leads",
        "file": (io.BytesIO("email,company\nä@x.de,Müller\n".encode("cp1252")), "a.csv"),
    }
    response = client.post(
        "/api/v1/imports", data=data, headers=auth("admin"), content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "encoding" in response.get_json()["errors"]
    data["file"] = (io.BytesIO("email,company\na@x.de,Müller\n".encode("cp1252")), "a.csv")
    data["encoding"] = "cp1252"
    response = client.post(
        "/api/v1/imports", data=data, headers=auth("admin"), content_type="multipart/form-data"
    )
    assert response.get_json()["created"] == 1


def test_the_file_is_streamed_and_committed_batch_by_batch(app, session):
    """Each batch is committed before the next is read: memory stays bounded."""
    lines = ["email,first_name"] + [f"p{i}@example.com,P{i}" for i in range(5050)]
    raw = io.BytesIO("\n".join(lines).encode())
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    reader = reading.RecordReader(text, "csv", "leads")
    positions, commits = [], []
    worker = app.extensions["callprep.sessionmaker"]()
    try:
        run = imports.BulkImport(worker, "leads", reader, batch_size=500)
        for _rows in run.batches():
            worker.commit()
            commits.append(count(session, Lead))
            positions.append(raw.tell())
        report = run.report
    finally:
        worker.close()
    assert report.created == 5050
    assert commits == [*range(500, 5001, 500), 5050]
    assert positions[0] < len(raw.getvalue())  # the first batch was stored before the end


def _cli(database_url, *args):
    env = {**os.environ, "CALLPREP_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_import_reports_on_stderr_and_writes_every_error(
    database_url, app, tmp_path: Path, session
):
    source = tmp_path / "leads.csv"
    source.write_text(SALESFORCE_CSV)
    errors = tmp_path / "errors.csv"
    result = _cli(
        database_url,
        "import",
        "leads",
        str(source),
        "--mapping",
        "salesforce",
        "--errors",
        str(errors),
    )
    assert result.returncode == 1  # some rows were rejected
    assert "leads: 4 rows, created 2, rejected 2" in result.stderr
    assert "2 rows rejected (all in" in result.stderr.strip().splitlines()[-1]
    assert "rows=4" in result.stderr or "100%" in result.stderr  # the progress bar
    assert errors.read_text().splitlines() == [
        "row,field,message",
        "4,_row,9 values but the header has 8 columns",
        "3,email,Not a valid email address.",
    ]
    assert "not-an-email" not in result.stderr  # rejected values are not echoed
    assert count(session, Lead) == 2

    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps({"email": "z@example.com"}) + "\n")
    result = _cli(database_url, "import", "leads", str(clean))
    assert result.returncode == 0, result.stderr
    assert "created 1" in result.stderr


def test_cli_import_of_a_bad_mapping_fails_with_one_line(database_url, app, tmp_path: Path):
    source = tmp_path / "leads.csv"
    source.write_text("email\na@example.com\n")
    result = _cli(database_url, "import", "leads", str(source), "--mapping", "zoho")
    assert result.returncode != 0
    assert "unknown mapping preset" in result.stderr.strip().splitlines()[-1]


def test_cli_import_interactions_twice_stores_once(database_url, app, tmp_path: Path, session):
    source = tmp_path / "events.csv"
    source.write_text(
        "Email Address,type,occurred_at,title,external_id\n"
        "ann@example.com,content_download,2026-11-01T09:00:00Z,Widget ROI,d1\n"
        "ann@example.com,email_open,2026-11-02T09:00:00Z,Nurture 1,d2\n"
    )
    first = _cli(database_url, "import", "interactions", str(source), "--mapping", "marketo")
    assert first.returncode == 0, first.stderr
    second = _cli(database_url, "import", "interactions", str(source), "--mapping", "marketo")
    assert "duplicates 2" in second.stderr
    assert count(session, Interaction) == 2
    lead = session.scalar(select(Lead).where(Lead.email == "ann@example.com"))
    assert count(session, LeadExternalId, LeadExternalId.lead_id == lead.id) == 0
