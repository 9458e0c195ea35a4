"""What a brief reads cheaply and what it leaves behind.

``LeadActivity`` is one row per lead, kept current at ingest, so a brief or the call queue
learns the lead's situation without reading its history. ``BriefRecord`` remembers what a rep
was shown and ``Outcome`` what the call gave, tied to the exact talk track version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow
from callprep.models.leads import Interaction

# "The latest download / form / event of this lead" reads a few index entries, whatever the
# number of web visits in the lead's history.
Index(
    "ix_interactions_lead_type_recent",
    Interaction.lead_id,
    Interaction.type,
    Interaction.occurred_at,
)


class LeadActivity(Base):
    """A lead's activity summary: the moments the situation rules and the deadline need."""

    __tablename__ = "lead_activity"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True
    )
    last_interaction_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Meaningful: anything the lead did; a delivered email is something we did.
    last_meaningful_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_meaningful_id: Mapped[int | None]
    meaningful_count: Mapped[int] = mapped_column(default=0)
    # With the third most recent meaningful interaction, "at least 3 in the last N days" is one
    # comparison at brief time.
    third_meaningful_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hand_raise_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hand_raise_id: Mapped[int | None]
    event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None]
    download_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    download_id: Mapped[int | None]
    # The first meaningful interaction after the latest long silence, with earlier history.
    reengaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    silence_days: Mapped[float | None]
    last_outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class BriefRecord(Base):
    """One brief a rep (or a CRM button) was shown: which track, version and variant."""

    __tablename__ = "briefs"
    __table_args__ = (Index("ix_briefs_lead_generated", "lead_id", "generated_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    situation: Mapped[str] = mapped_column(String(20))
    track_name: Mapped[str] = mapped_column(String(100))
    # 0 for the built-in fallback track, which has no stored version.
    track_version: Mapped[int] = mapped_column(default=0)
    variant: Mapped[str] = mapped_column(String(20), default="A")
    # The lead's top topic when the brief was shown, so "what worked" can compare openers for
    # leads like this one. Cleared when the lead is erased.
    topic: Mapped[str | None] = mapped_column(String(100))
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # "web": a person opened the brief page; "api": fetched over the API (a CRM panel, a
    # script). The talk-track report's "briefs shown" counts the first kind only.
    shown_in: Mapped[str] = mapped_column(String(10), default="api", server_default="api")
    # Made up by `callprep demo` (a few weeks of history), so reports say so.
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())


class Outcome(Base):
    """What the rep reports after the call. The track it was about is copied here, so the
    talk-track report keeps counting it after the brief (or the lead) is erased."""

    __tablename__ = "outcomes"
    __table_args__ = (
        Index("ix_outcomes_lead_created", "lead_id", "created_at"),
        # Covers "what worked" and Thompson allocation: their grouped count reads this index
        # in its own order (no sort, no table rows), once per new outcome.
        Index(
            "ix_outcomes_openers",
            "situation",
            "topic",
            "track_name",
            "variant",
            "track_version",
            "disposition",
            "demo",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brief_id: Mapped[str | None] = mapped_column(
        ForeignKey("briefs.id", ondelete="SET NULL"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    disposition: Mapped[str] = mapped_column(String(30))
    lead_quality: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    situation: Mapped[str] = mapped_column(String(20))
    track_name: Mapped[str] = mapped_column(String(100), index=True)
    track_version: Mapped[int] = mapped_column(default=0)
    variant: Mapped[str] = mapped_column(String(20), default="A")
    # The brief's top topic, copied like the track; cleared when the lead is erased (the
    # outcome still counts for its situation).
    topic: Mapped[str | None] = mapped_column(String(100))
    brief_generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
