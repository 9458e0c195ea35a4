"""Ingest is set-based across the leads of a batch: storing a batch costs the same few
statements whether it names 5 leads or 100 (issue 16: 12-23 statements per lead before)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from callprep.ingest.intake import ImportReport, LeadRef, store_events
from callprep.models import Interaction
from tests.support.statements import statements_of

NOW = datetime.now(UTC)


def batch(leads: int, per_lead: int, tag: str, ids: str | None = None):
    return [
        (
            n,
            LeadRef(email=f"{tag}{n % leads}@example.com"),
            {
                "type": "content_download",
                "occurred_at": NOW - timedelta(minutes=n),
                "title": "The Lifecycle of a Widget",
                "source": "import",
                "external_id": f"{ids or tag}-{n}",
            },
        )
        for n in range(leads * per_lead)
    ]


def statements_for(session, engine, events) -> int:
    _result, seen = statements_of(
        engine,
        lambda: store_events(
            session, events, ImportReport(kind="interactions"), lambda error: None
        ),
    )
    return len(seen)


def test_a_batch_costs_the_same_statements_for_5_or_100_known_leads(session, engine):
    # The leads exist (a first batch created them, one INSERT each): the new events of a
    # second batch are then stored in the same few statements, however many leads they name.
    store_events(session, batch(100, 1, "first"), ImportReport(kind="x"), lambda error: None)
    few = statements_for(session, engine, batch(5, 4, "first", ids="few"))
    many = statements_for(session, engine, batch(100, 4, "first", ids="many"))
    assert session.scalar(select(func.count()).select_from(Interaction)) == 100 + 20 + 400
    assert many == few, (few, many)
    pending = select(func.count()).select_from(Interaction).where(Interaction.analysis_pending)
    assert session.scalar(pending) == 520


def test_the_same_event_for_two_leads_in_one_batch_is_stored_once(session):
    events = batch(2, 1, "c")
    events[1][2]["external_id"] = events[0][2]["external_id"]
    report = ImportReport(kind="interactions")
    store_events(session, events, report, lambda error: None)
    assert (report.created, report.duplicates) == (1, 1)
