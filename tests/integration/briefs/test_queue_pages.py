"""The queue's largest documented page answers on every database."""

from __future__ import annotations

from sqlalchemy import insert

from callprep.db import utcnow
from callprep.models import Lead

RITA = "rita@example.com"


def test_the_maximum_page_of_the_queue_answers(client, auth, session):
    now = utcnow()
    session.execute(
        insert(Lead),
        [
            {
                "email": f"lead{n}@example.com",
                "owner_email": RITA,
                "created_at": now,
                "updated_at": now,
            }  # fmt: skip
            for n in range(120)
        ],
    )
    session.commit()
    headers = auth("rep", RITA)
    for size in (84, 100):
        response = client.get(f"/api/v1/queue?page_size={size}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert len(response.get_json()) == size
    second = client.get("/api/v1/queue?page_size=100&page=2", headers=headers).get_json()
    assert len(second) == 20
