"""New leads of an import are inserted with INSERT ... ON CONFLICT DO NOTHING (no unique
violation, whose DETAIL line would log the email): what a batch claims and then refuses, it
gives back."""

from __future__ import annotations

from sqlalchemy import func, select

from callprep.models import Lead
from tests.integration.imports.test_imports import upload


def test_a_new_lead_whose_only_row_is_refused_is_not_left_behind(client, auth, session):
    headers = auth("integration")
    client.post(
        "/api/v1/leads",
        json={"email": "holder@example.com", "external_ids": {"hubspot": "h-1"}},
        headers=headers,
    )
    csv_text = (
        "email,first_name,external_ids.hubspot\n"
        "thief@example.com,Tom,h-1\n"  # another lead's id: refused
        "fresh@example.com,Fay,h-2\n"
        "fresh@example.com,Faye,\n"  # the same new lead again: an update
    )
    report = upload(client, headers, "leads", "l.csv", csv_text).get_json()
    assert (report["created"], report["updated"], report["rejected"]) == (1, 1, 1), report
    emails = set(session.scalars(select(Lead.email)))
    assert emails == {"holder@example.com", "fresh@example.com"}
    fresh = session.scalar(select(Lead).where(Lead.email == "fresh@example.com"))
    assert fresh.first_name == "Faye" and fresh.external_id_map == {"hubspot": "h-2"}
    assert session.scalar(select(func.count()).select_from(Lead)) == 2
