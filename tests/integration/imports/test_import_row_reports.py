"""Imports account for every data row (created, duplicate or rejected, with its row number),
and a file that cannot be read past a point says where and what was stored before it."""

from __future__ import annotations

from sqlalchemy import func, select

from callprep.models import Lead


def upload(client, headers, content: bytes, name="leads.csv", kind="leads"):
    # The body is encoded here: the test client spools large bodies to a temporary file
    # that it never closes (a ResourceWarning under filterwarnings=error).
    boundary = "callprep-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        "/api/v1/imports",
        data=body,
        headers=headers,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def leads(session):
    session.expire_all()
    return {lead.email: lead for lead in session.scalars(select(Lead))}


def outcomes(report) -> dict[int, str]:
    return {
        row: outcome
        for first, last, outcome in report["row_outcomes"]
        for row in range(first, last + 1)
    }


def test_every_row_has_an_outcome_with_its_number(client, auth, session):
    content = (
        b"email,first_name\n"
        b"joe@example.com,Joe\n"
        b"not-an-email,Ann\n"
        b"joe@example.com,Joe\n"
        b"mia@example.com,Mia\n"
    )
    report = upload(client, auth("admin"), content).get_json()
    assert outcomes(report) == {2: "created", 3: "rejected", 4: "unchanged", 5: "created"}


def test_an_unbalanced_quote_never_swallows_other_rows_silently(client, auth, session):
    content = (
        b"email,first_name,company\n"
        b'joe@example.com,"Joe,Acme\n'
        b"ann@example.com,Ann,Beta\n"
        b"mia@example.com,Mia,Gamma\n"
    )
    response = upload(client, auth("admin"), content)
    stored = leads(session)
    # Nobody's first_name holds the text of other rows (other people's emails).
    for lead in stored.values():
        assert "@" not in (lead.first_name or "")
    body = response.get_json()
    text = str(body)
    assert "line 2" in text and "quote" in text
    if response.status_code == 200:
        accounted = outcomes(body)
        assert set(accounted) >= {2, 3, 4} or body["rejected"] >= 1
    else:
        assert response.status_code == 422
        assert body["report"]["created"] == len(stored) == 0


def test_a_quote_closed_rows_later_is_rejected_with_its_lines(client, auth, session):
    content = (
        b"email,first_name,company\n"
        b'joe@example.com,"Joe,Acme\n'
        b"ann@example.com,Ann,Beta\n"
        b'mia@example.com,Mia",Gamma\n'
        b"kim@example.com,Kim,Delta\n"
    )
    body = upload(client, auth("admin"), content).get_json()
    stored = leads(session)
    # The line with the open quote is rejected; the lines it swallowed are read again.
    assert "joe@example.com" not in stored
    assert set(stored) == {"ann@example.com", "mia@example.com", "kim@example.com"}
    assert body["rejected"] == 1
    assert "lines 2-4" in body["errors"][0]["message"]
    assert "@" not in stored["ann@example.com"].first_name


def test_a_one_megabyte_quoted_field_is_one_rejected_row(client, auth, session):
    big = "lorem, ipsum\n" * 80_000  # about 1 MB, with commas and line breaks
    content = (
        f'email,first_name\njoe@example.com,"{big}"\nann@example.com,Ann\nmia@example.com,Mia\n'
    ).encode()
    body = upload(client, auth("admin"), content).get_json()
    assert body["rejected"] == 1 and body["created"] == 2, {
        k: body[k] for k in ("rejected", "created")
    }
    assert set(leads(session)) == {"ann@example.com", "mia@example.com"}


def test_a_bad_byte_names_its_line_and_what_was_stored_before_it(client, auth, session):
    rows = [f"lead{n}@example.com,Lead{n}" for n in range(1, 5001)]
    rows[3999] = "lead4000@example.com,Le\xffad"
    content = ("email,first_name\n" + "\n".join(rows) + "\n").encode("latin-1")
    response = upload(client, auth("admin"), content)
    assert response.status_code == 422
    body = response.get_json()
    assert "line 4001" in body["message"]
    stored = len(leads(session))
    assert body["report"]["created"] == stored == 3999
    assert f"{stored} rows" in body["message"]
    assert session.scalar(select(func.count()).select_from(Lead)) == 3999
