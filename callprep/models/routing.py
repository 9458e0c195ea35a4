"""Routing: the rules that give a new lead its owner, the round-robin position of each team,
and the history of every assignment (who got the lead, why, and who or what decided)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow

RULE_KINDS = ("account_owner", "territory", "round_robin", "fallback")


class RoutingRule(Base):
    """One rule, tried in ``position`` order; the first that decides wins."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(100))
    # Territory conditions (any listed value matches; empty lists match every lead).
    countries: Mapped[list] = mapped_column(JSON, default=list)
    regions: Mapped[list] = mapped_column(JSON, default=list)
    states: Mapped[list] = mapped_column(JSON, default=list)
    # Whom a matching rule assigns to: one owner, or round-robin within a team.
    owner_email: Mapped[str | None] = mapped_column(String(254))
    team: Mapped[str | None] = mapped_column(String(100))
    # fallback: the unassigned queue the lead waits in.
    pool: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RoundRobinState(Base):
    """Whose turn it is in a team: stored so it survives restarts, row-locked while used."""

    __tablename__ = "routing_round_robin"

    team: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_email: Mapped[str | None] = mapped_column(String(254))
    assigned: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class LeadAssignment(Base):
    """One change of a lead's owner (or its stay in an unassigned queue), with the reason."""

    __tablename__ = "lead_assignments"
    __table_args__ = (Index("ix_lead_assignments_lead", "lead_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    owner_email: Mapped[str | None] = mapped_column(String(254))
    pool: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(300))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("routing_rules.id", ondelete="SET NULL"))
    # "routing", "source" (the owner came with the lead) or the email of the person.
    assigned_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
