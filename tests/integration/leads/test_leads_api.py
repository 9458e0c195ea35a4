"""Leads over HTTP: create, read, update, find, and every way a request can be wrong."""

from __future__ import annotations

JOE = {
    "email": "Joe.Smith@Example.com",
    "first_name": "Joe",
    "last_name": "Smith",
    "company": "Acme Widgets",
    "owner_email": "rita.rep@example.com",
    "external_ids": {"salesforce": "00Q5e00000AbCdE1"},
}


def create(client, headers, **overrides):
    return client.post("/api/v1/leads", json={**JOE, **overrides}, headers=headers)


def test_create_lead_returns_201_with_id_and_normalised_email(client, auth):
    response = create(client, auth("integration"))
    assert response.status_code == 201
    body = response.get_json()
    assert isinstance(body["id"], int)
    assert body["email"] == "joe.smith@example.com"
    assert body["external_ids"] == {"salesforce": "00Q5e00000AbCdE1"}
    assert body["created_at"].endswith("+00:00")


def test_duplicate_email_is_409_naming_the_existing_lead(client, auth):
    headers = auth("admin")
    first = create(client, headers).get_json()
    response = create(client, headers, email="JOE.SMITH@example.com", first_name="Other")
    assert response.status_code == 409
    body = response.get_json()
    assert body["lead_id"] == first["id"]
    assert body["code"] == 409 and "email" in body["errors"]
    # Nothing of the refused request was stored.
    assert (
        client.get(f"/api/v1/leads/{first['id']}", headers=headers).get_json()["first_name"]
        == "Joe"
    )


def test_external_id_already_used_by_another_lead_is_409(client, auth):
    headers = auth("admin")
    create(client, headers)
    response = create(client, headers, email="other@example.com")
    assert response.status_code == 409
    assert "external_ids" in response.get_json()["errors"]


def test_missing_and_mistyped_fields_are_422_naming_the_field(client, auth):
    headers = auth("admin")
    missing = client.post("/api/v1/leads", json={"first_name": "x"}, headers=headers)
    assert missing.status_code == 422
    assert "email" in missing.get_json()["errors"]["json"]
    bad = client.post(
        "/api/v1/leads", json={"email": "not-an-email", "first_name": 5}, headers=headers
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["json"]) == {"email", "first_name"}
    unknown = client.post("/api/v1/leads", json={**JOE, "shoe_size": 44}, headers=headers)
    assert unknown.status_code == 422
    assert "shoe_size" in unknown.get_json()["errors"]["json"]


def test_overlong_field_is_422(client, auth):
    response = create(client, auth("admin"), company="x" * 201)
    assert response.status_code == 422
    assert "company" in response.get_json()["errors"]["json"]


def test_get_unknown_lead_is_404_json(client, auth):
    response = client.get("/api/v1/leads/999999", headers=auth("admin"))
    assert response.status_code == 404
    assert response.get_json()["code"] == 404


def test_patch_changes_only_given_fields(client, auth):
    headers = auth("admin")
    lead = create(client, headers).get_json()
    response = client.patch(
        f"/api/v1/leads/{lead['id']}", json={"company": "Acme Corp"}, headers=headers
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["company"] == "Acme Corp" and body["first_name"] == "Joe"


def test_patch_to_an_email_in_use_is_409_and_changes_nothing(client, auth):
    headers = auth("admin")
    joe = create(client, headers).get_json()
    other = create(client, headers, email="b@example.com", external_ids={}).get_json()
    response = client.patch(
        f"/api/v1/leads/{other['id']}",
        json={"email": joe["email"], "company": "Changed"},
        headers=headers,
    )
    assert response.status_code == 409
    again = client.get(f"/api/v1/leads/{other['id']}", headers=headers).get_json()
    assert again["company"] == "Acme Widgets" and again["email"] == "b@example.com"


def test_list_filters_and_paginates(client, auth):
    headers = auth("admin")
    for n in range(5):
        create(
            client,
            headers,
            email=f"lead{n}@example.com",
            company="Globex" if n % 2 else "Initech",
            external_ids={},
        )
    response = client.get("/api/v1/leads?q=globex&page_size=1&page=2", headers=headers)
    assert response.status_code == 200
    assert len(response.get_json()) == 1
    assert '"total": 2' in response.headers["X-Pagination"]
    by_email = client.get("/api/v1/leads?email=LEAD3@example.com", headers=headers).get_json()
    assert [lead["email"] for lead in by_email] == ["lead3@example.com"]


def test_rep_sees_only_own_leads(client, auth):
    admin = auth("admin")
    mine = create(client, admin, owner_email="rita@example.com", external_ids={}).get_json()
    theirs = create(
        client, admin, email="x@example.com", owner_email="sam@example.com", external_ids={}
    ).get_json()
    rita = auth("rep", "rita@example.com")
    assert client.get(f"/api/v1/leads/{mine['id']}", headers=rita).status_code == 200
    other = client.get(f"/api/v1/leads/{theirs['id']}", headers=rita)
    assert other.status_code == 404
    assert "x@example.com" not in other.get_data(as_text=True)
    listed = client.get("/api/v1/leads", headers=rita).get_json()
    assert [lead["id"] for lead in listed] == [mine["id"]]


def test_rep_cannot_create_or_change_leads(client, auth):
    rep = auth("rep", "rita@example.com")
    assert create(client, rep).status_code == 403
    lead = create(client, auth("admin"), owner_email="rita@example.com").get_json()
    response = client.patch(f"/api/v1/leads/{lead['id']}", json={"company": "x"}, headers=rep)
    assert response.status_code == 403


def test_body_that_is_not_json_is_rejected(client, auth):
    response = client.post(
        "/api/v1/leads", data="email=x", headers={**auth("admin"), "Content-Type": "text/plain"}
    )
    assert response.status_code in (415, 422)
