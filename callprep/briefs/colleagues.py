"""Other people at a lead's account (the same company name or work email domain), for the
brief page: a rep sees the ones they own and a count of the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.companies.domains import company_domain
from callprep.models import Lead, LeadActivity

ACCOUNT_PEOPLE = 5


@dataclass
class AccountContext:
    name: str | None
    domain: str | None
    people: list[tuple[Lead, datetime | None]]  # others at the account the caller may see
    hidden: int  # others at the account owned by another rep


def account_context(session: Session, lead: Lead, principal: Principal) -> AccountContext | None:
    """Other people at the lead's company (same company name or work email domain), newest
    activity first; a rep sees the ones they own and a count of the rest."""
    domain = company_domain(lead.email)
    matches = []
    if domain:
        matches.append(Lead.email.like(f"%@{domain}"))
    if lead.company and lead.company.strip():
        matches.append(func.lower(Lead.company) == lead.company.strip().lower())
    if not matches:
        return None
    rows = session.execute(
        select(Lead, LeadActivity.last_interaction_at)
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .where(or_(*matches), Lead.id != lead.id)
        .order_by(LeadActivity.last_interaction_at.desc(), Lead.id)
        .limit(50)
    ).all()
    if not rows:
        return None
    visible = [
        (other, last)
        for other, last in rows
        if principal.role != "rep" or other.owner_email == principal.email
    ]
    return AccountContext(lead.company, domain, visible[:ACCOUNT_PEOPLE], len(rows) - len(visible))
