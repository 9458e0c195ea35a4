"""The account around a lead, for its brief: the colleagues its rep works, what each did
lately, what the account reads about, and which other reps are already talking to it.

What a brief may show of colleagues (the same whoever asks, so the brief, its ETag and its
talk track do not depend on the caller): the lead's rep is the one who calls, so the brief
names the colleagues that rep owns, with titles and their most telling recent action. A
colleague owned by another rep is shown only as that rep's name, how many people they work
here and when they last logged a call ("Sam Rivera is working with 2 people here, last call
3 days ago"): a fact, never their notes, names or what those people did. Colleagues nobody
owns are a count. The account's topics add up its people's topic weights (names only).

Cost: five statements whatever the account's size (none for a lead without an account):
the account, the other reps' groups, the shown colleagues, their telling interactions, and
the topics of the account's most recently active people."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from callprep.leads.topic_weights import current_weight
from callprep.models import Company, Interaction, Lead, LeadActivity, LeadTopic, User
from callprep.spoken_time import relative
from callprep.trackengine.context import AccountView, ColleagueView, OtherRepView
from callprep.trackengine.phrasing import quoted, relative_time

COLLEAGUES_SHOWN = 5
# Older than this, an action is no news about the account: the colleague is listed without one.
RECENT = timedelta(days=30)
TOPICS_SHOWN = 5
# The account's topics come from its most recently active people, their strongest topics each.
TOPIC_PEOPLE = 30
TOPICS_PER_PERSON = 5

# Roles a title states, as the abbreviation a rep says. Only these: "Head of Finance" is not a
# CFO, so it stays its title.
_ROLES = (
    ("CEO", r"\bCEO\b|\bchief executive officer\b"),
    ("CFO", r"\bCFO\b|\bchief financial officer\b"),
    ("COO", r"\bCOO\b|\bchief operating officer\b"),
    ("CTO", r"\bCTO\b|\bchief technology officer\b"),
    ("CIO", r"\bCIO\b|\bchief information officer\b"),
    ("CISO", r"\bCISO\b|\bchief information security officer\b"),
    ("CMO", r"\bCMO\b|\bchief marketing officer\b"),
    ("CRO", r"\bCRO\b|\bchief revenue officer\b"),
)
_ROLE_PATTERNS = [(role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _ROLES]

# How each kind of interaction is said; {title} is the quoted title. Delivered emails are
# something we did, not the colleague, and never count.
_ACTIONS: dict[str, tuple[str, str]] = {
    "form_submission": ("filled in {title}", "filled in a form"),
    "content_download": ("downloaded {title}", "downloaded content"),
    "webinar_attended": ("attended the webinar {title}", "attended a webinar"),
    "event_attended": ("attended {title}", "attended an event"),
    "webinar_registered": ("registered for {title}", "registered for a webinar"),
    "web_visit": ("visited {title}", "visited the website"),
    "email_click": ("clicked a link in {title}", "clicked a link in an email"),
    "email_open": ("opened {title}", "opened an email"),
}


def role_of(title: str | None) -> str | None:
    """The role a title states ("Chief Financial Officer, EMEA" → "CFO"), else None."""
    if not title:
        return None
    return next((role for role, pattern in _ROLE_PATTERNS if pattern.search(title)), None)


def action_phrase(kind: str, title: str | None) -> str | None:
    said = _ACTIONS.get(kind)
    if said is None:
        return None
    shown = quoted(title, 60) if title and title.strip() else ""
    return said[0].format(title=shown) if shown else said[1]


@dataclass
class AccountSection:
    """The brief's ``account`` section, and the view a talk track reads (``view``)."""

    id: int
    view: AccountView
    colleagues: list[dict[str, Any]] = field(default_factory=list)
    more_colleagues: int = 0  # owned by the lead's rep beyond those shown
    other_reps: list[dict[str, Any]] = field(default_factory=list)
    unowned: int = 0
    topics: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.view.name,
            "domain": self.view.domain,
            "people": self.view.people,
            "colleagues": self.colleagues,
            "more_colleagues": self.more_colleagues,
            "other_reps": self.other_reps,
            "unowned": self.unowned,
            "topics": self.topics,
        }


def account_section(session: Session, lead: Lead, now: datetime) -> AccountSection | None:
    """The account around ``lead`` as of ``now``, or None when it has no account."""
    if lead.company_id is None:
        return None
    company = session.execute(_statements().company, {"company_id": lead.company_id}).first()
    if company is None:
        return None
    params = {"company_id": company.id, "lead_id": lead.id, "owner_email": lead.owner_email}
    groups = session.execute(_statements().groups, params).all()
    same_owner = next((g.people for g in groups if g.owner_email == lead.owner_email), 0)
    colleagues = _colleagues(session, lead, params) if same_owner else []
    view_colleagues, shown = _spoken(session, colleagues, now)
    other_reps = sorted(
        (g for g in groups if g.owner_email is not None and g.owner_email != lead.owner_email),
        key=lambda g: (-g.people, g.owner_name or g.owner_email),
    )
    unowned = next(
        (g.people for g in groups if g.owner_email is None and lead.owner_email is not None), 0
    )
    topics = _topics(session, company.id, now)
    view = AccountView(
        name=company.name,
        domain=company.domain,
        people=1 + sum(g.people for g in groups),
        colleagues=view_colleagues,
        topics=tuple(t["name"] for t in topics),
        other_reps=tuple(
            OtherRepView(name=g.owner_name, people=g.people, last_call_at=g.last_call_at)
            for g in other_reps
        ),
    )
    return AccountSection(
        id=company.id,
        view=view,
        colleagues=shown,
        more_colleagues=max(0, same_owner - len(shown)),
        other_reps=[
            {
                # The rep's name when they have a login; their address otherwise (a rep's
                # work address is no lead's personal data).
                "name": g.owner_name or g.owner_email,
                "people": g.people,
                "last_call_at": g.last_call_at,
                "summary": _other_rep_line(
                    g.owner_name or g.owner_email, g.people, g.last_call_at, now
                ),
            }
            for g in other_reps
        ],
        unowned=unowned,
        topics=topics,
    )


def _colleagues(session: Session, lead: Lead, params: dict[str, Any]) -> list[Any]:
    cached = _statements()
    statement = cached.unowned_colleagues if lead.owner_email is None else cached.colleagues
    return session.execute(statement, params).all()


# Which of a colleague's remembered interactions tells most: asking for sales, then turning
# up at an event, then reading our content, then anything else they did last.
_TELLING = ("hand_raise_id", "event_id", "download_id", "last_meaningful_id")


def _spoken(
    session: Session, colleagues: Sequence[Any], now: datetime
) -> tuple[tuple[ColleagueView, ...], list[dict[str, Any]]]:
    ids = {getattr(c, name) for c in colleagues for name in _TELLING} - {None}
    interactions = {}
    if ids:
        people = [c.id for c in colleagues]
        interactions = {
            row.id: row
            for row in session.execute(
                _statements().telling, {"ids": sorted(ids), "people": people}
            )
        }
    views, shown = [], []
    for colleague in colleagues:
        telling = None
        for name in _TELLING:
            found = interactions.get(getattr(colleague, name))
            if (
                found is not None
                and found.lead_id == colleague.id
                and found.type in _ACTIONS
                and timedelta(0) <= now - found.occurred_at <= RECENT
            ):
                telling = found
                break
        full = " ".join(p for p in (colleague.first_name, colleague.last_name) if p) or None
        view = ColleagueView(
            first_name=colleague.first_name,
            last_name=colleague.last_name,
            name=full,
            title=colleague.title,
            role=role_of(colleague.title),
            action=action_phrase(telling.type, telling.title) if telling else None,
            action_type=telling.type if telling else None,
            action_title=telling.title if telling else None,
            action_at=telling.occurred_at if telling else None,
        )
        views.append(view)
        shown.append(
            {
                "lead_id": colleague.id,
                "name": full,
                "title": colleague.title,
                "role": view.role,
                "action": view.action,
                "action_type": view.action_type,
                "action_at": view.action_at,
                "interaction_id": telling.id if telling else None,
                "last_active_at": colleague.last_meaningful_at,
                "summary": colleague_line(view, now),
            }
        )
    return tuple(views), shown


def colleague_line(colleague: ColleagueView, now: datetime) -> str:
    """ "Their CFO, Dana Whitfield, downloaded “Pricing Guide” yesterday." — the role only
    when the title states it, the action only from a stored interaction."""
    who = colleague.name or "A colleague"
    if colleague.role and colleague.name:
        who = f"Their {colleague.role}, {colleague.name},"
    elif colleague.title:
        who = f"{who} ({colleague.title})"
    if colleague.action is None:
        return f"{who.rstrip(',')}: nothing in the last {RECENT.days} days."
    return f"{who} {colleague.action} {relative_time(colleague.action_at, now)}."


def _other_rep_line(name: str, people: int, last_call: datetime | None, now: datetime) -> str:
    many = "1 person" if people == 1 else f"{people} people"
    call = f"last call {relative(last_call, now)}" if last_call else "no call logged yet"
    return f"{name} is working with {many} here, {call}."


def _topics(session: Session, company_id: int, now: datetime) -> list[dict[str, Any]]:
    """The account's topics: its people's current topic weights added up, with how many of
    them each topic comes from. Bounded: the 30 most recently active people, 5 topics each."""
    totals: dict[str, list[float]] = {}
    for row in session.execute(_statements().topics, {"company_id": company_id}):
        total = totals.setdefault(row.name, [0.0, 0])
        total[0] += current_weight(row.weight_log, now)
        total[1] += 1
    best = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))[:TOPICS_SHOWN]
    return [{"name": name, "score": round(score, 3), "people": n} for name, (score, n) in best]


@dataclass(frozen=True)
class _Statements:
    company: Any
    groups: Any
    colleagues: Any
    unowned_colleagues: Any
    telling: Any
    topics: Any


@lru_cache(maxsize=1)
def _statements() -> _Statements:
    """The section's reads, built once: building SQLAlchemy statements costs more than
    running these small indexed reads (as ``briefs.build`` found)."""
    company, lead = bindparam("company_id"), bindparam("lead_id")
    others = (Lead.company_id == company, Lead.id != lead)
    groups = (
        select(
            Lead.owner_email,
            func.max(User.name).label("owner_name"),
            func.count().label("people"),
            func.max(LeadActivity.last_outcome_at).label("last_call_at"),
        )
        .select_from(Lead)
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .outerjoin(User, User.email == Lead.owner_email)
        .where(*others)
        .group_by(Lead.owner_email)
    )

    def colleagues(owner: Any) -> Any:
        return (
            select(
                Lead.id,
                Lead.first_name,
                Lead.last_name,
                Lead.title,
                LeadActivity.last_meaningful_at,
                LeadActivity.last_meaningful_id,
                LeadActivity.hand_raise_id,
                LeadActivity.event_id,
                LeadActivity.download_id,
            )
            .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
            .where(*others, owner)
            .order_by(LeadActivity.last_meaningful_at.desc().nulls_last(), Lead.id)
            .limit(COLLEAGUES_SHOWN)
        )

    telling = select(
        Interaction.id,
        Interaction.lead_id,
        Interaction.type,
        Interaction.title,
        Interaction.occurred_at,
    ).where(
        Interaction.id.in_(bindparam("ids", expanding=True)),
        Interaction.lead_id.in_(bindparam("people", expanding=True)),
    )
    people = (
        select(Lead.id)
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .where(Lead.company_id == company)
        .order_by(LeadActivity.last_meaningful_at.desc().nulls_last(), Lead.id)
        .limit(TOPIC_PEOPLE)
        .scalar_subquery()
    )
    ranked = (
        select(
            LeadTopic.lead_id,
            LeadTopic.name,
            LeadTopic.weight_log,
            func.row_number()
            .over(partition_by=LeadTopic.lead_id, order_by=LeadTopic.weight_log.desc())
            .label("rank"),
        )
        .where(LeadTopic.lead_id.in_(people))
        .subquery()
    )
    topics = select(ranked.c.lead_id, ranked.c.name, ranked.c.weight_log).where(
        ranked.c.rank <= TOPICS_PER_PERSON
    )
    return _Statements(
        company=select(Company.id, Company.name, Company.domain).where(Company.id == company),
        groups=groups,
        colleagues=colleagues(Lead.owner_email == bindparam("owner_email")),
        unowned_colleagues=colleagues(Lead.owner_email.is_(None)),
        telling=telling,
        topics=topics,
    )
