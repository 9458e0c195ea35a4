"""Alerts: who wants to be told and how, what they were told about, and each delivery.

An ``Alert`` is one trigger (a hand-raise, a researcher crossing the priority threshold) for
one recipient; it holds the words composed from the brief (name, opener, reason, deadline),
so it is personal data and erased with the lead. An ``AlertDelivery`` is one message on one
channel carrying one alert or a digest of several (``alert_delivery_items``); a delivery that
kept failing stays as a dead letter (state "dead") for an admin to list and replay."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow

CHANNEL_KINDS = ("slack", "teams", "email", "webhook")
ALERT_REASONS = ("hand_raise", "priority", "test")
ALERT_STATES = ("pending", "queued", "sent", "dead")
DELIVERY_STATES = ("pending", "sent", "dead")


class AlertPreference(Base):
    """A user's alert settings. Without a row a user gets email to their own address when
    SMTP is configured (callprep.alerts.preferences)."""

    __tablename__ = "alert_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    # [{"kind": "slack", "target": "https://hooks.slack.com/..."}, {"kind": "webhook",
    #   "target": "https://...", "secret": "..."}]
    channels: Mapped[list] = mapped_column(JSON, default=list)
    # "HH:MM" in the user's time zone; both set or both empty.
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    digest_seconds: Mapped[int] = mapped_column(default=60)
    priority_alerts: Mapped[bool] = mapped_column(default=False)
    # Admins: also alert for leads that have no owner.
    unassigned: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("user_id", "trigger_key"),
        Index("ix_alerts_user_state", "user_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(20))
    # "hand_raise:<interaction id>": the same hand-raise never alerts the same user twice.
    trigger_key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    opening_line: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[str | None] = mapped_column(String(200))
    follow_up_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    deliver_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertDelivery(Base):
    __tablename__ = "alert_deliveries"
    __table_args__ = (Index("ix_alert_deliveries_user_state", "user_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(500))
    # The outbound webhook's signing secret (that channel only).
    secret: Mapped[str | None] = mapped_column(String(100))
    digest: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The error's kind and status ("HTTP 500", "timeout"), never the target or the text.
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AlertDeliveryItem(Base):
    __tablename__ = "alert_delivery_items"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("alert_deliveries.id", ondelete="CASCADE"), primary_key=True
    )
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
