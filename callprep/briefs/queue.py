"""The rep's call queue page, from the brief service's queue: the page for the right owner,
the owners an admin may pick, and what each row shows beside the brief. No Flask here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.briefs.build import Brief, QueueItem, build_queue
from callprep.db import utcnow
from callprep.errors import Forbidden
from callprep.leads.service import queue_owner
from callprep.models import Lead, Outcome, User
from callprep.routing import assignments
from callprep.vocabulary import SITUATIONS


def queue_page(
    session: Session,
    principal: Principal,
    *,
    owner_email: str | None = None,
    situation: str | None = None,
    overdue: bool | None = None,
    page: int = 1,
    page_size: int = 25,
    now: datetime | None = None,
    unassigned: bool = False,
) -> tuple[list[QueueItem], int]:
    """One page of the call queue, best call first (the briefs service orders it).
    ``unassigned``: the unassigned queue the principal may see (Forbidden if none)."""
    if situation not in SITUATIONS:
        situation = None
    if unassigned:
        pool = unassigned_pool(session, principal)
        return build_queue(
            session,
            None,
            now or utcnow(),
            offset=(max(page, 1) - 1) * page_size,
            limit=page_size,
            situation=situation,
            overdue=overdue,
            unassigned=True,
            pool=pool,
        )
    return build_queue(
        session,
        queue_owner(principal, owner_email),
        now or utcnow(),
        offset=(max(page, 1) - 1) * page_size,
        limit=page_size,
        situation=situation,
        overdue=overdue,
    )


def unassigned_pool(session: Session, principal: Principal) -> str | None:
    """The pool whose unassigned leads the principal sees (None: all of them, for admins);
    Forbidden for anyone who sees no unassigned queue."""
    allowed, pool = assignments.visible_pools(session, principal)
    if not allowed:
        raise Forbidden("only admins and reps in a routing pool see the unassigned queue")
    return pool


def sees_unassigned(session: Session, principal: Principal) -> bool:
    return assignments.visible_pools(session, principal)[0]


def queue_owners(session: Session) -> list[tuple[str, str]]:
    """(email, label) of everyone who owns leads, for the admin's queue picker."""
    emails = session.scalars(
        select(Lead.owner_email).where(Lead.owner_email.is_not(None)).distinct()
    ).all()
    names = dict(session.execute(select(User.email, User.name).where(User.email.in_(emails))).all())
    return sorted(((email, names.get(email) or email) for email in emails), key=lambda o: o[1])


@dataclass
class QueueRowContext:
    """What a queue row shows beside the brief: the last call and the owner's name."""

    last_calls: dict[int, Outcome]
    owner_names: dict[str, str]


def queue_row_context(session: Session, items: Sequence[QueueItem]) -> QueueRowContext:
    """Two reads for the whole page: each lead's latest outcome, and the owners' names."""
    lead_ids = [item.lead["id"] for item in items]
    last_calls: dict[int, Outcome] = {}
    if lead_ids:
        latest = (
            select(func.max(Outcome.id))
            .where(Outcome.lead_id.in_(lead_ids))
            .group_by(Outcome.lead_id)
            .scalar_subquery()
        )
        for outcome in session.scalars(select(Outcome).where(Outcome.id.in_(latest))):
            last_calls[outcome.lead_id] = outcome
    owners = {item.lead.get("owner_email") for item in items} - {None}
    names = dict(
        session.execute(select(User.email, User.name).where(User.email.in_(owners))).all()
        if owners
        else []
    )
    return QueueRowContext(last_calls, {email: names.get(email) or email for email in owners})


def why_in_words(item: QueueItem | Brief) -> str:
    """'asked for a demo 40 minutes ago — due in 20 minutes'."""
    return " — ".join(item.priority.reasons)
