"""The erasure hook: a lead's alerts hold its name and opener, so they go with it."""

from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from callprep.models import Alert, AlertDelivery, AlertDeliveryItem, Lead


def erase_alerts(session: Session, lead: Lead) -> dict[str, int]:
    """Delete the lead's alerts and its place in deliveries. A digest that also carried
    other leads keeps their alerts (its text is composed from the alerts when sent); a
    delivery left with no alert is deleted."""
    alert_ids = select(Alert.id).where(Alert.lead_id == lead.id)
    items = session.execute(
        delete(AlertDeliveryItem).where(AlertDeliveryItem.alert_id.in_(alert_ids)),
        execution_options={"synchronize_session": False},
    ).rowcount
    empty = ~exists().where(AlertDeliveryItem.delivery_id == AlertDelivery.id)
    deliveries = session.execute(
        delete(AlertDelivery).where(empty), execution_options={"synchronize_session": False}
    ).rowcount
    alerts = session.execute(
        delete(Alert).where(Alert.lead_id == lead.id),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"alerts": alerts, "alert_delivery_items": items, "alert_deliveries": deliveries}
