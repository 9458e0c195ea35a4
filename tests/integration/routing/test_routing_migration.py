"""Migration 0150 on a database with leads: they get their company domain (the account-owner
rule reads it) and no assignment record; an ownerless one is in the unassigned queue."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from callprep.briefs.build import build_queue
from callprep.db import utcnow
from callprep.migrate import upgrade
from callprep.models import LeadAssignment


def test_existing_leads_get_their_domain_and_no_record(tmp_path):
    url = f"sqlite:///{tmp_path / 'before-routing.db'}"
    upgrade(url, "0130")
    engine = create_engine(url)
    with engine.begin() as connection:
        for email, owner in (("ann@tailspin.io", "rep@corp.test"), ("bob@gmail.com", None)):
            connection.execute(
                text(
                    "INSERT INTO leads (email, owner_email, created_at, updated_at) "
                    "VALUES (:email, :owner, :now, :now)"
                ),
                {"email": email, "owner": owner, "now": utcnow()},
            )
    upgrade(url)
    with Session(engine) as session:
        domains = dict(session.execute(text("SELECT email, company_domain FROM leads")).all())
        assert domains == {"ann@tailspin.io": "tailspin.io", "bob@gmail.com": None}
        assert session.scalar(select(func.count()).select_from(LeadAssignment)) == 0
        items, total = build_queue(session, None, unassigned=True)
        assert total == 1 and items[0].lead["email"] == "bob@gmail.com"
        assert items[0].brief.assignment["reason"] is None  # nothing invented
    engine.dispose()
