"""What the brief asks of the jobs, without importing them (no spaCy in a web worker)."""

from __future__ import annotations

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from callprep.models import Interaction

PENDING_WARNING = (
    "Analysis of the newest interactions is still running: topics and facts may be incomplete."
)


def analysis_pending(session: Session, lead_id: int) -> bool:
    """Whether some of the lead's interactions are stored but not analysed yet (the brief
    says so); one probe of a small partial index."""
    return (
        session.scalar(
            select(Interaction.id)
            .where(Interaction.lead_id == lead_id, Interaction.analysis_pending == true())
            .limit(1)
        )
        is not None
    )
