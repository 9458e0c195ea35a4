"""Talk tracks: marketing-owned templates with versions and weighted A/B variants.

A track (name, situation, optional topics) has immutable numbered versions. What reps get is
decided by its variants: each variant label (A, B, ...) points at one published version and
carries a weight. Publishing or rolling back moves a variant's pointer; archiving hides the
whole track from selection. Nothing is ever overwritten, so a brief can always say which
text the rep saw."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class TalkTrack(Base):
    __tablename__ = "talk_tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    situation: Mapped[str] = mapped_column(String(20), index=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)  # canonical topic names
    description: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TalkTrackVersion(Base):
    __tablename__ = "talk_track_versions"
    __table_args__ = (UniqueConstraint("track_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("talk_tracks.id", ondelete="CASCADE"))
    version: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)  # what changed, in the author's words
    author: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TalkTrackVariant(Base):
    __tablename__ = "talk_track_variants"
    __table_args__ = (UniqueConstraint("track_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("talk_tracks.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(20))
    # A share of the leads, relative to the other variants' weights; 0 pauses the variant.
    weight: Mapped[int] = mapped_column(default=100)
    # The published version; None while the variant is only a draft.
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("talk_track_versions.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by: Mapped[str | None] = mapped_column(String(254))
