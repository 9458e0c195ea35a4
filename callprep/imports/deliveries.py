"""Storing a verified webhook delivery event by event: what can be stored is stored, what
cannot is skipped with a reason, and the delivery is recorded (`WebhookDelivery`) so an
operator can list what was skipped.

Senders do not redeliver what was refused: Mautic deletes its queue before it reads the
answer (and unpublishes a webhook whose error rate grows), HubSpot workflows do not retry a
4xx. So one event that cannot be used must never cost the others in its delivery; only a
delivery that cannot be trusted or read at all is refused whole (see callprep.imports.webhooks)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.ingest.intake import ImportReport, LeadRef, RowError, resolve_leads, store_events
from callprep.models import Lead, WebhookDelivery

MAX_REASON = 300
_PROFILE_COLUMNS = ("first_name", "last_name", "company", "title", "phone")


@dataclass
class Skip:
    """An event of a delivery that was not stored, and why (never its personal data)."""

    index: int
    reason: str
    event: str | None = None  # the sender's event type, e.g. mautic.page_on_hit
    external_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "event": self.event,
            "external_id": self.external_id,
            "reason": self.reason[:MAX_REASON],
        }


@dataclass
class Delivery:
    """A parsed delivery: interactions to store, lead updates to apply, events skipped."""

    source: str
    count: int = 0
    events: list[tuple[int, LeadRef, dict[str, Any]]] = field(default_factory=list)
    profiles: list[tuple[int, LeadRef]] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    labels: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)

    def skip(self, index: int, reason: str, event: str | None = None, external_id=None) -> None:
        self.skips.append(
            Skip(index, reason, event, None if external_id is None else str(external_id))
        )

    def label(self, index: int, event: str | None, external_id: str | None) -> None:
        """What to call event `index` if storing it fails later (unknown lead, ...)."""
        self.labels[index] = (event, external_id)


@dataclass
class DeliveryResult:
    report: ImportReport
    leads_updated: int
    skips: list[Skip]
    record: WebhookDelivery
    # index -> created | duplicate | suppressed | lead_created | lead_updated | lead_unchanged
    statuses: dict[int, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "delivery_id": self.record.id,
            "events": self.record.events,
            "created": self.report.created,
            "duplicates": self.report.duplicates,
            "leads_created": self.report.leads_created,
            "leads_updated": self.leads_updated,
            "suppressed": self.report.suppressed,
            "skipped": len(self.skips),
            "skips": [skip.as_dict() for skip in self.skips],
            "results": self.results(),
        }

    def results(self) -> list[dict[str, Any]]:
        """One entry per event of the delivery, in order: what became of it."""
        reasons = {skip.index: skip.reason[:MAX_REASON] for skip in self.skips}
        shown = []
        for index in range(self.record.events):
            if index in reasons:
                shown.append({"index": index, "status": "skipped", "reason": reasons[index]})
            else:
                shown.append({"index": index, "status": self.statuses.get(index, "skipped")})
        return shown


def store_delivery(session: Session, delivery: Delivery) -> DeliveryResult:
    """Store what can be stored, record the delivery; flushes only (the caller commits
    before acknowledging). A lost race for a new lead raises IntegrityError: the caller rolls
    back (the session must hold nothing else) and calls once more."""
    report = ImportReport(kind="webhook")
    skips = list(delivery.skips)
    statuses: dict[int, str] = {}
    updated = _store(session, delivery, report, skips, statuses)
    skips.sort(key=lambda skip: skip.index)
    record = WebhookDelivery(
        source=delivery.source,
        events=delivery.count,
        created=report.created,
        duplicates=report.duplicates,
        leads_created=report.leads_created,
        leads_updated=updated,
        suppressed=report.suppressed,
        skipped=len(skips),
        skips=[skip.as_dict() for skip in skips],
    )
    session.add(record)
    session.flush()
    return DeliveryResult(report, updated, skips, record, statuses)


def _store(
    session: Session,
    delivery: Delivery,
    report: ImportReport,
    skips: list[Skip],
    statuses: dict[int, str],
) -> int:
    def reject(error: RowError) -> None:
        event, external_id = delivery.labels.get(error.row, (None, None))
        skips.append(Skip(error.row, f"{error.field}: {error.message}", event, external_id))

    updated = apply_profiles(session, delivery.profiles, report, reject, statuses.__setitem__)
    events = [(i, r, dict(item)) for i, r, item in delivery.events]
    store_events(session, events, report, reject, statuses.__setitem__)
    return updated


def apply_profiles(
    session: Session,
    profiles: list[tuple[int, LeadRef]],
    report: ImportReport,
    reject: Callable[[RowError], None],
    on_status: Callable[[int, str], None] = lambda index, status: None,
) -> int:
    """Lead created/updated events: unknown emails become leads, known leads take the
    non-empty values sent (the sender is where these people are edited). Returns how many
    known leads changed."""
    if not profiles:
        return 0
    known = {
        lead.email
        for lead in session.scalars(
            select(Lead).where(Lead.email.in_({ref.email for _, ref in profiles if ref.email}))
        )
    }
    outcomes = resolve_leads(session, [ref for _, ref in profiles], report)
    changed: set[int] = set()
    for (index, ref), outcome in zip(profiles, outcomes, strict=True):
        if isinstance(outcome, RowError):
            reject(RowError(index, outcome.field, outcome.message))
        elif outcome is None:
            report.suppressed += 1
            on_status(index, "suppressed")
        elif ref.email not in known:
            known.add(ref.email)  # a later event of this delivery updates it
            on_status(index, "lead_created")
        elif _update(outcome, ref.profile):
            changed.add(id(outcome))
            on_status(index, "lead_updated")
        else:
            on_status(index, "lead_unchanged")
    session.flush()
    return len(changed)


def _update(lead: Lead, profile: Mapping[str, Any]) -> bool:
    changed = False
    for name in _PROFILE_COLUMNS:
        value = profile.get(name)
        if value and getattr(lead, name) != value:
            setattr(lead, name, value)
            changed = True
    return changed
