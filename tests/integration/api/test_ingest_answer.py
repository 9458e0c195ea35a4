"""The answer to an accepted batch is dumped without marshmallow's per-field machinery: it must
stay exactly what IngestResultSchema dumps, byte for byte."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import marshmallow as ma
from marshmallow import fields
from sqlalchemy import select

from callprep.ingest import schemas
from callprep.models import Interaction

NOW = datetime.now(UTC).replace(microsecond=0)


def test_the_answer_is_what_the_schema_dumps(client, auth, session):
    headers = auth("integration")
    lead = client.post("/api/v1/leads", json={"email": "a@example.com"}, headers=headers)
    lead_id = lead.get_json()["id"]
    batch = [
        {
            "type": "form_submission",
            "occurred_at": (NOW - timedelta(minutes=n)).isoformat(),
            "title": "Contact Sales" if n % 2 else None,
            "comment": f"We need pricing for {n} plants — “soon”",
            "url": "https://example.com/contact" if n % 3 else None,
            "campaign": "Q4",
            "asset_type": "form",
            "source": "web" if n % 2 else None,
            "external_id": f"e{n}" if n % 4 else None,
        }
        for n in range(12)
    ]
    batch.append(dict(batch[1]))  # a duplicate: not in items
    response = client.post(f"/api/v1/leads/{lead_id}/interactions", json=batch, headers=headers)
    assert response.status_code == 201
    stored = session.scalars(select(Interaction).order_by(Interaction.id)).all()
    expected = schemas.IngestResultSchema().dump(
        {"created": len(stored), "duplicates": 1, "items": stored}
    )
    assert response.get_json() == expected
    # The same bytes the schema's dump would have been sent as.
    assert response.get_data() == client.application.json.response(expected).get_data()
    assert json.loads(response.get_data())["created"] == 12


def test_a_field_of_another_kind_falls_back_to_marshmallow():
    class Extended(schemas.InteractionSchema):
        score = fields.Float(dump_only=True)

    class Renamed(ma.Schema):
        when = fields.AwareDateTime(data_key="at")
        number = fields.Integer()

    assert schemas._dump_plan(Extended) is None
    assert schemas._dump_plan(Renamed) == [("when", "at", True), ("number", "number", False)]
    assert schemas._INTERACTION_PLAN is not None  # the fast path is the one used
