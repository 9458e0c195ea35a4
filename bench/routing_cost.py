"""Routing's cost when leads are created in bulk: statements and time of claim_new_leads for
batches of 500 new leads, with the demo-like rule set (account owner, territory with a
round-robin team, fallback) and with no rules, on a fresh SQLite file (or --url).

    python bench/routing_cost.py [--leads 5000] [--url URL]

Statements are counted per batch with a SQLAlchemy event listener; the figure that matters is
that they do not grow with the batch."""

from __future__ import annotations

import argparse
import tempfile
import time

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from callprep.accounts import users as accounts
from callprep.leads import service as leads
from callprep.migrate import upgrade
from callprep.routing import rules as routing_rules

BATCH = 500


def run(url: str, total: int, with_rules: bool) -> tuple[float, float]:
    engine = create_engine(url)
    statements = 0

    def count(*_args):
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    tag = "r" if with_rules else "n"
    with Session(engine) as session, session.begin():
        if with_rules and not routing_rules.list_rules(session):
            for n in range(4):
                user = accounts.create_user(
                    session,
                    email=f"rep{n}@bench.test",
                    role="rep",
                    password="password-123",  # noqa: S106 - bench users
                )
                user.team = "NA"
            routing_rules.create_rule(session, {"kind": "account_owner"})
            routing_rules.create_rule(
                session, {"kind": "territory", "countries": ["US", "CA"], "team": "NA"}
            )
            routing_rules.create_rule(session, {"kind": "fallback", "pool": "inbound"})
    statements = 0
    started = time.perf_counter()
    batches = 0
    for start in range(0, total, BATCH):
        with Session(engine) as session, session.begin():
            rows = [
                {
                    "email": f"{tag}{n}@co{n % 700}-{tag}.example.com",
                    "country": "US" if n % 3 else "FR",
                }
                for n in range(start, min(start + BATCH, total))
            ]
            leads.claim_new_leads(session, rows)
        batches += 1
    elapsed = time.perf_counter() - started
    engine.dispose()
    return statements / batches, elapsed * 1000 / total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--url")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/routing-bench.db"
    upgrade(url)
    for with_rules in (False, True):
        per_batch, per_lead = run(url, args.leads, with_rules)
        label = "3 rules" if with_rules else "no rules"
        print(
            f"{label}: {args.leads} leads in batches of {BATCH}: "
            f"{per_batch:.1f} statements per batch, {per_lead:.3f} ms per lead"
        )


if __name__ == "__main__":
    main()
