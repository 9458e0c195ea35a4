"""An account as its page and the API show it: its people, the reps working them, and a
merged timeline of what they did, newest first.

Who sees what follows the leads' own rule: admin and marketing see everyone; a rep sees the
account only while they own someone there (else Forbidden: the company is no secret, its
people are), and of its people those they own in full. Colleagues of other reps are that
rep's name, how many people and when they last logged a call; unowned people are a count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal, normalise_email
from callprep.errors import Forbidden, NotFound
from callprep.models import Company, Interaction, Lead, LeadActivity, User

MAX_ID = 2**31 - 1
PEOPLE_SHOWN = 200


@dataclass(frozen=True)
class AccountPerson:
    lead_id: int
    email: str
    first_name: str | None
    last_name: str | None
    title: str | None
    owner_email: str | None
    owner_name: str | None
    last_active_at: datetime | None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.email


@dataclass
class AccountOverview:
    company: Company
    people: list[AccountPerson]  # those the caller may see, most recently active first
    people_total: int  # everyone at the account
    other_reps: list[dict[str, Any]] = field(default_factory=list)
    unowned: int = 0
    more_people: int = 0  # visible beyond PEOPLE_SHOWN

    def as_dict(self) -> dict[str, Any]:
        company = self.company
        return {
            "id": company.id,
            "name": company.display_name,
            "domain": company.domain,
            "crm_system": company.crm_system,
            "crm_account_id": company.crm_account_id,
            "people_total": self.people_total,
            "people": [
                {
                    "lead_id": p.lead_id,
                    "name": p.name,
                    "email": p.email,
                    "title": p.title,
                    "owner_email": p.owner_email,
                    "owner_name": p.owner_name,
                    "last_active_at": p.last_active_at,
                }
                for p in self.people
            ],
            "more_people": self.more_people,
            "other_reps": self.other_reps,
            "unowned": self.unowned,
        }


def _sees_all(principal: Principal | None) -> bool:
    return principal is None or principal.role != "rep"


def get_company(session: Session, company_id: int, principal: Principal | None) -> Company:
    """The account, if it exists and the caller may see it: NotFound, or Forbidden for a rep
    who owns nobody there."""
    company = session.get(Company, company_id) if 0 < company_id <= MAX_ID else None
    if company is None:
        raise NotFound(f"account {company_id} not found")
    if not _sees_all(principal):
        owns = session.scalar(
            select(Lead.id)
            .where(Lead.company_id == company.id, Lead.owner_email == principal.email)
            .limit(1)
        )
        if owns is None:
            raise Forbidden("you own no lead at this account")
    return company


def account_overview(
    session: Session, company_id: int, principal: Principal | None
) -> AccountOverview:
    """The account's people as the caller may see them, in three statements."""
    company = get_company(session, company_id, principal)
    at_company = Lead.company_id == company.id
    visible = select(
        Lead.id,
        Lead.email,
        Lead.first_name,
        Lead.last_name,
        Lead.title,
        Lead.owner_email,
        User.name.label("owner_name"),
        LeadActivity.last_meaningful_at,
    ).select_from(Lead)
    visible = visible.outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id).outerjoin(
        User, User.email == Lead.owner_email
    )
    visible = visible.where(at_company)
    if not _sees_all(principal):
        visible = visible.where(Lead.owner_email == principal.email)
    rows = session.execute(
        visible.order_by(LeadActivity.last_meaningful_at.desc().nulls_last(), Lead.id).limit(
            PEOPLE_SHOWN + 1
        )
    ).all()
    people = [AccountPerson(*row) for row in rows[:PEOPLE_SHOWN]]
    groups = session.execute(
        select(
            Lead.owner_email,
            func.max(User.name).label("owner_name"),
            func.count().label("people"),
            func.max(LeadActivity.last_outcome_at).label("last_call_at"),
        )
        .select_from(Lead)
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .outerjoin(User, User.email == Lead.owner_email)
        .where(at_company)
        .group_by(Lead.owner_email)
    ).all()
    total = sum(g.people for g in groups)
    overview = AccountOverview(company, people, total)
    if not _sees_all(principal):
        overview.other_reps = [
            {
                "name": g.owner_name or g.owner_email,
                "people": g.people,
                "last_call_at": g.last_call_at,
            }
            for g in sorted(groups, key=lambda g: -g.people)
            if g.owner_email is not None and g.owner_email != principal.email
        ]
        overview.unowned = next((g.people for g in groups if g.owner_email is None), 0)
        shown_total = next((g.people for g in groups if g.owner_email == principal.email), 0)
    else:
        shown_total = total
    overview.more_people = max(0, shown_total - len(people))
    return overview


def account_timeline(
    session: Session,
    company: Company,
    principal: Principal | None,
    *,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[tuple[Interaction, Lead]], int]:
    """The interactions of the account's people the caller may see, newest first, one page
    (the interactions' (lead, occurred_at, id) index serves each person's part)."""
    query = select(Interaction, Lead).join(Lead, Lead.id == Interaction.lead_id)
    query = query.where(Lead.company_id == company.id)
    if not _sees_all(principal):
        query = query.where(Lead.owner_email == principal.email)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .offset(offset)
        .limit(limit)
    ).tuples()
    return list(rows), total


def list_companies(
    session: Session,
    principal: Principal | None,
    *,
    domain: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Company], int]:
    """Accounts by name, optionally the one of a domain (or an email's domain); a rep sees
    those where they own someone."""
    query = select(Company)
    if domain and domain.strip():
        wanted = normalise_email(domain).rsplit("@", 1)[-1].rstrip(".")
        query = query.where(Company.domain == wanted)
    if not _sees_all(principal):
        query = query.where(
            Company.id.in_(select(Lead.company_id).where(Lead.owner_email == principal.email))
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    companies = session.scalars(
        query.order_by(Company.name, Company.id).offset(offset).limit(limit)
    ).all()
    return list(companies), total
