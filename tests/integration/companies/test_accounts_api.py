"""GET /api/v1/accounts: found by domain, scoped for reps as leads are; the account page."""

from __future__ import annotations

from sqlalchemy import select

from callprep.ingest import events as ingest
from callprep.models import Lead
from tests.support.briefkit import ago, event, make_lead
from tests.support.webtools import login, make_user

RITA, SAM = "rita@vendor.test", "sam@vendor.test"


def _people(session):
    make_lead(
        session,
        "joe@contoso.test",
        [event("form_submission", ago(minutes=40), "Contact Sales", comment="Budget approved")],
        first_name="Joe",
        company="Contoso",
        title="Director",
        owner_email=RITA,
    )
    make_lead(
        session,
        "kim@contoso.test",
        [event("content_download", ago(days=1), "Kim's Guide")],
        first_name="Kim",
        owner_email=SAM,
    )
    make_lead(session, "ann@globex.test", first_name="Ann", owner_email=SAM)
    return session.scalar(select(Lead.company_id).where(Lead.email == "joe@contoso.test"))


def test_an_admin_sees_every_person_and_the_merged_timeline(client, auth, session):
    account_id = _people(session)
    body = client.get(f"/api/v1/accounts/{account_id}", headers=auth("admin")).get_json()
    assert (body["name"], body["domain"], body["people_total"]) == ("Contoso", "contoso.test", 2)
    assert [p["name"] for p in body["people"]] == ["Joe", "Kim"]  # newest activity first
    assert body["people"][0]["title"] == "Director" and body["people"][0]["owner_email"] == RITA
    timeline = client.get(f"/api/v1/accounts/{account_id}/interactions", headers=auth("admin"))
    assert [i["title"] for i in timeline.get_json()] == ["Contact Sales", "Kim's Guide"]
    assert timeline.headers["X-Pagination"]


def test_a_rep_sees_their_own_people_and_the_rest_as_facts(client, auth, session):
    account_id = _people(session)
    headers = auth("rep", RITA)
    body = client.get(f"/api/v1/accounts/{account_id}", headers=headers).get_json()
    assert [p["name"] for p in body["people"]] == ["Joe"]
    assert body["other_reps"] == [{"name": SAM, "people": 1, "last_call_at": None}]
    assert "Kim" not in str(body)
    timeline = client.get(f"/api/v1/accounts/{account_id}/interactions", headers=headers)
    assert [i["title"] for i in timeline.get_json()] == ["Contact Sales"]
    listed = client.get("/api/v1/accounts", headers=headers).get_json()
    assert [a["name"] for a in listed] == ["Contoso"]  # not Globex: nobody of Rita's there


def test_unknown_is_404_and_an_account_without_your_people_is_403(client, auth, session):
    account_id = _people(session)
    globex = session.scalar(select(Lead.company_id).where(Lead.email == "ann@globex.test"))
    for bad in (999_999, 2**31, 0):
        response = client.get(f"/api/v1/accounts/{bad}", headers=auth("admin"))
        assert response.status_code == 404
    forbidden = client.get(f"/api/v1/accounts/{globex}", headers=auth("rep", RITA))
    assert forbidden.status_code == 403 and "Ann" not in forbidden.text
    timeline = client.get(f"/api/v1/accounts/{globex}/interactions", headers=auth("rep", RITA))
    assert timeline.status_code == 403
    assert client.get(f"/api/v1/accounts/{account_id}").status_code == 401


def test_accounts_are_found_by_domain_or_by_an_email(client, auth, session):
    account_id = _people(session)
    for domain in ("contoso.test", "CONTOSO.test", "someone@contoso.test"):
        found = client.get(f"/api/v1/accounts?domain={domain}", headers=auth("marketing"))
        assert [a["id"] for a in found.get_json()] == [account_id], domain
    none = client.get("/api/v1/accounts?domain=gmail.com", headers=auth("admin"))
    assert none.status_code == 200 and none.get_json() == []
    empty = client.get("/api/v1/accounts?domain=", headers=auth("admin"))
    assert empty.status_code == 422 and "domain" in empty.get_json()["errors"]["query"]


def test_a_lead_names_its_account(client, auth, session):
    account_id = _people(session)
    joe = session.scalar(select(Lead.id).where(Lead.email == "joe@contoso.test"))
    body = client.get(f"/api/v1/leads/{joe}", headers=auth("admin")).get_json()
    assert body["account_id"] == account_id and "account_ids" not in body
    brief = client.get(f"/api/v1/leads/{joe}/brief", headers=auth("admin")).get_json()
    assert brief["account"]["id"] == account_id
    assert brief["account"]["other_reps"][0]["summary"].startswith(f"{SAM} is working with 1")


def test_the_account_page_lists_people_and_a_paged_timeline(client, session):
    account_id = _people(session)
    joe = session.scalar(select(Lead).where(Lead.email == "joe@contoso.test"))
    ingest.add_interactions(
        session, joe, [event("web_visit", ago(days=2, minutes=n), f"Page {n}") for n in range(30)]
    )
    session.commit()
    make_user(session, RITA, "rep", name="Rita Patel")
    login(client, RITA)
    page = client.get(f"/accounts/{account_id}").text
    assert "Contoso" in page and "Joe" in page and "Director" in page and "Rita Patel" in page
    assert "Kim" not in page
    assert f"{SAM} is working with 1 person here, no call logged yet." in page
    assert "Page 1 of 2" in page and "Contact Sales" in page
    older = client.get(f"/accounts/{account_id}?page=2").text
    assert "Page 29" in older and "Contact Sales" not in older
    globex = session.scalar(select(Lead.company_id).where(Lead.email == "ann@globex.test"))
    assert client.get(f"/accounts/{globex}").status_code == 403
    assert client.get("/accounts/999999").status_code == 404
    brief = client.get(f"/leads/{joe.id}").text
    assert f'href="/accounts/{account_id}"' in brief
