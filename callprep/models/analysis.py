"""What the NLP found, stored at ingest so a brief never waits for spaCy.

A text is analysed once per extractor version, however many interactions share it; a lead's
topics and facts are kept pre-aggregated so a brief reads a few indexed rows, whatever the
length of the lead's history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class TextAnalysis(Base):
    __tablename__ = "text_analyses"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of kind + text: the same white-paper title downloaded 10,000 times is one row.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "title" | "comment"
    # nlp version stamp plus the glossary fingerprint; stale rows are recomputed by backfill.
    version: Mapped[str] = mapped_column(String(200), index=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)  # [{name, score, spans}]
    facts: Mapped[list] = mapped_column(JSON, default=list)  # [{kind, value, start, end}]
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LeadTopic(Base):
    """A topic of one lead, with its weight kept as a running, time-decayed sum."""

    __tablename__ = "lead_topics"
    __table_args__ = (
        UniqueConstraint("lead_id", "name"),
        Index("ix_lead_topics_lead_weight", "lead_id", "weight_log"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # log of sum(source_weight * exp((occurred_at - EPOCH) / decay)): every topic of a lead
    # decays at the same rate, so ordering by this column is ordering by today's weight.
    weight_log: Mapped[float]
    mentions: Mapped[int] = mapped_column(default=0)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # interaction ids, newest first


class LeadFact(Base):
    """A fact a lead's comment states, with the span it came from."""

    __tablename__ = "lead_facts"
    __table_args__ = (Index("ix_lead_facts_lead_recent", "lead_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    start: Mapped[int]
    end: Mapped[int]
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The date range the value's time words point at, resolved at ingest against the
    # interaction's own time (callprep.spoken_time.TimeRef.as_dict), or None.
    time_ref: Mapped[dict | None] = mapped_column(JSON, nullable=True)
