"""The one way events from outside reach the store: each event names its lead (``LeadRef``),
``resolve_leads`` finds or creates the leads in a few queries, and ``store_events`` stores the
events of all the leads of a batch at once (``ingest.events.add_interactions_for_leads``).
Shared by bulk imports, Marketo pages and webhooks (the JSON API names its lead in the path
and calls ``add_interactions`` directly). Flushes only; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from callprep.companies.membership import Placement, place_leads
from callprep.ingest import events as ingest
from callprep.leads.service import MAX_ID, account_refs, claim_new_leads
from callprep.models import Lead, LeadExternalId
from callprep.privacy import erasure


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    leads_created: int = 0
    suppressed: int = 0
    skipped: int = 0
    rejected: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    errors_truncated: bool = False
    # Every data row's outcome as runs [first_row, last_row, outcome] (created, updated,
    # unchanged, duplicate, suppressed, skipped, rejected): nothing is left unaccounted.
    row_outcomes: list[list[Any]] = field(default_factory=list)
    pending: dict[int, str] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["pending"]
        return data

    def mark(self, row: int, outcome: str) -> None:
        if row and self.pending.get(row) != "rejected":
            self.pending[row] = outcome

    def flush_rows(self) -> None:
        """Move the marked rows, in row order, into the run-length ``row_outcomes``."""
        runs = self.row_outcomes
        for row in sorted(self.pending):
            outcome = self.pending[row]
            if runs and runs[-1][2] == outcome and runs[-1][1] == row - 1:
                runs[-1][1] = row
            else:
                runs.append([row, row, outcome])
        self.pending.clear()

    def summary(self) -> str:
        parts = [f"{self.kind}: {self.rows} rows", f"created {self.created}"]
        for name in ("updated", "unchanged", "duplicates", "leads_created", "suppressed"):
            if getattr(self, name):
                parts.append(f"{name.replace('_', ' ')} {getattr(self, name)}")
        if self.skipped:
            parts.append(f"skipped {self.skipped}")
        parts.append(f"rejected {self.rejected}")
        return ", ".join(parts)


@dataclass
class LeadRef:
    """How an incoming event names its lead: callprep id, an external id, or an email."""

    lead_id: int | None = None
    external: tuple[str, str] | None = None
    email: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    # The CRM account ids the event names, (system, id) in the order given: they pick the
    # lead's account (callprep.companies.membership).
    account_ids: tuple[tuple[str, str], ...] = ()


def store_events(
    session: Session,
    events,
    report: ImportReport,
    reject,
    outcome: Callable[[int, str], None] | None = None,
    *,
    defer_analysis: bool = True,
) -> None:
    """Resolve each event's lead (creating leads for unknown emails unless suppressed), then
    store the events of every lead at once through ingest. Shared by imports, Marketo pages and
    webhooks. `events` is a list of (row, LeadRef, validated interaction item); `outcome`,
    if given, hears (row, "created" | "duplicate" | "suppressed") for every stored row.
    Analysis follows the commit, in jobs (``defer_analysis``; see ``add_interactions``)."""
    leads = resolve_leads(session, [ref for _, ref, _ in events], report)

    def mark(row: int, what: str) -> None:
        report.mark(row, what)
        if outcome is not None:
            outcome(row, what)

    by_lead: dict[int, tuple[Lead, list[dict[str, Any]], list[int]]] = {}
    for (row, _ref, item), lead in zip(events, leads, strict=True):
        if isinstance(lead, RowError):
            reject(RowError(row, lead.field, lead.message))
            continue
        if lead is None:
            report.suppressed += 1
            mark(row, "suppressed")
            continue
        entry = by_lead.setdefault(lead.id, (lead, [], []))
        entry[1].append(item)
        entry[2].append(row)
    entries = list(by_lead.values())
    results = ingest.add_interactions_for_leads(
        session, [(lead, items) for lead, items, _rows in entries], defer_analysis=defer_analysis
    )
    for (_lead, items, rows), result in zip(entries, results, strict=True):
        report.created += len(result.created)
        report.duplicates += result.duplicates
        new = {(i.source, i.external_id) for i in result.created}
        for row, item in zip(rows, items, strict=True):
            key = (item.get("source") or ingest.DEFAULT_SOURCE, item.get("external_id"))
            if key in new or key[1] is None:
                mark(row, "created")
                new.discard(key)  # the same event twice in one batch: created once
            else:
                mark(row, "duplicate")


def resolve_leads(session: Session, refs: list[LeadRef], report: ImportReport):
    """For each ref: its Lead, None when the person is suppressed, or a RowError. A few
    queries per batch, whatever its size; unknown emails become new leads."""
    ids = {ref.lead_id for ref in refs if ref.lead_id is not None and 0 < ref.lead_id <= MAX_ID}
    emails = {ref.email for ref in refs if ref.email}
    externals = {ref.external for ref in refs if ref.external}
    by_id = {lead.id: lead for lead in session.scalars(select(Lead).where(Lead.id.in_(ids)))}
    by_email = {
        lead.email: lead for lead in session.scalars(select(Lead).where(Lead.email.in_(emails)))
    }
    by_external: dict[tuple[str, str], Lead] = {}
    if externals:
        for ext, lead in session.execute(
            select(LeadExternalId, Lead)
            .join(Lead)
            .where(tuple_(LeadExternalId.system, LeadExternalId.external_id).in_(list(externals)))
        ):
            by_external[(ext.system, ext.external_id)] = lead
    suppressed = erasure.suppressed_emails(session, emails)
    # New leads in one INSERT ... ON CONFLICT DO NOTHING (leads.service): one that another
    # writer created meanwhile is no unique violation, whose DETAIL would log the email.
    new, known_emails = {}, suppressed | by_email.keys()
    for ref in refs:
        known = ref.lead_id is not None or (ref.external and ref.external in by_external)
        if not known and ref.email and ref.email not in known_emails:
            new.setdefault(ref.email, {**ref.profile, "email": ref.email})
    claimed = claim_new_leads(session, list(new.values()))
    report.leads_created += len(claimed)
    if new:
        by_email.update(
            (lead.email, lead) for lead in session.scalars(select(Lead).where(Lead.email.in_(new)))
        )
    outcomes: list[Lead | RowError | None] = []
    fresh: set[Lead] = set()
    for ref in refs:
        if ref.lead_id is not None:
            lead = by_id.get(ref.lead_id)
            outcomes.append(lead or RowError(0, "lead_id", "no lead with this id"))
            continue
        lead = by_external.get(ref.external) if ref.external else None
        if lead is None and ref.email:
            if ref.email in suppressed:
                outcomes.append(None)
                continue
            lead = by_email.get(ref.email)
            if lead is None:
                lead = Lead(email=ref.email, **ref.profile)
                session.add(lead)
                fresh.add(lead)
                by_email[ref.email] = lead
                report.leads_created += 1
            if ref.external and ref.external[0] not in lead.external_id_map:
                lead.external_ids.append(
                    LeadExternalId(system=ref.external[0], external_id=ref.external[1])
                )
            if ref.external:
                by_external[ref.external] = lead
        if lead is None:
            system, value = ref.external or ("", "")
            outcomes.append(
                RowError(
                    0,
                    "leadId" if system == "marketo" else "lead",
                    f"unknown {system} lead {value}: import leads with their {system} id first",
                )
            )
            continue
        outcomes.append(lead)
    session.flush()
    # New leads join their account; known ones move only when the event names a CRM account.
    new_ids = set(claimed.values()) | {lead.id for lead in fresh}
    place_leads(
        session,
        [
            Placement(
                lead.id,
                lead.email,
                lead.company,
                account_refs({"account_ids": dict(ref.account_ids)}),
            )
            for ref, lead in zip(refs, outcomes, strict=True)
            if isinstance(lead, Lead) and (lead.id in new_ids or ref.account_ids)
        ],
    )
    return outcomes
