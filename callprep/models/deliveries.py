"""Webhook deliveries as received: what each one stored and what it skipped, and why.

A delivery is answered 2xx for every event it stored or knowingly skipped; the skipped
ones are kept here (index, event type, the sender's event id, the reason), so an operator
can list them instead of losing them silently. Nothing personal is kept: no email, no
names, no values of rejected fields."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from callprep.db import Base, UTCDateTime, utcnow


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_skipped", "skipped", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(50))  # webhook, hubspot, mautic
    events: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    leads_created: Mapped[int] = mapped_column(default=0)
    leads_updated: Mapped[int] = mapped_column(default=0)
    suppressed: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    # [{"index": 3, "event": "mautic.page_on_hit", "external_id": "...", "reason": "..."}]
    skips: Mapped[list] = mapped_column(JSON, default=list)
