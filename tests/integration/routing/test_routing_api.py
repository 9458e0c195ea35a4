"""Routing over HTTP, end to end through the app: the rules API and its checks, who may do
what, reassigning and taking leads, the reason on the brief (JSON, text, HTML) and its ETag,
the unassigned queue per role, and routing on the API, webhook and import paths."""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from callprep.db import utcnow
from callprep.imports import webhooks
from callprep.models import Lead, LeadAssignment, RoutingRule, User

RULES = "/api/v1/routing/rules"


@pytest.fixture
def admin(auth):
    return auth("admin", "admin@corp.test")


@pytest.fixture
def team(session, make_rep):
    make_rep("ann@corp.test", team="EMEA", pool="inbound")
    make_rep("bob@corp.test", team="EMEA")
    session.commit()


def set_user(session, email, **values):
    session.execute(update(User).where(User.email == email).values(**values))
    session.commit()


def new_lead(client, headers, **fields):
    response = client.post(
        "/api/v1/leads", json={"email": "joe@tailspin.io", **fields}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_rules_are_added_listed_changed_reordered_and_deleted(client, admin):
    first = client.post(RULES, json={"kind": "round_robin", "team": "EMEA"}, headers=admin)
    assert first.status_code == 201, first.get_json()
    second = client.post(
        RULES,
        json={
            "kind": "territory",
            "name": "DACH",
            "countries": ["Germany", "at"],
            "team": "EMEA",
            "position": 1,
        },
        headers=admin,
    )
    assert second.status_code == 201
    assert second.get_json()["countries"] == ["DE", "AT"]
    listed = client.get(RULES, headers=admin).get_json()
    assert [r["kind"] for r in listed] == ["territory", "round_robin"]
    assert [r["position"] for r in listed] == [1, 2]
    assert listed[0]["description"] == "leads in DACH go to round-robin in EMEA"
    ids = [r["id"] for r in listed]
    reordered = client.put(f"{RULES}/order", json={"ids": ids[::-1]}, headers=admin)
    assert [r["id"] for r in reordered.get_json()] == ids[::-1]
    changed = client.put(
        f"{RULES}/{ids[1]}", json={"kind": "round_robin", "team": "APAC"}, headers=admin
    )
    assert changed.get_json()["team"] == "APAC"
    assert client.delete(f"{RULES}/{ids[1]}", headers=admin).status_code == 204
    assert [r["id"] for r in client.get(RULES, headers=admin).get_json()] == [ids[0]]
    assert client.get(f"{RULES}/{ids[1]}", headers=admin).status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "kind"),
        ({"kind": "teleport"}, "kind"),
        ({"kind": "round_robin"}, "team"),
        ({"kind": "round_robin", "team": "t", "owner_email": "a@b.test"}, "owner_email"),
        ({"kind": "territory", "team": "t"}, "countries"),
        ({"kind": "territory", "countries": ["Atlantis"], "team": "t"}, "countries"),
        ({"kind": "territory", "countries": ["DE"]}, "owner_email"),
        ({"kind": "territory", "countries": ["DE"], "owner_email": "not-an-email"}, "owner_email"),
        ({"kind": "fallback"}, "pool"),
        ({"kind": "fallback", "pool": "p", "team": "t"}, "owner_email"),
        ({"kind": "account_owner", "countries": ["DE"]}, "kind"),
        ({"kind": "round_robin", "team": "t", "countries": "DE"}, "countries"),
        ({"kind": "round_robin", "team": "x" * 101}, "team"),
        ({"kind": "round_robin", "team": "t", "position": 0}, "position"),
    ],
)
def test_a_bad_rule_is_422_naming_the_field_and_nothing_is_stored(
    client, admin, session, payload, field
):
    response = client.post(RULES, json=payload, headers=admin)
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    assert field in errors.get("json", errors), errors
    assert session.scalar(select(func.count()).select_from(RoutingRule)) == 0


def test_reordering_needs_every_rule_once(client, admin):
    rule = client.post(RULES, json={"kind": "fallback", "pool": "p"}, headers=admin).get_json()
    for ids in ([], [rule["id"], rule["id"]], [rule["id"] + 1]):
        response = client.put(f"{RULES}/order", json={"ids": ids}, headers=admin)
        assert response.status_code == 422 and "ids" in response.get_json()["errors"]


@pytest.mark.parametrize("role", ["rep", "marketing", "integration"])
def test_only_admins_manage_rules_and_users(client, auth, role):
    headers = auth(role, "someone@corp.test" if role == "rep" else None)
    assert client.get(RULES, headers=headers).status_code == 403
    assert (
        client.post(RULES, json={"kind": "fallback", "pool": "p"}, headers=headers).status_code
        == 403
    )
    assert client.get("/api/v1/routing/users", headers=headers).status_code == 403
    assert client.get(RULES).status_code == 401


def test_admins_set_team_away_and_pool(client, admin, session, team):
    users = {u["email"]: u for u in client.get("/api/v1/routing/users", headers=admin).get_json()}
    assert users["ann@corp.test"]["team"] == "EMEA"
    response = client.patch(
        f"/api/v1/routing/users/{users['bob@corp.test']['id']}",
        json={"away": True, "routing_pool": "inbound"},
        headers=admin,
    )
    assert response.status_code == 200
    assert (response.get_json()["away"], response.get_json()["routing_pool"]) == (True, "inbound")
    bad = client.patch(
        f"/api/v1/routing/users/{users['bob@corp.test']['id']}",
        json={"away": "maybe"},
        headers=admin,
    )
    assert bad.status_code == 422 and "away" in bad.get_json()["errors"]["json"]


def test_a_lead_created_by_api_is_routed_and_the_brief_says_why(
    client, admin, auth, team, default_tracks
):
    client.post(
        RULES,
        json={"kind": "territory", "name": "DACH", "countries": ["DE"], "team": "EMEA"},
        headers=admin,
    )
    lead = new_lead(client, auth("integration"), country="Germany")
    assert lead["owner_email"] == "ann@corp.test"
    assert lead["routing_reason"] == "territory DACH: round-robin in EMEA"
    brief = client.get(f"/api/v1/leads/{lead['id']}/brief", headers=admin).get_json()
    assert brief["assignment"] == {
        "owner_email": "ann@corp.test",
        "unassigned": False,
        "reason": "territory DACH: round-robin in EMEA",
        "pool": None,
    }
    text = client.get(f"/api/v1/leads/{lead['id']}/brief?format=text", headers=admin).get_data(
        as_text=True
    )
    assert "Owner: ann@corp.test (territory DACH: round-robin in EMEA)" in text
    html = client.get(
        f"/api/v1/leads/{lead['id']}/brief", headers={**admin, "Accept": "text/html"}
    ).get_data(as_text=True)
    assert "territory DACH: round-robin in EMEA" in html


def test_reassigning_changes_the_owner_the_history_and_the_etag(
    client, admin, team, default_tracks
):
    lead = new_lead(client, admin)
    assert lead["owner_email"] is None
    url = f"/api/v1/leads/{lead['id']}/brief"
    etag = client.get(url, headers=admin).headers["ETag"]
    assert client.get(url, headers={**admin, "If-None-Match": etag}).status_code == 304
    response = client.post(
        f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": "Bob@Corp.test"}, headers=admin
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["owner_email"] == "bob@corp.test"
    assert client.get(url, headers={**admin, "If-None-Match": etag}).status_code == 200
    history = client.get(f"/api/v1/leads/{lead['id']}/assignments", headers=admin).get_json()
    assert [(h["owner_email"], h["reason"], h["assigned_by"]) for h in history] == [
        ("bob@corp.test", "assigned by admin@corp.test", "admin@corp.test"),
        (None, "unassigned: no routing rule matched", "routing"),
    ]
    back = client.post(
        f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": None}, headers=admin
    )
    assert back.get_json()["owner_email"] is None


def test_assigning_to_someone_who_cannot_own_leads_is_422_and_changes_nothing(
    client, admin, auth, session, team
):
    lead = new_lead(client, admin)
    auth("marketing", "maya@corp.test")
    set_user(session, "bob@corp.test", active=False)
    for owner in ("nobody@corp.test", "maya@corp.test", "bob@corp.test"):
        response = client.post(
            f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": owner}, headers=admin
        )
        assert response.status_code == 422 and "owner_email" in response.get_json()["errors"]
    missing = client.post(f"/api/v1/leads/{lead['id']}/assign", json={}, headers=admin)
    assert missing.status_code == 422 and "owner_email" in missing.get_json()["errors"]["json"]
    session.expire_all()
    assert session.get(Lead, lead["id"]).owner_email is None
    assert session.scalar(select(func.count()).select_from(LeadAssignment)) == 1


def test_a_pool_rep_takes_an_unassigned_lead_and_nothing_else(client, admin, auth, session, team):
    client.post(RULES, json={"kind": "fallback", "pool": "inbound"}, headers=admin)
    lead = new_lead(client, admin)
    other = new_lead(client, admin, email="kim@elsewhere.io", owner_email="bob@corp.test")
    ann, bob = auth("rep", "ann@corp.test"), auth("rep", "bob@corp.test")
    # Bob is in no pool: the unassigned lead does not exist for him.
    assert (
        client.post(
            f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": "bob@corp.test"}, headers=bob
        ).status_code
        == 404
    )
    # Ann may not give it to someone else, nor take Bob's lead.
    assert (
        client.post(
            f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": "bob@corp.test"}, headers=ann
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/leads/{other['id']}/assign",
            json={"owner_email": "ann@corp.test"},
            headers=ann,
        ).status_code
        == 404
    )
    taken = client.post(
        f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": "ann@corp.test"}, headers=ann
    )
    assert taken.status_code == 200
    assert taken.get_json()["routing_reason"] == "taken by ann@corp.test"
    # Taken: no longer unassigned, so no second rep can take it.
    set_user(session, "bob@corp.test", routing_pool="inbound")
    assert (
        client.post(
            f"/api/v1/leads/{lead['id']}/assign", json={"owner_email": "bob@corp.test"}, headers=bob
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/leads/{lead['id']}/assign",
            json={"owner_email": None},
            headers=auth("marketing"),
        ).status_code
        == 403
    )


def test_the_unassigned_queue_per_role(client, admin, auth, session, team, default_tracks):
    client.post(
        RULES,
        json={"kind": "territory", "countries": ["FR"], "owner_email": "bob@corp.test"},
        headers=admin,
    )
    client.post(
        RULES, json={"kind": "fallback", "countries": ["JP"], "pool": "apac"}, headers=admin
    )
    client.post(RULES, json={"kind": "fallback", "pool": "inbound"}, headers=admin)
    new_lead(client, admin, email="fr@a.io", country="FR")
    new_lead(client, admin, email="jp@b.io", country="JP")
    new_lead(client, admin, email="de@c.io", country="DE")
    # A lead from before routing (no pool, no record) is in the queue too.
    session.add(Lead(email="old@d.io"))
    session.commit()

    def unassigned(headers):
        response = client.get("/api/v1/queue?unassigned=true", headers=headers)
        return response.status_code, sorted(
            i["lead"]["email"] for i in response.get_json()
        ) if response.status_code == 200 else None

    assert unassigned(admin) == (200, ["de@c.io", "jp@b.io", "old@d.io"])
    assert unassigned(auth("rep", "ann@corp.test")) == (200, ["de@c.io", "old@d.io"])
    assert unassigned(auth("rep", "bob@corp.test"))[0] == 403
    assert unassigned(auth("marketing"))[0] == 403
    bob_queue = client.get("/api/v1/queue", headers=auth("rep", "bob@corp.test")).get_json()
    assert [i["lead"]["email"] for i in bob_queue] == ["fr@a.io"]


def test_webhook_events_route_the_leads_they_create(client, app, admin, session, team, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_SECRETS", ["whsec"])
    client.post(
        RULES, json={"kind": "territory", "regions": ["emea"], "team": "EMEA"}, headers=admin
    )
    events = [
        {
            "email": f"p{n}@co{n}.io",
            "country": "DE",
            "region": "EMEA",
            "type": "web_visit",
            "occurred_at": "2026-11-22T09:15:00+00:00",
            "external_id": f"e{n}",
        }
        for n in range(3)
    ]
    body = json.dumps({"events": events}).encode()
    stamp = str(int(time.time()))
    response = client.post(
        "/api/v1/webhooks/events",
        data=body,
        headers={
            "X-Callprep-Timestamp": stamp,
            "X-Callprep-Signature": webhooks.sign_callprep("whsec", stamp, body),
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 200, response.get_json()
    session.expire_all()
    owners = [
        session.scalar(select(Lead.owner_email).where(Lead.email == f"p{n}@co{n}.io"))
        for n in range(3)
    ]
    assert owners == ["ann@corp.test", "bob@corp.test", "ann@corp.test"]
    assert session.scalar(select(Lead.country).where(Lead.email == "p0@co0.io")) == "DE"


def test_a_bulk_import_routes_every_new_lead_and_keeps_given_owners(client, admin, session, team):
    client.post(RULES, json={"kind": "account_owner"}, headers=admin)
    client.post(
        RULES,
        json={"kind": "territory", "countries": ["US"], "states": ["TX"], "team": "EMEA"},
        headers=admin,
    )
    csv = (
        "Email,Company,Country,State/Province,Lead Owner\n"
        "a@tailspin.io,Tailspin,United States,Texas,\n"
        "b@tailspin.io,Tailspin,USA,California,\n"
        "c@other.io,Other,US,TX,\n"
        "d@given.io,Given,US,TX,crm@corp.test\n"
    )
    response = client.post(
        "/api/v1/imports",
        data={
            "kind": "leads",
            "file": (io.BytesIO(csv.encode()), "leads.csv"),
            "mapping": "salesforce,Lead Owner=owner_email",
        },
        headers=admin,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 4
    session.expire_all()
    routed = {
        lead.email: (lead.owner_email, lead.routing_reason)
        for lead in session.scalars(select(Lead))
    }
    assert routed == {
        "a@tailspin.io": ("ann@corp.test", "territory US, TX: round-robin in EMEA"),
        "b@tailspin.io": ("ann@corp.test", "account owner of tailspin.io"),
        "c@other.io": ("bob@corp.test", "territory US, TX: round-robin in EMEA"),
        "d@given.io": ("crm@corp.test", "given by the source"),
    }


def test_the_speed_report_says_unassigned(client, admin, default_tracks):
    lead = new_lead(client, admin)
    posted = client.post(
        f"/api/v1/leads/{lead['id']}/interactions",
        json=[
            {
                "type": "form_submission",
                "title": "Contact Sales",
                "comment": "Call me.",
                "occurred_at": (utcnow() - timedelta(hours=3)).isoformat(),
            }
        ],
        headers=admin,
    )
    assert posted.status_code == 201, posted.get_json()
    report = client.get("/api/v1/reports/speed-to-lead", headers=admin).get_json()
    assert [i["owner"] for i in report["overdue_now"]] == ["unassigned"]


def test_erasing_a_lead_erases_its_assignment_history(client, admin, session):
    lead = new_lead(client, admin)
    assert client.delete(f"/api/v1/leads/{lead['id']}", headers=admin).status_code == 204
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(LeadAssignment)) == 0
