"""Changing a lead's owner by hand (an admin assigns or unassigns, a rep in the pool takes an
unassigned lead), each change recorded with its reason; the unassigned queues a person may
see; and the routing side of a user (team, away, pool)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal, normalise_email
from callprep.errors import InvalidInput, NotFound
from callprep.models import Lead, LeadAssignment, User
from callprep.routing.engine import Assignment


def record(session: Session, lead: Lead, assignment: Assignment) -> LeadAssignment:
    """Set the lead's owner, reason and pool and add the history row."""
    lead.owner_email = assignment.owner_email
    lead.routing_reason = assignment.reason
    lead.routing_pool = assignment.pool
    entry = LeadAssignment(
        lead_id=lead.id,
        owner_email=assignment.owner_email,
        pool=assignment.pool,
        reason=assignment.reason,
        rule_id=assignment.rule_id,
        assigned_by=assignment.assigned_by,
    )
    session.add(entry)
    session.flush()
    return entry


def history(session: Session, lead: Lead) -> list[LeadAssignment]:
    """The lead's assignments, newest first."""
    return list(
        session.scalars(
            select(LeadAssignment)
            .where(LeadAssignment.lead_id == lead.id)
            .order_by(LeadAssignment.id.desc())
        )
    )


def user_of(session: Session, principal: Principal) -> User | None:
    return session.get(User, principal.user_id) if principal.user_id else None


def sees_unassigned(user: User) -> bool:
    """Whether the user sees an unassigned queue: admins, and reps given a routing pool."""
    return user.role == "admin" or (user.role == "rep" and bool(user.routing_pool))


def visible_pools(session: Session, principal: Principal) -> tuple[bool, str | None]:
    """(may see an unassigned queue, the pool it is limited to; None: every pool). Admins see
    every unassigned lead; a rep with a pool sees that pool's leads and those in no pool."""
    if principal.role == "admin":
        return True, None
    if principal.role != "rep":
        return False, None
    user = user_of(session, principal)
    if user is None or not sees_unassigned(user):
        return False, None
    return True, user.routing_pool


def can_take(session: Session, principal: Principal, lead: Lead) -> bool:
    allowed, pool = visible_pools(session, principal)
    return (
        allowed and lead.owner_email is None and (pool is None or lead.routing_pool in (None, pool))
    )


def assign_lead(
    session: Session, principal: Principal, lead: Lead, owner_email: str | None
) -> LeadAssignment:
    """Admins give the lead to any active rep or admin, or put it back in the unassigned
    queue (None). A rep may only take an unassigned lead of their pool for themselves;
    anything else is NotFound (the lead is not theirs to see)."""
    actor = principal.email or principal.role
    owner = normalise_email(owner_email) if owner_email else None
    if principal.role != "admin":
        if not (owner and owner == principal.email and can_take(session, principal, lead)):
            raise NotFound(f"lead {lead.id} not found")
        return record(session, lead, Assignment(owner, f"taken by {owner}", assigned_by=actor))
    if owner is None:
        pool = lead.routing_pool
        return record(
            session,
            lead,
            Assignment(None, f"put back in the unassigned queue by {actor}", pool, None, actor),
        )
    user = session.scalar(select(User).where(User.email == owner))
    if user is None or not user.active or user.role not in ("rep", "admin"):
        raise InvalidInput(
            "the owner must be an active rep or admin",
            errors={"owner_email": ["no active rep or admin with this email"]},
        )
    return record(session, lead, Assignment(owner, f"assigned by {actor}", assigned_by=actor))


def owner_changed_by_edit(session: Session, lead: Lead, actor: str) -> None:
    """A lead's owner set through the leads API (PATCH): recorded like any other change."""
    reason = (
        f"set through the leads API by {actor}"
        if lead.owner_email
        else (f"owner removed through the leads API by {actor}")
    )
    record(session, lead, Assignment(lead.owner_email, reason, lead.routing_pool, None, actor))


def routing_users(session: Session) -> list[User]:
    """The people routing can give leads to (reps and admins), by email."""
    return list(
        session.scalars(select(User).where(User.role.in_(("rep", "admin"))).order_by(User.email))
    )


def set_user_routing(session: Session, user_id: int, data: Mapping[str, Any]) -> User:
    """A rep's team, away flag and pool (only the fields given)."""
    user = session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise NotFound(f"user {user_id} not found")
    for name in ("team", "routing_pool"):
        if name in data:
            value = data[name]
            setattr(user, name, value.strip() or None if isinstance(value, str) else None)
    if "away" in data:
        user.away = bool(data["away"])
    session.flush()
    return user


def erase_assignments(session: Session, lead: Lead) -> dict[str, int]:
    """Erasure: the lead's assignment history goes (its reasons may name its company)."""
    count = session.execute(
        delete(LeadAssignment).where(LeadAssignment.lead_id == lead.id)
    ).rowcount
    return {"lead_assignments": count}
