"""What marketing did to a talk track's variants, and when: the audit trail of the editor.

Variants (``talk_track_variants``) hold only what reps see now; this log keeps every publish,
roll-back, weight change and archive, so "roll back" can mean "what was published before"
and a report can say which text was live when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class TalkTrackChange(Base):
    __tablename__ = "talk_track_changes"
    __table_args__ = (Index("ix_talk_track_changes_track_at", "track_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("talk_tracks.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    variant: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int | None]  # the version number published (publish, rollback)
    weight: Mapped[int | None]
    by: Mapped[str | None] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
