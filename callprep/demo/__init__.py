"""The demo data set: Joe the hand-raiser, Jon the researcher and a few dozen more leads.

Times in demo_data.json are relative ("40m", "3d" before now) so the demo is always current;
events carry stable external ids, so loading twice changes nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.accounts import users as accounts
from callprep.battlecards import store as battlecards
from callprep.db import utcnow
from callprep.demo.clock import parse_ago
from callprep.demo.outcomes import load_demo_outcomes
from callprep.ingest import events as ingest
from callprep.leads import service as leads
from callprep.models import ApiKey, User
from callprep.routing import rules as routing_rules

DEMO_PASSWORD = "callprep-demo"  # noqa: S105 - documented demo login, demo users only
DEMO_KEY_NAME = "demo console"
DEMO_AUTHOR = "callprep demo"


@dataclass
class DemoSummary:
    users: list[tuple[str, str]] = field(default_factory=list)
    leads_created: int = 0
    leads_total: int = 0
    interactions_created: int = 0
    outcomes_created: int = 0
    battlecards_created: int = 0

    def describe(self) -> str:
        return (
            f"demo data: {self.leads_total} leads ({self.leads_created} new), "
            f"{self.interactions_created} new interactions, {len(self.users)} users, "
            f"{self.outcomes_created} new demo call outcomes, "
            f"{self.battlecards_created} new battlecards"
        )


def demo_battlecards() -> list[dict[str, Any]]:
    text = resources.files("callprep.demo").joinpath("demo_battlecards.json").read_text()
    return json.loads(text)["battlecards"]


def load_demo_battlecards(session: Session) -> int:
    """The demo's battlecards for the competitors its leads name. A card any of whose names
    already finds a card (the demo loaded before, or marketing wrote their own) is skipped."""
    known = {
        battlecards.name_key(name)
        for card in battlecards.list_cards(session)
        for name in (card.competitor, *card.aliases)
    }
    created = 0
    for spec in demo_battlecards():
        names = {battlecards.name_key(n) for n in (spec["competitor"], *spec.get("aliases", []))}
        if names & known:
            continue
        fields = {k: v for k, v in spec.items() if k != "publish"}
        card = battlecards.create_card(session, **fields, changed_by=DEMO_AUTHOR)
        if spec.get("publish"):
            battlecards.publish(session, card.id, 1, by=DEMO_AUTHOR)
        known |= names
        created += 1
    return created


def demo_data() -> dict[str, Any]:
    return json.loads(resources.files("callprep.demo").joinpath("demo_data.json").read_text())


def load_demo(
    session: Session, data: dict[str, Any] | None = None, now: datetime | None = None
) -> DemoSummary:
    with_calls = data is None  # the shipped data set comes with its history of calls
    data = data if data is not None else demo_data()
    now = now or utcnow()
    summary = DemoSummary()
    for spec in data["users"]:
        email = accounts.normalise_email(spec["email"])
        if session.scalar(select(User.id).where(User.email == email)) is None:
            user = accounts.create_user(
                session,
                email=email,
                role=spec["role"],
                password=DEMO_PASSWORD,
                name=spec.get("name"),
            )
            # Routing: the reps' round-robin team and the unassigned queue they work.
            user.team = spec.get("team")
            user.routing_pool = spec.get("routing_pool")
        summary.users.append((email, spec["role"]))
    # The demo's routing rules, before its leads arrive; rules an admin made are kept.
    if data.get("routing_rules") and not routing_rules.list_rules(session):
        for rule in data["routing_rules"]:
            routing_rules.create_rule(session, rule)
    for spec in data["leads"]:
        lead = leads.find_lead_by_email(session, spec["email"])
        if lead is None:
            fields = {k: v for k, v in spec.items() if k not in ("key", "interactions")}
            lead = leads.create_lead(session, fields)
            summary.leads_created += 1
        summary.leads_total += 1
        items = [
            {
                **{k: v for k, v in item.items() if k != "ago"},
                "occurred_at": parse_ago(item["ago"], now),
            }
            for item in spec.get("interactions", [])
        ]
        if items:
            result = ingest.add_interactions(session, lead, items)
            summary.interactions_created += len(result.created)
    session.flush()
    if with_calls:
        # Answers for the competitors the shipped leads name (Marcus's comment).
        summary.battlecards_created = load_demo_battlecards(session)
        # A few weeks of made-up calls (marked demo), so the reports are not empty.
        summary.outcomes_created = load_demo_outcomes(session, now)
    return summary


def demo_console_key(session: Session, secret: str | None = None) -> str:
    """The admin key for the person running the demo.

    With the app's secret the key is derived from it, so every `serve --demo` prints the same
    working key (a revoked one is replaced by the next in its series). Without a secret, a
    fresh key each time, the older demo keys revoked."""
    if secret is None:
        for key in session.scalars(
            select(ApiKey).where(ApiKey.name == DEMO_KEY_NAME, ApiKey.revoked_at.is_(None))
        ):
            key.revoked_at = utcnow()
        _key, plain = accounts.create_api_key(session, role="admin", name=DEMO_KEY_NAME)
        return plain
    for generation in range(1000):
        prefix, plain = _derived_key(secret, generation)
        key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
        if key is None:
            accounts.store_api_key(session, role="admin", name=DEMO_KEY_NAME, plain=plain)
            return plain
        if key.revoked_at is None and accounts.key_matches(key, plain):
            return plain
    raise RuntimeError("no demo key left to derive; set another CALLPREP_SECRET_KEY")


def _derived_key(secret: str, generation: int) -> tuple[str, str]:
    digest = hmac.new(
        secret.encode(), f"callprep demo console key {generation}".encode(), hashlib.sha256
    ).digest()
    prefix = digest[:4].hex()
    token = base64.urlsafe_b64encode(digest[4:]).decode().rstrip("=")
    return prefix, f"{accounts.KEY_PREFIX}{prefix}_{token}"
