"""Routing a new lead: the rules in order, the first that decides wins. Runs inside the
transaction that creates the leads, for a whole batch at once: the rules (read once per
transaction), the account owners of the batch's domains, the teams' reps and each used
team's round-robin row (locked on PostgreSQL, in team order so two ingests cannot deadlock)
are a few statements whatever the batch size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from callprep.companies.domains import company_domain
from callprep.models import Lead, LeadAssignment, RoundRobinState, RoutingRule, User
from callprep.routing.rules import active_rules, territory_label
from callprep.routing.territories import country_code, state_key, text_key

GIVEN_BY_SOURCE = "given by the source"
NO_RULE = "unassigned: no routing rule matched"
ROUTING = "routing"
SOURCE = "source"


@dataclass(frozen=True)
class Assignment:
    """Who gets a lead and why; owner None means it waits in the (pool's) unassigned queue."""

    owner_email: str | None
    reason: str
    pool: str | None = None
    rule_id: int | None = None
    assigned_by: str = ROUTING


@dataclass(frozen=True)
class _Follow:
    """Owned like the batch's earlier lead (by index) of the same account."""

    leader: int
    rule_id: int


@dataclass
class _Rotation:
    """A team's round-robin for one batch: the eligible reps in a fixed order, the last one."""

    team: str
    members: list[str]
    last: str | None = None
    given: int = 0

    def next(self) -> str:
        later = [email for email in self.members if self.last is None or email > self.last]
        self.last = (later or self.members)[0]
        self.given += 1
        return self.last


def route_new_leads(session: Session, rows: Sequence[dict[str, Any]]) -> list[Assignment]:
    """Decide each new lead's owner and set its routing columns in ``rows`` (plain dicts about
    to be inserted, email normalised): ``owner_email``, ``routing_reason``, ``routing_pool``
    and ``company_domain``. An owner given by the source is kept. One Assignment per row."""
    for row in rows:
        row["company_domain"] = company_domain(row.get("email"))
    rules = active_rules(session)
    open_rows = [row for row in rows if not row.get("owner_email")]
    away_or_gone = _unavailable(session, open_rows)
    teams = _team_members(session, rules) if open_rows else {}
    account_owners = (
        _account_owners(session, {r["company_domain"] for r in open_rows} - {None}, away_or_gone)
        if any(rule.kind == "account_owner" for rule in rules)
        else {}
    )
    # A round-robin turn is taken after the locks (below); a colleague later in the batch
    # follows that first lead of its account (_Follow).
    leaders: dict[str, int] = {}
    decided: list[Assignment | tuple[RoutingRule, str] | _Follow | None] = []
    for index, row in enumerate(rows):
        domain = row["company_domain"]
        if row.get("owner_email"):
            decided.append(Assignment(row["owner_email"], GIVEN_BY_SOURCE, assigned_by=SOURCE))
            if domain and domain not in account_owners and row["owner_email"] not in away_or_gone:
                account_owners[domain] = row["owner_email"]
            continue
        choice = _first_decision(rules, row, account_owners, away_or_gone, teams, leaders)
        decided.append(choice)
        if domain and isinstance(choice, Assignment) and choice.owner_email:
            account_owners.setdefault(domain, choice.owner_email)
        elif domain and isinstance(choice, tuple) and domain not in account_owners:
            leaders.setdefault(domain, index)
    # Round-robin turns last, under each team's lock, teams in name order.
    needed = sorted({choice[1] for choice in decided if isinstance(choice, tuple)})
    rotations = {team: _lock_rotation(session, team, teams[team]) for team in needed}
    assignments: list[Assignment] = []
    for row, choice in zip(rows, decided, strict=True):
        if isinstance(choice, tuple):
            rule, team = choice
            owner = rotations[team].next()
            reason = f"round-robin in {team}"
            if rule.kind == "territory":
                reason = f"territory {territory_label(rule)}: {reason}"
            choice = Assignment(owner, reason, rule_id=rule.id)
        elif isinstance(choice, _Follow):
            owner = assignments[choice.leader].owner_email
            choice = Assignment(
                owner, f"account owner of {row['company_domain']}", rule_id=choice.rule_id
            )
        elif choice is None:
            choice = Assignment(None, NO_RULE)
        assignments.append(choice)
        row["owner_email"] = choice.owner_email
        row["routing_reason"] = choice.reason
        row["routing_pool"] = choice.pool
    for rotation in rotations.values():
        _save_rotation(session, rotation)
    return assignments


def _first_decision(
    rules: Sequence[RoutingRule],
    row: Mapping[str, Any],
    account_owners: Mapping[str, str],
    away_or_gone: set[str],
    teams: Mapping[str, list[str]],
    leaders: Mapping[str, int],
) -> Assignment | tuple[RoutingRule, str] | _Follow | None:
    """The first rule that decides: an Assignment, (rule, team) for a round-robin turn, or
    _Follow when an earlier lead of the batch from the same account takes a turn."""
    for rule in rules:
        if rule.kind == "account_owner":
            domain = row.get("company_domain")
            if domain and domain in account_owners:
                return Assignment(
                    account_owners[domain], f"account owner of {domain}", rule_id=rule.id
                )
            if domain and domain in leaders:
                return _Follow(leaders[domain], rule.id)
            continue
        if not matches_territory(rule, row):
            continue
        if rule.kind == "fallback":
            return Assignment(
                None, f"unassigned: waiting in the {rule.pool} queue", rule.pool, rule.id
            )
        if rule.owner_email:
            if rule.owner_email in away_or_gone:
                continue
            return Assignment(
                rule.owner_email, f"territory {territory_label(rule)}", rule_id=rule.id
            )
        if teams.get(rule.team):
            return (rule, rule.team)
    return None


def matches_territory(rule: RoutingRule, row: Mapping[str, Any]) -> bool:
    """Every condition the rule sets is met (a rule without conditions matches every lead)."""
    country = country_code(row.get("country"))
    if rule.countries and country not in rule.countries:
        return False
    if rule.regions and text_key(row.get("region")) not in {text_key(r) for r in rule.regions}:
        return False
    if rule.states:
        state = state_key(country, row.get("state"))
        if state is None or state not in {state_key(country, s) for s in rule.states}:
            return False
    return True


def _team_members(session: Session, rules: Sequence[RoutingRule]) -> dict[str, list[str]]:
    """Each team's reps who can take a lead now (active, not away), in email order."""
    names = {rule.team for rule in rules if rule.team}
    if not names:
        return {}
    members: dict[str, list[str]] = {name: [] for name in names}
    for team, email in session.execute(
        select(User.team, User.email)
        .where(User.team.in_(names), User.active, ~User.away, User.role.in_(("rep", "admin")))
        .order_by(User.email)
    ):
        members[team].append(email)
    return members


def _unavailable(session: Session, rows: Sequence[Mapping[str, Any]]) -> set[str]:
    """Owners routing must pass over: users marked away or no longer active. (An owner who
    is not a callprep user, a CRM-only rep, is taken as available.)"""
    if not rows:
        return set()
    return set(session.scalars(select(User.email).where(User.away | ~User.active)))


def _account_owners(session: Session, domains: set[str], unavailable: set[str]) -> dict[str, str]:
    """Per company domain, the owner of most of its leads (ties: the earliest lead's)."""
    if not domains:
        return {}
    counts: dict[str, Counter] = {}
    first: dict[tuple[str, str], int] = {}
    for domain, owner, count, earliest in session.execute(
        select(Lead.company_domain, Lead.owner_email, func.count(), func.min(Lead.id))
        .where(Lead.company_domain.in_(domains), Lead.owner_email.is_not(None))
        .group_by(Lead.company_domain, Lead.owner_email)
    ):
        if owner in unavailable:
            continue
        counts.setdefault(domain, Counter())[owner] = count
        first[(domain, owner)] = earliest
    return {
        domain: min(owners, key=lambda o, d=domain: (-owners[o], first[(d, o)]))
        for domain, owners in counts.items()
    }


def _lock_rotation(session: Session, team: str, members: list[str]) -> _Rotation:
    """The team's round-robin row, created if new and locked until the transaction ends
    (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one writer at a time anyway)."""
    dialect = session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(upsert(RoundRobinState).values(team=team, assigned=0).on_conflict_do_nothing())
    state = session.execute(
        select(RoundRobinState.last_email).where(RoundRobinState.team == team).with_for_update()
    ).scalar_one_or_none()
    return _Rotation(team, members, state)


def _save_rotation(session: Session, rotation: _Rotation) -> None:
    row = session.get(RoundRobinState, rotation.team, populate_existing=True)
    row.last_email = rotation.last
    row.assigned = (row.assigned or 0) + rotation.given
    session.flush()


def record_assignments(
    session: Session,
    lead_ids: Mapping[str, int],
    rows: Sequence[Mapping[str, Any]],
    assignments: Sequence[Assignment],
) -> None:
    """The history rows of the leads actually created (``lead_ids``: email -> id), in one
    INSERT."""
    values = [
        {
            "lead_id": lead_ids[row["email"]],
            "owner_email": choice.owner_email,
            "pool": choice.pool,
            "reason": choice.reason,
            "rule_id": choice.rule_id,
            "assigned_by": choice.assigned_by,
        }
        for row, choice in zip(rows, assignments, strict=True)
        if row["email"] in lead_ids
    ]
    if values:
        # A Core executemany: the ORM's bulk insert would split the rows by which values
        # are None (one statement per run of alike rows).
        session.execute(insert(LeadAssignment.__table__), values)
