"""Battlecards: marketing's short answer to each competitor a lead may name.

A card (one competitor, with aliases) has immutable numbered versions (how we differ, the
landmine questions, one proof point); at most one is published. Every name a card answers to
(its competitor and aliases, case-folded) is a row of ``battlecard_names``, so the brief finds
the cards for a lead's competitor facts with one indexed read, and no name belongs to two
cards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class Battlecard(Base):
    __tablename__ = "battlecards"

    id: Mapped[int] = mapped_column(primary_key=True)
    competitor: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    # The published version's number; None while every version is a draft.
    published_version: Mapped[int | None]
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by: Mapped[str | None] = mapped_column(String(254))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class BattlecardName(Base):
    __tablename__ = "battlecard_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("battlecards.id", ondelete="CASCADE"))
    # The competitor's name or an alias, case-folded (up to 3 characters per character).
    name_key: Mapped[str] = mapped_column(String(300), unique=True)


class BattlecardVersion(Base):
    __tablename__ = "battlecard_versions"
    __table_args__ = (UniqueConstraint("card_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("battlecards.id", ondelete="CASCADE"))
    version: Mapped[int]
    differ: Mapped[str] = mapped_column(Text)
    landmines: Mapped[list] = mapped_column(JSON, default=list)
    proof: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
