"""The speech check's generated corpus: synthetic leads built from combinatorial templates of
titles, comments and facts (seeded, so a run is repeatable), stored the way ingest stores
them, without running NLP."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from callprep.leads.activity import refresh_lead_activity
from callprep.models import Interaction, Lead, LeadFact, LeadTopic
from callprep.spoken_time import resolve_time_ref

_COMPANIES = (
    "Northwind Traders",
    "Contoso Pharma",
    "Fabrikam Foods",
    "Tailspin Toys",
    "Litware",
    "Adatum Logistics",
    "Woodgrove Bank",
    "Proseware",
    None,
)
_FIRST = ("Ana", "Bo", "Chidi", "Dara", "Émile", "Farah", "Gus", "jon", None, "X Æ A-12")
_ASSETS = (
    ("How {customer} Cut Widget Downtime {n}%", "case_study"),
    ("Case Study: {customer} Reduces Scrap with Widget Analytics", "case_study"),
    ("The CFO's Guide to Widget ROI", "ebook"),
    ("{customer}'s Playbook for Predictive Maintenance", "ebook"),
    ("Widget Security: A Buyer's Checklist", "checklist"),
    ("From Spreadsheets to Signals: Getting Started with Widget Telemetry", "ebook"),
    ("{n} Ways to Cut Widget Costs", "white_paper"),
    ("Why Widget Telemetry Matters", "white_paper"),
    ("Predictive Maintenance for Mid-Market Plants", "webinar"),
    ("The {year} State of Widget Operations Report", "report"),
    ("Datasheet: WidgetIQ Edge Gateway", "datasheet"),
    ("Is Your Plant Ready for Widget Analytics?", "infographic"),
    ("Widget ROI Calculator", "roi_calculator"),
)
_EVENTS = (
    "Widget World Expo {year}, {city}",
    "WidgetIQ Customer Roadshow: {city}",
    "Logistics Leaders Summit {year}",
    "Ops Forum {year} - {city}",
)
_CITIES = ("Chicago", "Dallas", "New York", "São Paulo", "Leeds")
_CUSTOMERS = ("Northwind Logistics", "Tailspin Retail", "Fabrikam Foods", "Contoso Health")
_NEWSLETTERS = ("Widget Ops Digest: {month} {year}", "The Widget Wire — {month}")
_PAGES = ("Pricing", "Widget ROI Calculator", "Customers", "WidgetIQ Edge Gateway | WidgetIQ")
_FORMS = (
    "Contact Sales",
    "Request a Demo",
    "Get Pricing",
    "Request a Quote",
    "Start a Free Trial",
    "Talk to an Expert",
)
# (kind, value as the nlp layer states it, a clause the lead might write around it)
_FACT_CLAUSES = (
    ("need", "a widget ROI solution for our {n} plants", "We need {v}."),
    ("need", "better reporting on widget failures", "we need {v}"),
    ("timeline", "this week", "ideally {v}"),
    ("timeline", "in two weeks", "up and running {v}"),
    ("timeline", "before Q3", "in place {v}"),
    ("timeline", "by end of next month", "we need it {v}"),
    ("deadline", "RFP closes Dec 15", "{v}."),
    ("deadline", "board meeting next Tuesday", "presenting at our {v}"),
    ("deadline", "go-live in March", "{v}"),
    ("budget", "$40k budgeted", "{v}"),
    ("budget", "budget opens in October", "{v}, reach out then"),
    ("seats", "250 seats", "pricing for {v}"),
    ("seats", "50 users", "for {v}"),
    ("competitor", "Cogsworth Analytics", "we're comparing you with {v}"),
    ("competitor", "WidgetWatch", "also looking at {v}"),
    ("stack", "Salesforce", "We're a {v} shop"),
    ("stack", "SAP S/4HANA", "we run {v}"),
    ("question", "does it work with SAP S/4HANA?", "{v}"),
    ("question", "do you support SSO?", "{v}"),
    ("question", "how does pricing work for 50 users?", "{v}"),
    ("contact_preference", "email", "please email rather than call"),
    ("contact_preference", "no_call", "do not call me"),
    ("contact_preference", "time: after 3pm", "call after 3pm"),
    ("referrer", "Dana Whitfield", "{v} referred me"),
    ("urgency", "ASAP", "{v} please"),
    ("request", "demo", "can we get a {v}"),
    ("request", "pricing", "send {v}"),
    ("request", "call back", "please {v}"),
    ("request", "trial", "we'd like a {v}"),
)  # fmt: skip
_SITUATIONS = ("hand_raiser", "researcher", "event_attendee", "re_engaged", "cold")


def _fill(template: str, rng: random.Random, now: datetime) -> str:
    return template.format(
        customer=rng.choice(_CUSTOMERS),
        n=rng.choice((3, 12, 32, 400)),
        year=now.year,
        city=rng.choice(_CITIES),
        month=rng.choice(("September", "October", "November")),
    )


def _synthetic_leads(n: int, seed: int, now: datetime) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for index in range(n):
        situation = _SITUATIONS[index % len(_SITUATIONS)]
        events: list[dict[str, Any]] = []
        facts: list[tuple[str, str]] = []

        def at(**delta: float) -> datetime:
            return now - timedelta(**delta)

        def asset(when: datetime) -> dict[str, Any]:
            title, kind = rng.choice(_ASSETS)
            return {"type": "content_download", "occurred_at": when,
                    "title": _fill(title, rng, now), "asset_type": kind}  # fmt: skip

        for _ in range(rng.randint(0, 2)):
            events.append({"type": "email_open", "occurred_at": at(days=rng.randint(30, 80)),
                           "title": _fill(rng.choice(_NEWSLETTERS), rng, now)})  # fmt: skip
        if situation == "hand_raiser":
            clauses = rng.sample(_FACT_CLAUSES, rng.randint(0, 5))
            comment = " ".join(clause.format(v=value) for _k, value, clause in clauses)
            facts = [(kind, value) for kind, value, _c in clauses]
            when = at(hours=rng.choice((0.3, 2, 20, 70, 200)))
            events.append({"type": "form_submission", "occurred_at": when,
                           "title": rng.choice(_FORMS), "comment": comment or None})  # fmt: skip
            if rng.random() < 0.3:  # the same form sent twice
                events.append({**events[-1], "occurred_at": when + timedelta(minutes=2)})
        elif situation == "researcher":
            for days in sorted(rng.sample(range(1, 25), rng.randint(1, 3))):
                events.append(asset(at(days=days)))
            events.append({"type": "web_visit", "occurred_at": at(days=1),
                           "title": rng.choice(_PAGES)})  # fmt: skip
        elif situation == "event_attendee":
            kind = rng.choice(("event_attended", "webinar_attended"))
            title = _fill(rng.choice(_EVENTS), rng, now) if kind == "event_attended" else (
                _fill(rng.choice(_ASSETS)[0], rng, now))  # fmt: skip
            events.append({"type": kind, "occurred_at": at(days=rng.randint(1, 10)),
                           "title": title})  # fmt: skip
        elif situation == "re_engaged":
            events.append(asset(at(days=rng.randint(130, 200))))
            for _ in range(rng.randint(1, 3)):
                events.append({"type": "web_visit", "occurred_at": at(days=rng.randint(1, 12)),
                               "title": rng.choice(_PAGES)})  # fmt: skip
            if rng.random() < 0.5:
                events.append(asset(at(days=rng.randint(1, 12))))
        yield {
            "email": f"synthetic{seed}-{index}@example.com",
            "first_name": rng.choice(_FIRST),
            "company": rng.choice(_COMPANIES),
            "events": events,
            "facts": facts,
        }


def load_corpus(session: Session, n: int = 500, seed: int = 11, now: datetime | None = None
                ) -> list[int]:  # fmt: skip
    """Insert ``n`` synthetic leads with their interactions, facts and topics directly (no
    NLP: the facts are what the nlp layer would state), and summarise them."""
    now = now or datetime.now().astimezone()
    ids = []
    for spec in _synthetic_leads(n, seed, now):
        lead = Lead(email=spec["email"], first_name=spec["first_name"], company=spec["company"])
        session.add(lead)
        session.flush()
        interaction_ids = []
        for number, event in enumerate(spec["events"]):
            interaction_ids.append(
                session.execute(
                    insert(Interaction).returning(Interaction.id),
                    {"lead_id": lead.id, "source": "lint",
                     "external_id": f"{lead.id}-{number}", "created_at": now,
                     "title": None, "asset_type": None, "comment": None, **event},
                ).scalar_one()
            )  # fmt: skip
        forms = [
            (iid, e) for iid, e in zip(interaction_ids, spec["events"], strict=True)
            if e["type"] == "form_submission"
        ]  # fmt: skip
        for iid, event in forms:
            for kind, value in spec["facts"]:
                start = max(0, (event["comment"] or "").find(value))
                ref = resolve_time_ref(value, event["occurred_at"])
                session.add(LeadFact(
                    lead_id=lead.id, interaction_id=iid, kind=kind, value=value,
                    start=start, end=start + len(value), occurred_at=event["occurred_at"],
                    time_ref=ref.as_dict() if ref else None,
                ))  # fmt: skip
        titled = [
            (iid, e) for iid, e in zip(interaction_ids, spec["events"], strict=True)
            if e.get("title")
        ]  # fmt: skip
        names: dict[str, list[int]] = {}
        for iid, event in titled:
            for word_run in _topic_like(event["title"]):
                names.setdefault(word_run, []).append(iid)
        for rank, (name, evidence) in enumerate(list(names.items())[:6]):
            session.add(LeadTopic(lead_id=lead.id, name=name[:200], weight_log=-rank,
                                  mentions=len(evidence), last_seen_at=now,
                                  evidence=evidence[:10]))  # fmt: skip
        session.flush()
        refresh_lead_activity(session, lead.id)
        ids.append(lead.id)
    return ids


def _topic_like(title: str) -> list[str]:
    """Lowercased two-word runs of a title, the way stored topics look (places, customers
    and newsletter names included on purpose: the brief must not speak them)."""
    words = [w.strip(".,:;!?—–-|") for w in title.split()]
    words = [w for w in words if w and not w.isdigit()]
    runs = [" ".join(words[i : i + 2]).lower() for i in range(0, max(len(words) - 1, 0), 2)]
    return runs + [w.lower() for w in words if w[:1].isupper() and len(w) > 3][:2]
