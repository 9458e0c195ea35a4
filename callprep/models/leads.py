from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callprep.db import Base, UTCDateTime, utcnow


class Lead(Base):
    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: the same person must not become two leads by capitalisation.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    owner_email: Mapped[str | None] = mapped_column(String(254), index=True)
    # Where the lead is, as the source wrote it (routing's territory rules read these).
    country: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    # The work email's domain (None for free mail): routing finds the account's owner by it.
    company_domain: Mapped[str | None] = mapped_column(String(253), index=True)
    # Why the lead has its owner, or which unassigned queue it waits in (callprep.routing);
    # the history is in lead_assignments.
    routing_reason: Mapped[str | None] = mapped_column(String(300))
    routing_pool: Mapped[str | None] = mapped_column(String(100))
    # The account the lead works at (callprep.companies.membership keeps it on every write).
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    external_ids: Mapped[list[LeadExternalId]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def external_id_map(self) -> dict[str, str]:
        return {ext.system: ext.external_id for ext in self.external_ids}


class LeadExternalId(Base):
    """The lead's id in a CRM or marketing system, so a CRM button can find the lead."""

    __tablename__ = "lead_external_ids"
    __table_args__ = (
        UniqueConstraint("system", "external_id"),
        UniqueConstraint("lead_id", "system"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    system: Mapped[str] = mapped_column(String(50))
    external_id: Mapped[str] = mapped_column(String(200))

    lead: Mapped[Lead] = relationship(back_populates="external_ids")


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        # Redelivered events from a source are recognised and not stored twice.
        UniqueConstraint("source", "external_id"),
        # "This lead's interactions, newest first" is the brief's main read.
        Index("ix_interactions_lead_recent", "lead_id", "occurred_at", "id"),
        # The few interactions still waiting for analysis: the sweep and the brief's
        # `analysis_pending` read a small partial index, not the whole table.
        Index(
            "ix_interactions_analysis_pending",
            "lead_id",
            sqlite_where=text("analysis_pending"),
            postgresql_where=text("analysis_pending"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str | None] = mapped_column(String(500))
    asset_type: Mapped[str | None] = mapped_column(String(50))
    url: Mapped[str | None] = mapped_column(String(2000))
    comment: Mapped[str | None] = mapped_column(Text)
    campaign: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(50), default="api")
    external_id: Mapped[str | None] = mapped_column(String(200))
    # The title is a name of a thing (a Marketo asset or program, a host name), not words
    # a lead read: analysis finds no topics in it.
    title_is_name: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Stored, not analysed yet: set at ingest, cleared by the analysis job in the same
    # transaction that stores its results (callprep.jobs.analysis).
    analysis_pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Filled at ingest by callprep.ingest.analysis; shared by every interaction with the same text.
    title_analysis_id: Mapped[int | None] = mapped_column(
        ForeignKey("text_analyses.id", ondelete="SET NULL"), index=True
    )
    comment_analysis_id: Mapped[int | None] = mapped_column(
        ForeignKey("text_analyses.id", ondelete="SET NULL"), index=True
    )
