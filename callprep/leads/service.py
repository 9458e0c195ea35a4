"""Leads: create, read, update, find. Services take a session and plain values; they flush,
the caller commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from callprep.accounts.users import Principal, normalise_email
from callprep.companies.domains import company_domain
from callprep.companies.membership import Placement, place_leads
from callprep.config import BriefSettings
from callprep.errors import Conflict, NotFound
from callprep.leads.crm_ids import normalise_external_id
from callprep.leads.situations import situation_of
from callprep.models import Lead, LeadActivity, LeadExternalId, LeadTopic
from callprep.routing import assignments, engine
from callprep.validation import escape_like

MAX_ID = 2**31 - 1  # ids are INTEGER columns (32-bit on PostgreSQL)
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "owner_email",
    "country",
    "region",
    "state",
)


def queue_owner(principal: Principal, requested: str | None) -> str | None:
    """Whose leads a list shows: a rep's own, always; admin and marketing pick a rep
    (`requested`) or see everyone's (None)."""
    if principal.role == "rep":
        return principal.email
    return normalise_email(requested) if requested and requested.strip() else None


def get_lead(session: Session, lead_id: int, principal: Principal | None = None) -> Lead:
    """The lead, if it exists and the caller may see it; otherwise NotFound (never a hint)."""
    # An id beyond the id column's range cannot exist (and would be a database error).
    # The CRM ids joined in: one statement where the relationship's selectin load made two.
    lead = (
        session.get(Lead, lead_id, options=[joinedload(Lead.external_ids)])
        if 0 < lead_id <= MAX_ID
        else None
    )
    if lead is None or not _visible(lead, principal):
        raise NotFound(f"lead {lead_id} not found")
    return lead


def _visible(lead: Lead, principal: Principal | None) -> bool:
    return principal is None or principal.role != "rep" or lead.owner_email == principal.email


def find_lead_by_email(session: Session, email: str) -> Lead | None:
    return session.scalar(select(Lead).where(Lead.email == normalise_email(email)))


def find_lead_by_external_id(session: Session, system: str, external_id: str) -> Lead | None:
    external_id = normalise_external_id(system, external_id)  # Salesforce: 15 or 18 chars
    return session.scalar(
        select(Lead)
        .join(LeadExternalId)
        .where(LeadExternalId.system == system, LeadExternalId.external_id == external_id)
    )


def create_lead(session: Session, data: Mapping[str, Any]) -> Lead:
    email = normalise_email(data["email"])
    existing = find_lead_by_email(session, email)
    if existing is not None:
        raise Conflict(
            f"a lead with this email exists: {existing.id}",
            errors={"email": ["already exists"]},
            lead_id=existing.id,
        )
    profile = {k: data.get(k) for k in EDITABLE_FIELDS}
    if profile["owner_email"]:
        profile["owner_email"] = normalise_email(profile["owner_email"])
    lead = claim_new_lead(session, email, profile)
    if lead is None:  # created by another request since the check above
        existing = find_lead_by_email(session, email)
        raise Conflict(
            f"a lead with this email exists: {existing.id}",
            errors={"email": ["already exists"]},
            lead_id=existing.id,
        )
    _set_external_ids(session, lead, data.get("external_ids") or {})
    place_leads(session, [_placement(lead, data)])
    session.flush()
    return lead


def _placement(lead: Lead, data: Mapping[str, Any]) -> Placement:
    return Placement(lead.id, lead.email, lead.company, account_refs(data))


def account_refs(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The CRM account ids of a lead payload (``account_ids: {system: id}``) as (system, id)
    pairs in the order given, in their stored form (Salesforce: 18 characters)."""
    found = data.get("account_ids") or {}
    if not isinstance(found, Mapping):
        return ()
    pairs = []
    for system, value in found.items():
        system, value = str(system).strip().lower(), str(value).strip()
        if system and value:
            pairs.append((system, normalise_external_id(system, value)))
    return tuple(pairs)


def claim_new_lead(session: Session, email: str, profile: Mapping[str, Any]) -> Lead | None:
    """A new lead with this (normalised) email, or None when one exists (see claim_new_leads)."""
    claimed = claim_new_leads(session, [{**profile, "email": email}])
    return session.get(Lead, claimed[email]) if email in claimed else None


def claim_new_leads(session: Session, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Insert the leads whose (normalised) email no lead has, committed or still being inserted
    by another transaction (this waits for it): {email: id} of those inserted. One INSERT ...
    ON CONFLICT DO NOTHING per 500 rows, so a lost race is no unique violation, whose DETAIL line
    would write the email into PostgreSQL's server log, out of erasure's reach.

    Every path that creates leads comes here, so routing runs here: each new lead gets its
    owner (or its unassigned queue) and an assignment record in this transaction."""
    if not rows:
        return {}
    rows = [dict(row) for row in rows]
    decisions = engine.route_new_leads(session, rows)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.flush()  # the ORM's pending leads first, so the conflict check sees them
    columns = set().union(*rows)  # one VALUES list needs the same columns in every row
    rows = [{column: row.get(column) for column in columns} for row in rows]
    claimed: dict[str, int] = {}
    for start in range(0, len(rows), 500):
        statement = (
            insert(Lead)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=[Lead.email])
            .returning(Lead.email, Lead.id)
        )
        claimed.update(session.execute(statement).tuples().all())
    engine.record_assignments(session, claimed, rows, decisions)
    return claimed


def update_lead(session: Session, lead: Lead, data: Mapping[str, Any], actor: str = "api") -> Lead:
    owner_before = lead.owner_email
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(lead, name, data[name])
    if data.get("owner_email"):
        lead.owner_email = normalise_email(data["owner_email"])
    moved = "email" in data and normalise_email(data["email"]) != lead.email
    if moved:
        other = find_lead_by_email(session, data["email"])
        if other is not None:
            raise Conflict(
                f"a lead with this email exists: {other.id}",
                errors={"email": ["already exists"]},
                lead_id=other.id,
            )
        lead.email = normalise_email(data["email"])
        lead.company_domain = company_domain(lead.email)
    if lead.owner_email != owner_before:
        assignments.owner_changed_by_edit(session, lead, actor)
    if "external_ids" in data:
        _set_external_ids(session, lead, data["external_ids"] or {})
    if moved or account_refs(data):
        place_leads(session, [_placement(lead, data)])
    session.flush()
    return lead


def _set_external_ids(session: Session, lead: Lead, external_ids: Mapping[str, str]) -> None:
    current = {ext.system: ext for ext in lead.external_ids}
    for system, external_id in external_ids.items():
        external_id = normalise_external_id(system, external_id)
        owner = find_lead_by_external_id(session, system, external_id)
        if owner is not None and owner is not lead:
            raise _id_taken(system, external_id, owner)
        if owner is lead:
            continue
        if system in current:  # a new value: the old row goes, the new one is claimed
            session.delete(current[system])
            session.flush()
        if not _claim_external_id(session, lead, system, external_id):
            # Taken by a lead another transaction was saving meanwhile.
            owner = find_lead_by_external_id(session, system, external_id)
            raise _id_taken(system, external_id, owner)
    session.expire(lead, ["external_ids"])


def _claim_external_id(session: Session, lead: Lead, system: str, external_id: str) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING, as claim_new_leads: a CRM id another transaction
    took a moment ago is no unique violation (whose DETAIL would log the id)."""
    session.flush()  # the lead has its id
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(LeadExternalId)
        .values(lead_id=lead.id, system=system, external_id=external_id)
        .on_conflict_do_nothing()
        .returning(LeadExternalId.id)
    )
    return session.scalar(statement) is not None


def _id_taken(system: str, external_id: str, owner: Lead | None) -> Conflict:
    return Conflict(
        f"{system} id {external_id} belongs to lead {owner.id if owner else 'another lead'}",
        errors={"external_ids": {system: ["already used by another lead"]}},
        lead_id=owner.id if owner else None,
    )


def list_leads(
    session: Session,
    principal: Principal | None,
    *,
    email: str | None = None,
    owner_email: str | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Lead], int]:
    query = select(Lead)
    if principal is not None and principal.role == "rep":
        query = query.where(Lead.owner_email == principal.owner_scope)
    if email:
        query = query.where(Lead.email == normalise_email(email))
    if owner_email:
        query = query.where(Lead.owner_email == normalise_email(owner_email))
    if q:
        # % and _ in the search are letters, not wildcards.
        pattern = "%" + escape_like(q.strip().lower()) + "%"
        query = query.where(
            or_(
                Lead.email.like(pattern, escape="\\"),
                func.lower(Lead.first_name).like(pattern, escape="\\"),
                func.lower(Lead.last_name).like(pattern, escape="\\"),
                func.lower(Lead.company).like(pattern, escape="\\"),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    leads = session.scalars(query.order_by(Lead.id).offset(offset).limit(limit)).all()
    return list(leads), total


@dataclass(frozen=True)
class LeadName:
    """A lead as a picker lists it, with the topic names that pick its talk track."""

    id: int
    email: str
    first_name: str | None
    last_name: str | None
    company: str | None
    top_topics: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "company": self.company,
        }


def leads_in_situation(
    session: Session, situation: str, *, now: datetime, settings: BriefSettings, limit: int
) -> list[LeadName]:
    """Up to ``limit`` leads whose situation is ``situation`` at ``now``, most recently active
    first, with their top topics' names (best first, as many as a brief shows).

    Two plain reads (a row per lead, then the chosen leads' topics): no brief is built."""
    query = (
        select(
            Lead.id.label("of_lead"),
            Lead.email.label("of_email"),
            Lead.first_name,
            Lead.last_name,
            Lead.company,
            LeadActivity.__table__,
        )
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .order_by(LeadActivity.last_meaningful_at.desc().nulls_last(), Lead.id.desc())
    )
    chosen: list[Any] = []
    for row in session.execute(query):
        activity = row if row.lead_id is not None else None
        if situation_of(activity, now, settings) == situation:
            chosen.append(row)
            if len(chosen) >= limit:
                break
    topics: dict[int, list[Any]] = {row.of_lead: [] for row in chosen}
    if topics:
        for topic in session.execute(
            select(LeadTopic.lead_id, LeadTopic.name, LeadTopic.weight_log).where(
                LeadTopic.lead_id.in_(list(topics))
            )
        ):
            topics[topic.lead_id].append(topic)
    return [
        LeadName(
            id=row.of_lead,
            email=row.of_email,
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            # The brief's order: heaviest first, then by name.
            top_topics=tuple(
                t.name
                for t in sorted(topics[row.of_lead], key=lambda t: (-t.weight_log, t.name))[
                    : settings.topics_shown
                ]
            ),
        )
        for row in chosen
    ]
