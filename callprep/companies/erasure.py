"""Erasure's part for accounts: an erased lead leaves its account's views with its row (they
are reads over leads); an account left with nobody goes too, since a one-person domain (a
vanity domain) can name the person."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from callprep.models import Company, Lead


def erase_from_account(session: Session, lead: Lead) -> dict[str, int]:
    """The erasure hook (callprep.privacy.erasure.ERASERS): delete the lead's account when the
    lead is the last person in it."""
    if lead.company_id is None:
        return {}
    company_id = lead.company_id
    others = session.scalar(
        select(Lead.id).where(Lead.company_id == company_id, Lead.id != lead.id).limit(1)
    )
    if others is not None:
        return {}
    session.execute(
        update(Lead).where(Lead.id == lead.id).values(company_id=None),
        execution_options={"synchronize_session": False},
    )
    deleted = session.execute(
        delete(Company).where(Company.id == company_id),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"companies": deleted}
