"""Which account a lead joins, on every path a lead is written by: the API, bulk imports,
signed webhooks (callprep's own events and HubSpot contact records), Marketo activities."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import func, select

from callprep.companies.membership import Placement, place_leads
from callprep.imports import webhooks
from callprep.leads import service as leads
from callprep.migrate import upgrade
from callprep.models import Company, Lead
from tests.support.statements import statements_of

SECRET = "whsec-accounts-2026"


def lead(session, email: str) -> Lead:
    session.expire_all()
    return session.scalar(select(Lead).where(Lead.email == email))


def company_of(session, email: str) -> Company | None:
    found = lead(session, email)
    return session.get(Company, found.company_id) if found.company_id else None


def test_work_email_domains_group_people_and_free_mail_never_does(session):
    for email in ("dana@contoso.test", "joe@CONTOSO.test", "ann@gmail.com", "bob@gmail.com"):
        leads.create_lead(session, {"email": email, "company": "Contoso"})
    session.commit()
    dana, joe = company_of(session, "dana@contoso.test"), company_of(session, "joe@contoso.test")
    assert dana is not None and dana.id == joe.id
    assert (dana.domain, dana.name, dana.crm_account_id) == ("contoso.test", "Contoso", None)
    # Two people on gmail.com are not one account (nor any account).
    assert company_of(session, "ann@gmail.com") is None
    assert company_of(session, "bob@gmail.com") is None
    assert session.scalar(select(func.count()).select_from(Company)) == 1


def test_a_subdomain_is_an_account_of_its_own(session):
    leads.create_lead(session, {"email": "a@acme.test"})
    leads.create_lead(session, {"email": "b@eu.acme.test"})
    leads.create_lead(session, {"email": "c@acme.onmicrosoft.test"})
    leads.create_lead(session, {"email": "d@globex.onmicrosoft.test"})
    session.commit()
    ids = {company_of(session, e).id for e in ("a@acme.test", "b@eu.acme.test")}
    assert len(ids) == 2
    tenants = {
        company_of(session, e).id for e in ("c@acme.onmicrosoft.test", "d@globex.onmicrosoft.test")
    }
    assert len(tenants) == 2


def test_a_crm_account_id_beats_the_domain(session):
    # Two people at one domain, but the CRM files the second under another account.
    leads.create_lead(session, {"email": "a@holding.test"})
    leads.create_lead(
        session, {"email": "b@holding.test", "account_ids": {"salesforce": "001000000000001"}}
    )
    # A free-mail address still joins the CRM account it names.
    leads.create_lead(
        session, {"email": "c@gmail.com", "account_ids": {"salesforce": "001000000000001AAA"}}
    )
    session.commit()
    a, b, c = (company_of(session, e) for e in ("a@holding.test", "b@holding.test", "c@gmail.com"))
    # The first CRM account at a domain adopts the domain's account: the same people.
    assert a.id == b.id == c.id
    assert (b.crm_system, b.crm_account_id) == ("salesforce", "001000000000001AAA")
    # A second CRM account at the same domain is an account of its own, without the domain.
    leads.create_lead(
        session, {"email": "d@holding.test", "account_ids": {"salesforce": "001000000000002"}}
    )
    session.commit()
    d = company_of(session, "d@holding.test")
    assert d.id != a.id and d.domain is None and d.crm_account_id == "001000000000002AAA"
    # Someone new at the domain without an account id joins the domain's account.
    leads.create_lead(session, {"email": "e@holding.test"})
    session.commit()
    assert company_of(session, "e@holding.test").id == a.id


def test_changing_an_email_moves_the_lead_unless_a_crm_account_holds_it(client, auth, session):
    headers = auth("admin")
    made = client.post("/api/v1/leads", json={"email": "kim@old.test"}, headers=headers)
    assert made.status_code == 201 and made.get_json()["account_id"] is not None
    kim = made.get_json()["id"]
    old = made.get_json()["account_id"]
    moved = client.patch(f"/api/v1/leads/{kim}", json={"email": "kim@new.test"}, headers=headers)
    assert moved.status_code == 200
    assert moved.get_json()["account_id"] not in (None, old)
    free = client.patch(f"/api/v1/leads/{kim}", json={"email": "kim@gmail.com"}, headers=headers)
    assert free.get_json()["account_id"] is None
    pinned = client.patch(
        f"/api/v1/leads/{kim}", json={"account_ids": {"hubspot": "77"}}, headers=headers
    )
    crm = pinned.get_json()["account_id"]
    assert crm is not None
    again = client.patch(f"/api/v1/leads/{kim}", json={"email": "kim@third.test"}, headers=headers)
    assert again.get_json()["account_id"] == crm  # the CRM said where they work


def test_bad_account_ids_are_422_naming_the_field_and_store_nothing(client, auth, session):
    for bad in ({"salesforce": ""}, {"": "001"}, ["001"], {"salesforce": "x" * 201}):
        response = client.post(
            "/api/v1/leads", json={"email": "z@zeta.test", "account_ids": bad}, headers=auth()
        )
        assert response.status_code == 422, bad
        assert "account_ids" in response.get_json()["errors"]["json"]
    assert lead(session, "z@zeta.test") is None
    assert session.scalar(select(func.count()).select_from(Company)) == 0


def _upload(client, headers, kind, content, **form):
    data = {"kind": kind, "file": (io.BytesIO(content.encode()), "file.csv"), **form}
    return client.post(
        "/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data"
    )


def test_a_salesforce_contacts_export_joins_people_by_account_id(client, auth, session):
    csv = (
        "Contact ID,First Name,Last Name,Email,Account Name,Account ID,Title\n"
        "0035e00000AAAA1,Dana,Whitfield,dana@gmail.com,Contoso,0015e00000XyZaB,CFO\n"
        "0035e00000AAAA2,Joe,Smith,joe@contoso.test,Contoso,0015e00000XyZaB,Director\n"
        "0035e00000AAAA3,Kim,Park,kim@contoso.test,Contoso,,Buyer\n"
        "0035e00000AAAA4,Lee,Wong,lee@other.test,Other,,\n"
    )
    response = _upload(client, auth("integration"), "leads", csv, mapping="salesforce")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 4
    dana, joe, kim = (
        company_of(session, e) for e in ("dana@gmail.com", "joe@contoso.test", "kim@contoso.test")
    )
    assert dana.id == joe.id == kim.id
    assert dana.crm_account_id == "0015e00000XyZaBAAV"  # stored in its 18-character form
    assert company_of(session, "lee@other.test").domain == "other.test"
    # A second import naming the account moves a known person into it.
    again = "Email,Account ID\nlee@other.test,0015e00000XyZaB\n"
    assert (
        _upload(client, auth("integration"), "leads", again, mapping="salesforce").status_code
        == 200
    )
    assert company_of(session, "lee@other.test").id == dana.id


def test_interaction_rows_and_jsonl_carry_account_ids(client, auth, session):
    rows = (
        "email,type,occurred_at,title,account_ids.hubspot\n"
        "amy@gmail.com,content_download,2026-11-20T10:00:00+00:00,Pricing Guide,9001\n"
        "ben@yahoo.com,web_visit,2026-11-20T11:00:00+00:00,Pricing,9001\n"
    )
    assert _upload(client, auth("integration"), "interactions", rows).status_code == 200
    amy, ben = company_of(session, "amy@gmail.com"), company_of(session, "ben@yahoo.com")
    assert amy is not None and amy.id == ben.id and amy.crm_account_id == "9001"
    line = {
        "email": "cat@fabrikam.test",
        "type": "web_visit",
        "occurred_at": "2026-11-20T12:00:00+00:00",
        "account_ids": {"hubspot": "9001"},
    }
    response = _upload(
        client, auth("integration"), "interactions", json.dumps(line) + "\n", format="jsonl"
    )
    assert response.status_code == 200, response.get_json()
    assert company_of(session, "cat@fabrikam.test").id == amy.id


def _deliver(client, payload):
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    headers = {
        "X-Callprep-Timestamp": timestamp,
        "X-Callprep-Signature": webhooks.sign_callprep(SECRET, timestamp, body),
        "Content-Type": "application/json",
    }
    return client.post("/api/v1/webhooks/events", data=body, headers=headers)


def test_webhook_events_and_hubspot_contact_records_place_their_people(
    client, app, session, monkeypatch
):
    monkeypatch.setitem(app.config, "WEBHOOK_SECRETS", [SECRET])
    event = {
        "email": "pat@northwind.test",
        "type": "form_submission",
        "occurred_at": "2026-11-22T09:15:00+00:00",
        "title": "Contact Sales",
        "external_id": "sub-1",
    }
    assert _deliver(client, {"events": [event]}).status_code == 200
    assert company_of(session, "pat@northwind.test").domain == "northwind.test"
    named = {
        **event,
        "email": "sue@gmail.com",
        "external_id": "sub-2",
        "account_ids": {"hubspot": "42"},
    }
    assert _deliver(client, {"events": [named]}).status_code == 200
    assert company_of(session, "sue@gmail.com").crm_account_id == "42"
    bad = {**event, "email": "tom@northwind.test", "external_id": "sub-3", "account_ids": "42"}
    answer = _deliver(client, {"events": [bad]}).get_json()
    assert answer["results"][0]["status"] == "skipped"
    assert "account_ids" in answer["skips"][0]["reason"]
    assert lead(session, "tom@northwind.test") is None
    # A HubSpot workflow's contact record: associatedcompanyid picks the account.
    record = {
        "vid": 51,
        "properties": {
            "email": {"value": "pat@northwind.test"},
            "associatedcompanyid": {"value": "42"},
        },
    }
    assert _deliver(client, {"events": [record]}).status_code == 200
    assert company_of(session, "pat@northwind.test").id == company_of(session, "sue@gmail.com").id


def test_placing_a_batch_costs_the_same_statements_for_2_and_300_leads(session, engine):
    counts = {}
    for size in (2, 300):
        ids = session.execute(
            sa.insert(Lead).returning(Lead.id, Lead.email),
            [{"email": f"p{n}@co{n % 7}-{size}.test"} for n in range(size)],
        ).all()
        placements = [
            Placement(i, e, None, (("hubspot", "h1"),) if i % 5 == 0 else ()) for i, e in ids
        ]
        counts[size] = len(statements_of(engine, lambda p=placements: place_leads(session, p))[1])
        session.commit()
    assert counts[2] == counts[300] <= 6


def test_the_migration_backfills_existing_leads_by_domain(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0130")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for email, company in (
            ("a@initech.test", "Initech"),
            ("b@initech.test", "Initech Inc"),
            ("c@initech.test", "Initech"),
            ("d@gmail.com", "Freelance"),
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO leads (email, company, created_at, updated_at) "
                    "VALUES (:e, :c, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                {"e": email, "c": company},
            )
        # Rows pointing at leads must survive the table's rebuild (SQLite batch mode).
        connection.execute(
            sa.text(
                "INSERT INTO lead_external_ids (lead_id, system, external_id) "
                "SELECT id, 'hubspot', 'h-' || id FROM leads"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO interactions (lead_id, type, occurred_at, source, title_is_name,"
                " created_at, analysis_pending) SELECT id, 'web_visit', '2026-01-01 00:00:00',"
                " 'api', 0, '2026-01-01 00:00:00', 0 FROM leads"
            )
        )
    upgrade(url)
    with engine.connect() as connection:
        rows = dict(
            connection.execute(sa.text("SELECT email, company_id FROM leads")).tuples().all()
        )
        companies = connection.execute(sa.text("SELECT id, domain, name FROM companies")).all()
        kept = [
            connection.scalar(sa.text("SELECT count(*) FROM lead_external_ids")),
            connection.scalar(sa.text("SELECT count(*) FROM interactions")),
        ]
    engine.dispose()
    assert len(companies) == 1 and companies[0][1:] == ("initech.test", "Initech")
    assert {rows[e] for e in ("a@initech.test", "b@initech.test", "c@initech.test")} == {
        companies[0][0]
    }
    assert rows["d@gmail.com"] is None
    assert kept == [4, 4]
