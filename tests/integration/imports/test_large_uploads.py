"""A multipart upload over the test client's 500 KB spooling threshold leaves no open file."""

from __future__ import annotations

import io


def test_a_large_upload_through_the_test_client_closes_its_spooled_body(client, auth):
    padding = "x" * 600_000  # one long cell: past the threshold, still a single row
    content = f"email,company\nlarge.upload@example.com,{padding}\n".encode()
    response = client.post(
        "/api/v1/imports",
        data={"kind": "leads", "file": (io.BytesIO(content), "leads.csv")},
        headers=auth("admin"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    body = response.request.input_stream
    assert not isinstance(body, io.BytesIO)  # werkzeug spooled it to a file
    assert body.closed
