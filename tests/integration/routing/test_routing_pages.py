"""The routing pages through the app's own forms (CSRF and all): who may open them, a bad
rule refused with the field named and nothing stored, and the unassigned queue per role."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from callprep.leads import service as leads
from callprep.models import Lead, RoutingRule
from tests.support.webtools import csrf_from, login, make_user


@pytest.fixture
def people(session):
    make_user(session, "admin@corp.test", "admin")
    make_user(session, "maya@corp.test", "marketing")
    make_user(session, "pool@corp.test", "rep").routing_pool = "inbound"
    make_user(session, "plain@corp.test", "rep")
    session.commit()
    leads.create_lead(session, {"email": "orphan@acme.io", "first_name": "Orla"})
    session.commit()


@pytest.mark.parametrize(
    ("email", "routing", "unassigned"),
    [
        ("admin@corp.test", 200, 200),
        ("maya@corp.test", 403, 403),
        ("pool@corp.test", 403, 200),
        ("plain@corp.test", 403, 403),
    ],
)
def test_who_sees_the_routing_page_and_the_unassigned_queue(
    client, people, default_tracks, email, routing, unassigned
):
    login(client, email)
    assert client.get("/routing").status_code == routing
    response = client.get("/queue?view=unassigned")
    assert response.status_code == unassigned
    if unassigned == 200:
        assert "Orla" in response.text
        assert ("Take it" in response.text) == (email == "pool@corp.test")


def test_a_bad_rule_from_the_page_is_refused_with_the_field_named(client, people, session):
    login(client, "admin@corp.test")
    token = csrf_from(client.get("/routing").text)
    response = client.post(
        "/routing/rules",
        data={"csrf_token": token, "kind": "round_robin", "team": "", "name": "EMEA"},
    )
    assert response.status_code == 422
    assert 'id="new-team-error"' in response.text and "round_robin needs a team" in response.text
    assert 'value="EMEA"' in response.text  # what was typed stays
    assert session.scalar(select(func.count()).select_from(RoutingRule)) == 0


def test_a_rep_outside_the_pool_cannot_take_a_lead_by_posting_the_form(client, people, session):
    login(client, "plain@corp.test")
    token = csrf_from(client.get("/queue").text)
    lead_id = session.scalar(select(Lead.id).where(Lead.email == "orphan@acme.io"))
    response = client.post(
        f"/leads/{lead_id}/assign", data={"csrf_token": token, "owner_email": "plain@corp.test"}
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Lead, lead_id).owner_email is None
