"""Accounts: the companies leads work at (``callprep.companies``).

A company row holds no personal data: a work email domain (free-mail domains never make
one), a CRM's account id and the company's display name. People are linked from
``leads.company_id``; erasing the last lead of an account deletes the account too, so a
one-person domain (a vanity domain names its owner) goes with its person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class Company(Base):
    __tablename__ = "companies"
    __table_args__ = (
        # NULLs are distinct in both databases: many accounts may lack a domain or a CRM id.
        UniqueConstraint("domain"),
        UniqueConstraint("crm_system", "crm_account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The lower-cased work email domain that groups people into this account, if any.
    domain: Mapped[str | None] = mapped_column(String(253))
    # The CRM's account record (Salesforce AccountId, HubSpot associatedcompanyid): when a
    # lead names one it beats the domain.
    crm_system: Mapped[str | None] = mapped_column(String(50))
    crm_account_id: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display_name(self) -> str:
        return self.name or self.domain or f"Account {self.id}"
