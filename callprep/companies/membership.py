"""Which account each lead belongs to, kept on every write of a lead (API, batch, webhooks,
imports) in a fixed number of statements per batch, whatever its size.

The rules, in order:
1. A CRM account id (``account_ids: {system: id}``) beats the domain: the lead joins the
   account with that id. A new CRM account first adopts the domain account of the lead's
   email, when that one has no CRM id yet (the people grouped by domain so far are that CRM
   account); else it is made, owning the domain only if no other account does.
2. Else the work email domain (``companies.domains.company_domain``): free mail names no
   account, so two people on gmail.com are not one account. Subdomains are accounts of their
   own (``eu.acme.com`` is not ``acme.com``): hosted tenants (``acme.onmicrosoft.com``,
   ``globex.onmicrosoft.com``) and universities' departments share a parent domain without
   being one buyer; a CRM account id joins them when the CRM knows they are.
3. A lead that joined through a CRM id keeps that account when written again without one
   (its email changing included): the CRM said where they work.
A lead with neither has no account."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from callprep.companies.domains import company_domain
from callprep.models import Company, Lead


@dataclass(frozen=True)
class Placement:
    """One lead to place: its id, (normalised) email, company name as sent, and the CRM
    account ids it names, in the order they were given."""

    lead_id: int
    email: str
    company_name: str | None = None
    account_ids: tuple[tuple[str, str], ...] = ()


def place_leads(session: Session, placements: Iterable[Placement]) -> None:
    """Set ``company_id`` of each placed lead by the rules above. At most six statements for
    any number of leads: read the leads' accounts, read the candidate accounts, adopt, insert
    the missing ones, read them back, and one executemany UPDATE of the leads that move."""
    wanted = {p.lead_id: p for p in placements}  # the last placement of a lead wins
    if not wanted:
        return
    session.flush()
    ids = list(wanted)
    pinned = {
        row.id
        for row in session.execute(
            select(Lead.id)
            .join(Company, Company.id == Lead.company_id)
            .where(Lead.id.in_(ids), Company.crm_account_id.is_not(None))
        )
    }
    domains = {p.lead_id: company_domain(p.email) for p in wanted.values()}
    crm_keys = {key for p in wanted.values() for key in p.account_ids}
    by_domain, by_crm = _read(session, set(domains.values()) - {None}, crm_keys)

    adopt: dict[int, tuple[str, str]] = {}
    adopting: set[tuple[str, str]] = set()
    new_crm: dict[tuple[str, str], dict[str, object]] = {}
    new_domain: dict[str, dict[str, object]] = {}  # {} marks a domain a new CRM account takes
    # CRM placements first, so a domain a new CRM account takes is not made an account twice.
    for p in sorted(wanted.values(), key=lambda p: not p.account_ids):
        domain = domains[p.lead_id]
        holder = by_domain.get(domain) if domain else None
        free = domain if domain and holder is None and domain not in new_domain else None
        if not p.account_ids:
            if p.lead_id not in pinned and free:
                new_domain[free] = _row(p.company_name, free, None)
            continue
        if any(key in by_crm or key in adopting for key in p.account_ids):
            continue
        pending = next((key for key in p.account_ids if key in new_crm), None)
        if pending is not None:  # made a moment ago in this batch: it may take this domain
            row = new_crm[pending]
            if row["domain"] is None and free:
                row["domain"], new_domain[free] = free, {}
            row["name"] = row["name"] or _row(p.company_name, None, None)["name"]
            continue
        key = p.account_ids[0]
        if holder is not None and holder.crm_account_id is None and holder.id not in adopt:
            adopt[holder.id] = key
            adopting.add(key)
        else:
            new_crm[key] = _row(p.company_name, free, key)
            if free:
                new_domain[free] = {}
    for company_id, (system, value) in adopt.items():
        # Another writer may have adopted it first: then the CRM account is made below.
        adopted = session.execute(
            update(Company)
            .where(Company.id == company_id, Company.crm_account_id.is_(None))
            .values(crm_system=system, crm_account_id=value)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not adopted:
            new_crm.setdefault((system, value), _row(None, None, (system, value)))
    rows = [*new_crm.values(), *(row for row in new_domain.values() if row)]
    if rows:
        # ON CONFLICT DO NOTHING: an account another writer made meanwhile is read back below.
        session.execute(_insert(session).values(rows).on_conflict_do_nothing())
    if adopt or rows:
        by_domain, by_crm = _read(session, set(domains.values()) - {None}, crm_keys)

    moves = []
    for p in wanted.values():
        company = next((by_crm[key] for key in p.account_ids if key in by_crm), None)
        if company is None and not p.account_ids and p.lead_id in pinned:
            continue
        if company is None and domains[p.lead_id]:
            company = by_domain.get(domains[p.lead_id])
        moves.append({"moved_lead": p.lead_id, "new_company": company.id if company else None})
    _move(session, moves)


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Company)


def _row(name: str | None, domain: str | None, key: tuple[str, str] | None) -> dict[str, object]:
    system, value = key or (None, None)
    return {
        "name": (name or "").strip()[:200] or None,
        "domain": domain,
        "crm_system": system,
        "crm_account_id": value,
    }


def _read(
    session: Session, domains: set[str], crm_keys: set[tuple[str, str]]
) -> tuple[dict[str, Company], dict[tuple[str, str], Company]]:
    conditions = []
    if domains:
        conditions.append(Company.domain.in_(sorted(domains)))
    if crm_keys:
        conditions.append(tuple_(Company.crm_system, Company.crm_account_id).in_(sorted(crm_keys)))
    if not conditions:
        return {}, {}
    found = session.scalars(
        select(Company).where(or_(*conditions)).execution_options(populate_existing=True)
    ).all()
    by_domain = {c.domain: c for c in found if c.domain}
    by_crm = {(c.crm_system, c.crm_account_id): c for c in found if c.crm_account_id}
    return by_domain, by_crm


_MOVE = (
    update(Lead.__table__)
    .where(Lead.__table__.c.id == bindparam("moved_lead"))
    .values(company_id=bindparam("new_company"))
)


def _move(session: Session, moves: Sequence[dict[str, int | None]]) -> None:
    """One executemany UPDATE; leads loaded in the session see their new account."""
    if not moves:
        return
    session.execute(_MOVE, list(moves))
    for move in moves:
        lead = session.identity_map.get(session.identity_key(Lead, move["moved_lead"]))
        if lead is not None:
            set_committed_value(lead, "company_id", move["new_company"])
