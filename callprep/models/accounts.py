from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callprep.db import Base, UTCDateTime, utcnow

USER_ROLES = ("admin", "marketing", "rep")
KEY_ROLES = ("admin", "marketing", "rep", "integration")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An IANA zone ("Europe/Berlin") for the times on the pages; detected at first login.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    # Routing: the rep's round-robin team, whether they are away (skipped), and the
    # unassigned queue (pool) they see and may take leads from.
    team: Mapped[str | None] = mapped_column(String(100))
    away: Mapped[bool] = mapped_column(default=False, server_default=false())
    routing_pool: Mapped[str | None] = mapped_column(String(100))


class ApiKey(Base):
    """Only a hash of the key is kept; the prefix lets people tell their keys apart."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship(lazy="joined")
