"""Helpers for tests of the web pages: users, leads, and logging in through the real form."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from callprep.accounts import users as accounts
from callprep.db import utcnow
from callprep.ingest import events as ingest
from callprep.leads import service as leads

PASSWORD = "correct-horse-battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def make_user(session, email: str, role: str = "rep", name: str | None = None):
    user = accounts.create_user(session, email=email, role=role, password=PASSWORD, name=name)
    session.commit()
    return user


def login(client, email: str, password: str = PASSWORD):
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def make_lead(
    session,
    email: str,
    owner: str | None,
    interactions: list[dict[str, Any]] = (),
    now: datetime | None = None,
    **fields: Any,
):
    """A lead with interactions; each item may give `ago` (a timedelta) instead of a time."""
    now = now or utcnow()
    lead = leads.create_lead(session, {"email": email, "owner_email": owner, **fields})
    items = []
    for item in interactions:
        item = dict(item)
        item["occurred_at"] = now - item.pop("ago", timedelta(0))
        items.append(item)
    if items:
        ingest.add_interactions(session, lead, items)
    session.commit()
    return lead


def hand_raise(minutes_ago: int, comment: str | None = None, title: str = "Contact Sales"):
    return {
        "type": "form_submission",
        "ago": timedelta(minutes=minutes_ago),
        "title": title,
        "comment": comment,
        "source": "marketo",
        "campaign": "Website - Contact Sales",
    }


def download(days_ago: float, title: str, campaign: str = "Widget ROI nurture"):
    return {
        "type": "content_download",
        "ago": timedelta(days=days_ago),
        "title": title,
        "asset_type": "white_paper",
        "source": "hubspot",
        "campaign": campaign,
    }
