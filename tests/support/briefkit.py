"""Helpers for the brief tests: leads with a history, written through the real services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from callprep.ingest import events as ingest
from callprep.leads import service as leads
from callprep.leads.activity import refresh_lead_activity
from callprep.models import Interaction, Lead, LeadFact, LeadTopic

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
_serial = count(1)


def ago(**kwargs: float) -> datetime:
    return NOW - timedelta(**kwargs)


def event(kind: str, when: datetime, title: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "occurred_at": when,
        "title": title,
        "source": "test",
        "external_id": f"evt-{next(_serial)}",
        **extra,
    }


def make_lead(
    session: Session,
    email: str | None = None,
    events: Sequence[dict[str, Any]] = (),
    **fields: Any,
) -> Lead:
    """A lead with ``events`` ingested the way the API ingests them (analysis included)."""
    lead = leads.create_lead(
        session, {"email": email or f"lead{next(_serial)}@example.com", **fields}
    )
    if events:
        ingest.add_interactions(session, lead, list(events))
    session.commit()
    return lead


def bulk_history(
    session: Session, lead: Lead, n: int, kind: str = "web_visit", newest: datetime = NOW
) -> None:
    """``n`` older interactions inserted in one statement (no NLP: a long history, fast)."""
    session.execute(
        insert(Interaction),
        [
            {
                "lead_id": lead.id,
                "type": kind,
                "occurred_at": newest - timedelta(minutes=10 * (i + 1)),
                "title": f"Pricing page {i % 7}",
                "source": "bulk",
                "external_id": f"bulk-{lead.id}-{i}",
            }
            for i in range(n)
        ],
    )
    refresh_lead_activity(session, lead.id)
    session.commit()


def add_topic(
    session: Session, lead: Lead, name: str, weight_log: float, evidence: Sequence[int] = ()
) -> LeadTopic:
    topic = LeadTopic(
        lead_id=lead.id,
        name=name,
        weight_log=weight_log,
        mentions=1,
        last_seen_at=NOW,
        evidence=list(evidence),
    )
    session.add(topic)
    session.commit()
    return topic


def add_fact(
    session: Session, interaction: Interaction, kind: str, value: str, start: int, end: int
) -> LeadFact:
    fact = LeadFact(
        lead_id=interaction.lead_id,
        interaction_id=interaction.id,
        kind=kind,
        value=value,
        start=start,
        end=end,
        occurred_at=interaction.occurred_at,
    )
    session.add(fact)
    session.commit()
    return fact
