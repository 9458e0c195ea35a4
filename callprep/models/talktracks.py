"""Talk tracks: marketing-owned templates with versions and weighted A/B variants.

A track (name, situation, optional topics) has immutable numbered versions. What reps get is
decided by its variants: each variant label (A, B, ...) points at one published version and
carries a weight. Publishing or rolling back moves a variant's pointer; archiving hides the
whole track from selection. Nothing is ever overwritten, so a brief can always say which
text the rep saw."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
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
    # How leads are split between the variants: "weights" (marketing's fixed weights) or
    # "thompson" (shares recomputed from each variant's meetings, above per-variant floors).
    allocation: Mapped[str] = mapped_column(String(10), default="weights", server_default="weights")
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
    # The marketer's short name for what this variant's opener does ("ROI angle"), so a brief
    # can say which opener worked in words a rep understands.
    angle: Mapped[str | None] = mapped_column(String(60))
    # Thompson allocation: the least share of leads this variant keeps (percent), and the
    # share the latest allocation gave it (0..1; None until one was computed).
    floor: Mapped[int] = mapped_column(default=0, server_default="0")
    share: Mapped[float | None]


class TalkTrackAllocation(Base):
    """One Thompson-sampling allocation of a track's leads between its variants: when, and per
    variant the share given and the calls and meetings it was computed from. Never edited, so
    the A/B report can show how the split moved."""

    __tablename__ = "talk_track_allocations"
    __table_args__ = (Index("ix_talk_track_allocations_track_computed", "track_id", "computed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("talk_tracks.id", ondelete="CASCADE"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What made it: "mode" (Thompson switched on or floors changed), "outcomes", "command".
    reason: Mapped[str] = mapped_column(String(20))
    # [{"variant", "share", "floor", "calls", "meetings"}], by variant label.
    shares: Mapped[list] = mapped_column(JSON, default=list)
    # The newest outcome counted and the Monte Carlo seed: the allocation can be recomputed.
    newest_outcome_id: Mapped[int | None]
    seed: Mapped[int] = mapped_column(default=0)
