"""The erasure log: what was erased, when and by which role, never whose data it was."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class Erasure(Base):
    """One GDPR Art. 17 erasure. No name, email or lead id: only counts and the actor's role.

    `email_hash` is set only when suppression was asked for: a keyed hash (HMAC-SHA256 with
    the installation's salt) that lets imports and webhooks recognise the person and refuse
    to bring them back, without storing the address."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_role: Mapped[str] = mapped_column(String(20))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class SuppressionSalt(Base):
    """The random per-installation key of the suppression hashes (one row, made on first use).

    Kept in the database so every worker and every restart hashes alike without a setting."""

    __tablename__ = "suppression_salt"

    id: Mapped[int] = mapped_column(primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))
