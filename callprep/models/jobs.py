"""Background jobs the database keeps track of: parked analysis jobs and long operations
(glossary apply, backfill) with their progress.

Pending analysis itself is marked on the interactions (``Interaction.analysis_pending``): a
lost queue message or a killed worker leaves the mark, and the next sweep finds it. A row
here exists for what an admin needs to see: a job that is running with progress, or one that
kept failing and waits for a replay. Nothing personal is kept: ids, counts and error kinds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow

JOB_KINDS = ("analyse_lead", "glossary_apply", "backfill")
JOB_STATES = ("pending", "running", "done", "failed")


class AnalysisJob(Base):
    __tablename__ = "analysis_jobs"
    __table_args__ = (Index("ix_analysis_jobs_state", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    # For analyse_lead jobs; an erased lead takes its parked jobs with it.
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    # The error's kind only (class, SQLSTATE): a message may quote lead data.
    error: Mapped[str | None] = mapped_column(String(500))
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int | None] = mapped_column()
    params: Mapped[dict | None] = mapped_column(JSON)  # e.g. {"batch_size": 256}
    result: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
