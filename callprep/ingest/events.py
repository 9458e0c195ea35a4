"""Storing what leads did. A batch is all-or-nothing and idempotent on (source, external_id),
also when two callers deliver the same events at the same moment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from callprep.db import upsert_ignoring_conflicts
from callprep.ingest.analysis import analyse_new_interactions
from callprep.ingest.copy_insert import copy_new_interactions
from callprep.leads.activity import refresh_lead_activity
from callprep.models import Interaction, Lead

DEFAULT_SOURCE = "api"
INTERACTION_FIELDS = (
    "type",
    "occurred_at",
    "title",
    "asset_type",
    "url",
    "comment",
    "campaign",
    "source",
    "external_id",
)


@dataclass
class IngestResult:
    created: list[Interaction] = field(default_factory=list)
    duplicates: int = 0


def add_interactions(
    session: Session,
    lead: Lead,
    items: Sequence[Mapping[str, Any]],
    *,
    defer_analysis: bool = False,
) -> IngestResult:
    """Store the new items of a validated batch for one lead; known events are skipped.

    With ``defer_analysis`` (the API, webhooks and imports) the new interactions are stored
    marked ``analysis_pending`` and the lead is handed to the analysis jobs once the session
    commits (callprep.jobs); without it (the demo, scripts) they are analysed here."""
    return add_interactions_for_leads(session, [(lead, items)], defer_analysis=defer_analysis)[0]


def add_interactions_for_leads(
    session: Session,
    batches: Sequence[tuple[Lead, Sequence[Mapping[str, Any]]]],
    *,
    defer_analysis: bool = False,
) -> list[IngestResult]:
    """``add_interactions`` for several leads (each once) at the same time: the same rules in
    a fixed few statements per batch — one lock, one insert, one read — however many leads
    it names, so an import batch over 250 leads does not pay 250 rounds."""
    results = [IngestResult() for _ in batches]
    rows: list[tuple[dict[str, Any], int]] = []  # (row, index of its batch)
    seen: set[tuple[str, str]] = set()
    for index, (lead, items) in enumerate(batches):
        for item in items:
            row = {name: item.get(name) for name in INTERACTION_FIELDS}
            row["source"] = row["source"] or DEFAULT_SOURCE
            row["title_is_name"] = bool(item.get("title_is_name"))  # asset/host names: no topics
            row["lead_id"] = lead.id
            row["analysis_pending"] = defer_analysis
            key = (row["source"], row["external_id"])
            if row["external_id"] is not None:
                if key in seen:
                    results[index].duplicates += 1
                    continue
                seen.add(key)
            rows.append((row, index))
    if not rows:
        return results
    lead_ids = sorted({lead.id for lead, _items in batches})
    # Batches for one lead are applied one at a time (PostgreSQL row locks, taken in id order
    # by every writer; SQLite has a single writer anyway), so the lead's running topic
    # weights are never updated side by side.
    session.execute(
        select(Lead.id).where(Lead.id.in_(lead_ids)).order_by(Lead.id).with_for_update()
    )
    # One order for every writer, so two overlapping batches cannot deadlock on the unique index.
    rows.sort(
        key=lambda pair: (
            pair[0]["external_id"] is None,
            pair[0]["source"],
            pair[0]["external_id"] or "",
        )
    )
    # ON CONFLICT DO NOTHING lets the database settle races between concurrent deliveries;
    # checking first and inserting after would not.
    if session.get_bind().dialect.name == "postgresql":
        # COPY into a staging table, then one INSERT ... SELECT (callprep.ingest.copy_insert).
        new_ids = copy_new_interactions(session, [row for row, _index in rows])
        # One array parameter, not an IN list of hundreds (a long statement psycopg re-parses).
        wanted = Interaction.id == any_(bindparam("new_ids", new_ids, type_=ARRAY(Integer)))
    else:
        # Executed "many" (one compiled statement, sent in insertmanyvalues pages), not as one
        # giant VALUES clause compiled afresh for every batch: that compile was most of the cost.
        table = Interaction.__table__
        new_ids = list(
            session.scalars(
                upsert_ignoring_conflicts(session, table, ["source", "external_id"]).returning(
                    table.c.id
                ),
                [row for row, _index in rows],
            )
        )
        wanted = Interaction.id.in_(new_ids)
    created = session.scalars(select(Interaction).where(wanted).order_by(Interaction.id)).all()
    index_of = {lead.id: index for index, (lead, _items) in enumerate(batches)}
    offered = [0] * len(batches)
    for _row, index in rows:
        offered[index] += 1
    for interaction in created:
        results[index_of[interaction.lead_id]].created.append(interaction)
    for index, result in enumerate(results):
        result.duplicates += offered[index] - len(result.created)
    for (lead, _items), result in zip(batches, results, strict=True):
        if result.created and defer_analysis:
            pending_analysis(session).add(lead.id)
        elif result.created:
            analyse_new_interactions(session, lead.id, result.created)
            # callprep.leads.activity: the brief's cheap summary
            refresh_lead_activity(session, lead.id)
    return results


PENDING_LEADS = "callprep.analysis_leads"


def pending_analysis(session: Session) -> set[int]:
    """The leads this session stored interactions for, to analyse once it commits (the
    commit hook in callprep.jobs hands them on; a rollback forgets them)."""
    return session.info.setdefault(PENDING_LEADS, set())


def list_interactions(
    session: Session, lead: Lead, *, offset: int = 0, limit: int = 50
) -> tuple[list[Interaction], int]:
    total = session.scalar(
        select(func.count()).select_from(Interaction).where(Interaction.lead_id == lead.id)
    )
    items = session.scalars(
        select(Interaction)
        .where(Interaction.lead_id == lead.id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return list(items), total or 0
