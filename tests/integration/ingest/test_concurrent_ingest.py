"""Two deliveries of the same events at the same moment store each event once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from callprep.models import Interaction


@pytest.mark.parametrize("run", range(2))
def test_two_threads_ingesting_the_same_500_events_store_exactly_500(
    app, auth, client, session, run
):
    headers = auth("integration")
    lead_id = client.post(
        "/api/v1/leads", json={"email": f"race{run}@example.com"}, headers=headers
    ).get_json()["id"]
    events = [
        {
            "type": "email_open",
            "occurred_at": "2026-11-20T12:00:00+00:00",
            "title": f"Nurture {n}",
            "source": "hubspot",
            "external_id": f"race-{n}",
        }
        for n in range(500)
    ]
    barrier = threading.Barrier(2)
    results: list[tuple[int, dict]] = []

    def deliver(batch):
        local = app.test_client()
        barrier.wait()
        response = local.post(f"/api/v1/leads/{lead_id}/interactions", json=batch, headers=headers)
        results.append((response.status_code, response.get_json()))

    threads = [
        threading.Thread(target=deliver, args=(events,)),
        threading.Thread(target=deliver, args=(list(reversed(events)),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [status for status, _ in results] == [201, 201]
    assert sum(body["created"] for _, body in results) == 500
    assert sum(body["duplicates"] for _, body in results) == 500
    stored = session.scalar(
        select(func.count()).select_from(Interaction).where(Interaction.lead_id == lead_id)
    )
    assert stored == 500
