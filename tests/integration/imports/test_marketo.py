"""Marketo Get Lead Activities pages become interactions through an activity-type mapping."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from callprep.errors import InvalidInput
from callprep.imports import marketo
from callprep.imports.reading import Record
from callprep.models import Interaction, Lead

COMMENT = 'Sarah Lee referred me — we need "widget ROI" before Q3'


def php(text: str) -> str:
    """PHP's serialize() of a string: its length in bytes, quotes left as they are."""
    return f's:{len(text.encode())}:"{text}";'


FORM_FIELDS = (
    f"a:4:{{{php('FirstName')}{php('Joe')}{php('Email')}{php('joe@example.com')}"
    f"{php('Comments')}{php(COMMENT)}{php('formVersion')}i:3;}}"
)


def activity(n, type_id, lead_id, **extra):
    return {
        "id": n,
        "marketoGUID": str(n),
        "leadId": lead_id,
        "activityDate": "2026-11-20T10:00:00Z",
        "activityTypeId": type_id,
        "primaryAttributeValue": extra.pop("primary", "Widget ROI"),
        "attributes": extra.pop("attributes", []),
        **extra,
    }


def page(*activities):
    return {
        "requestId": "a1b2#c3",
        "success": True,
        "moreResult": False,
        "result": list(activities),
    }


def upload(client, headers, content, **form):
    data = {"kind": "marketo", "file": (io.BytesIO(json.dumps(content).encode()), "page.json")}
    data.update(form)
    return client.post(
        "/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data"
    )


@pytest.fixture
def known_lead(client, auth):
    response = client.post(
        "/api/v1/leads",
        json={"email": "jon@example.com", "external_ids": {"marketo": "1001"}},
        headers=auth("admin"),
    )
    return response.get_json()["id"]


def test_default_mapping_turns_activities_into_interactions(client, auth, session, known_lead):
    body = page(
        activity(
            1,
            1,
            1001,
            primary="widgets.example.com/roi",
            attributes=[{"name": "Webpage URL", "value": "/roi"}],
        ),
        activity(2, 3, 1001, primary="https://widgets.example.com/lifecycle.pdf"),
        activity(3, 7, 1001, primary="Nurture 1"),
        activity(4, 10, 1001, primary="Nurture 1"),
        activity(
            5,
            11,
            1001,
            primary="Nurture 1",
            attributes=[{"name": "Link", "value": "https://widgets.example.com/tips"}],
        ),
        activity(
            6,
            2,
            1001,
            primary="Contact Sales",
            attributes=[{"name": "Form Fields", "value": FORM_FIELDS}],
        ),
        activity(7, 24, 1001),  # Change Score: not mapped
    )
    report = upload(client, auth("integration"), body).get_json()
    assert report["created"] == 6 and report["skipped"] == 1 and report["rejected"] == 0
    rows = {
        i.external_id: i
        for i in session.scalars(select(Interaction).where(Interaction.lead_id == known_lead))
    }
    assert [rows[str(n)].type for n in range(1, 7)] == [
        "web_visit",
        "web_visit",
        "email_delivered",
        "email_open",
        "email_click",
        "form_submission",
    ]
    assert rows["1"].url == "/roi" and rows["1"].title == "widgets.example.com/roi"
    assert rows["2"].url == "https://widgets.example.com/lifecycle.pdf"
    assert rows["5"].url == "https://widgets.example.com/tips"
    assert rows["6"].comment == COMMENT
    assert all(i.source == "marketo" for i in rows.values())

    again = upload(client, auth("integration"), body).get_json()
    assert again["created"] == 0 and again["duplicates"] == 6


def test_unknown_marketo_lead_is_reported_or_created_from_the_form_email(client, auth, session):
    body = page(
        activity(11, 10, 555),
        activity(12, 2, 556, attributes=[{"name": "Form Fields", "value": FORM_FIELDS}]),
    )
    report = upload(client, auth("admin"), body).get_json()
    assert report["rejected"] == 1 and report["created"] == 1 and report["leads_created"] == 1
    assert report["errors"] == [
        {
            "row": 1,
            "field": "leadId",
            "message": "unknown marketo lead 555: import leads with their marketo id first",
        }
    ]
    joe = session.scalar(select(Lead).where(Lead.email == "joe@example.com"))
    assert joe.external_id_map == {"marketo": "556"}
    assert joe.first_name == "Joe"  # the name the form's fields carried


def test_custom_activity_types_for_another_instance(client, auth, session, known_lead):
    mapping = {"46": "webinar_attended", "10": None, "2": {"type": "form_submission"}}
    body = page(activity(21, 46, 1001, primary="Widget Summit"), activity(22, 10, 1001))
    report = upload(client, auth("admin"), body, activity_types=json.dumps(mapping)).get_json()
    assert report["created"] == 1 and report["skipped"] == 1
    assert session.scalar(select(Interaction.type)) == "webinar_attended"


@pytest.mark.parametrize(
    "mapping",
    [
        '{"1": "teleport"}',
        "[1, 2]",
        '{"x": "web_visit"}',
        "{nope",
        '{"1": {"type": "web_visit", "colour": 1}}',
    ],
)
def test_a_bad_activity_type_mapping_is_refused(mapping):
    with pytest.raises(InvalidInput) as error:
        marketo.load_rules(mapping)
    assert "activity_types" in error.value.errors


def test_bad_activities_are_rejected_by_field(client, auth, known_lead):
    body = page(
        activity(31, 1, 1001, activityDate="yesterday"),
        {"id": 32, "leadId": 1001, "activityTypeId": "x"},
        {"activityTypeId": 1, "activityDate": "2026-11-20T10:00:00Z"},
        "not an activity",
    )
    report = upload(client, auth("admin"), body).get_json()
    assert report["rejected"] == 4
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (4, "_row"),
        (1, "activityDate"),
        (2, "activityTypeId"),
        (3, "leadId"),
        (3, "marketoGUID"),
    ]


def test_a_failed_marketo_response_or_non_json_is_422(client, auth):
    failed = {
        "requestId": "x",
        "success": False,
        "errors": [{"code": "601", "message": "bad token"}],
    }
    response = upload(client, auth("admin"), failed)
    assert response.status_code == 422 and "601" in response.get_json()["message"]
    data = {"kind": "marketo", "file": (io.BytesIO(b"<html>"), "page.json")}
    response = client.post(
        "/api/v1/imports", data=data, headers=auth("admin"), content_type="multipart/form-data"
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("raw", "comment"),
    [
        ('{"Email": "a@b.c", "Comments__c": "call me"}', "call me"),
        (f"a:1:{{{php('Message')}{php('Grüß Gott')}}}", "Grüß Gott"),
        ("just words", "just words"),
        ('a:1:{s:5:"Email";s:5:"a@b.c";}', None),
    ],
)
def test_form_fields_in_php_json_or_plain_form(raw, comment):
    rule = marketo.DEFAULT_RULES[2]
    record = Record(1, activity(1, 2, 7, attributes=[{"name": "Form Fields", "value": raw}]))
    _ref, item = marketo.activity_to_event(record, {2: rule})
    assert item.get("comment") == comment


def test_cli_reads_several_pages_with_a_mapping_file(database_url, app, tmp_path, session):
    session.add(Lead(email="jon@example.com"))
    session.commit()
    first = tmp_path / "p1.json"
    first.write_text(
        json.dumps(
            page(activity(41, 2, 9, attributes=[{"name": "Form Fields", "value": FORM_FIELDS}]))
        )
    )
    second = tmp_path / "p2.json"
    second.write_text(json.dumps([page(activity(42, 46, 9)), page(activity(43, 10, 9))]))
    types = tmp_path / "types.json"
    types.write_text('{"46": "event_attended"}')
    env = {**os.environ, "CALLPREP_DATABASE_URL": database_url}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "callprep.cli",
            "import",
            "marketo",
            str(first),
            str(second),
            "--activity-types",
            str(types),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "marketo: 3 rows, created 3" in result.stderr
    types_stored = session.scalars(select(Interaction.type).order_by(Interaction.external_id)).all()
    assert types_stored == ["form_submission", "event_attended", "email_open"]
    assert session.scalar(select(func.count()).select_from(Lead)) == 2
