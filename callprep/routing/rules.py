"""The routing rules as data: list, add, change, reorder, delete. Each rule is checked here
(the API and the page share it), so a bad rule is refused with the field named and nothing
stored. Services take a session and plain values and flush; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.accounts.users import normalise_email
from callprep.errors import InvalidInput, NotFound
from callprep.models import RoutingRule
from callprep.models.routing import RULE_KINDS
from callprep.routing.territories import country_code

RULE_FIELDS = ("kind", "name", "countries", "regions", "states", "owner_email", "team", "pool")
_CACHE_KEY = "callprep.routing.rules"


def list_rules(session: Session) -> list[RoutingRule]:
    return list(session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)))


def active_rules(session: Session) -> list[RoutingRule]:
    """The rules in order, read once per transaction (a bulk import routes many batches)."""
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE_KEY)
    if cached is not None and cached[0] is transaction:
        return cached[1]
    rules = [rule for rule in list_rules(session) if rule.active]
    session.info[_CACHE_KEY] = (transaction, rules)
    return rules


def _forget_cached(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)


def get_rule(session: Session, rule_id: int) -> RoutingRule:
    rule = session.get(RoutingRule, rule_id) if 0 < rule_id < 2**31 else None
    if rule is None:
        raise NotFound(f"routing rule {rule_id} not found")
    return rule


def checked_rule(data: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's fields, normalised, or InvalidInput naming every wrong field."""
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in RULE_KINDS:
        errors["kind"] = [f"must be one of {', '.join(RULE_KINDS)}"]
    rule = {
        "kind": kind,
        "name": _text(data.get("name")),
        "countries": [],
        "regions": _texts(data.get("regions")),
        "states": _texts(data.get("states")),
        "owner_email": normalise_email(data["owner_email"]) if data.get("owner_email") else None,
        "team": _text(data.get("team")),
        "pool": _text(data.get("pool")),
        "active": bool(data.get("active", True)),
    }
    for index, value in enumerate(_texts(data.get("countries"))):
        code = country_code(value)
        if code is None:
            errors.setdefault("countries", []).append(
                f"item {index}: {value!r} is not a country (use an ISO code or its name)"
            )
        elif code not in rule["countries"]:
            rule["countries"].append(code)
    conditions = rule["countries"] or rule["regions"] or rule["states"]
    if kind == "account_owner" and (conditions or rule["team"] or rule["owner_email"]):
        errors.setdefault("kind", []).append(
            "account_owner takes no conditions, owner or team: it follows the account"
        )
    if kind == "territory":
        if not conditions and "countries" not in errors:
            errors["countries"] = ["a territory needs at least one country, region or state"]
        if bool(rule["owner_email"]) == bool(rule["team"]):
            errors["owner_email"] = ["give exactly one of owner_email or team"]
    if kind == "round_robin":
        if not rule["team"]:
            errors["team"] = ["round_robin needs a team"]
        if rule["owner_email"]:
            errors["owner_email"] = ["round_robin assigns within its team, not to one owner"]
    if kind == "fallback":
        if not rule["pool"]:
            errors["pool"] = ["fallback needs the pool whose unassigned queue the lead waits in"]
        if rule["owner_email"] or rule["team"]:
            errors["owner_email"] = ["fallback leaves the lead unassigned: no owner or team"]
    if errors:
        raise InvalidInput("the routing rule is not valid", errors=errors)
    return rule


def _text(value: Any) -> str | None:
    text = (value or "").strip() if isinstance(value, str) else None
    return text or None


def _texts(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values or ():
        text = _text(value)
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen.append(text)
    return seen


def create_rule(
    session: Session, data: Mapping[str, Any], position: int | None = None
) -> RoutingRule:
    """Add a rule at ``position`` (1 is first; default: last)."""
    fields = checked_rule(data)
    rules = list_rules(session)
    rule = RoutingRule(position=0, **fields)
    session.add(rule)
    at = len(rules) if position is None else max(0, min(position - 1, len(rules)))
    rules.insert(at, rule)
    _number(rules)
    session.flush()
    _forget_cached(session)
    return rule


def update_rule(session: Session, rule: RoutingRule, data: Mapping[str, Any]) -> RoutingRule:
    for name, value in checked_rule(data).items():
        setattr(rule, name, value)
    session.flush()
    _forget_cached(session)
    return rule


def delete_rule(session: Session, rule: RoutingRule) -> None:
    session.delete(rule)
    session.flush()
    _number(list_rules(session))
    session.flush()
    _forget_cached(session)


def reorder_rules(session: Session, rule_ids: Sequence[int]) -> list[RoutingRule]:
    """Put the rules in this order; ``rule_ids`` must name every rule exactly once."""
    rules = {rule.id: rule for rule in list_rules(session)}
    if sorted(rule_ids) != sorted(rules):
        raise InvalidInput(
            "send every rule's id exactly once, in the new order",
            errors={"ids": [f"expected a permutation of {sorted(rules)}"]},
        )
    ordered = [rules[rule_id] for rule_id in rule_ids]
    _number(ordered)
    session.flush()
    _forget_cached(session)
    return ordered


def move_rule(session: Session, rule: RoutingRule, step: int) -> list[RoutingRule]:
    """One place up (step -1) or down (+1): the page's arrows."""
    rules = list_rules(session)
    at = rules.index(rule)
    to = max(0, min(at + step, len(rules) - 1))
    rules.insert(to, rules.pop(at))
    return reorder_rules(session, [r.id for r in rules])


def _number(rules: Sequence[RoutingRule]) -> None:
    for position, rule in enumerate(rules, start=1):
        rule.position = position


def describe(rule: RoutingRule) -> str:
    """The rule in a sentence, for the page and the API."""
    where = territory_label(rule) if rule.kind == "territory" else _conditions(rule)
    if rule.kind == "account_owner":
        return "the owner of another lead at the same company (email domain)"
    if rule.kind == "territory":
        target = rule.owner_email or f"round-robin in {rule.team}"
        return f"leads in {where} go to {target}"
    if rule.kind == "round_robin":
        scope = f"leads in {where}" if where else "every lead"
        return f"{scope}: round-robin in {rule.team}, skipping reps marked away"
    scope = f"leads in {where}" if where else "every lead still without an owner"
    return f"{scope} wait in the {rule.pool} unassigned queue"


def territory_label(rule: RoutingRule) -> str:
    """A territory by its name ("DACH") or its conditions ("DE, AT")."""
    return rule.name or _conditions(rule)


def _conditions(rule: RoutingRule) -> str:
    return ", ".join([*rule.countries, *rule.regions, *rule.states])
