"""The speech check: render briefs and flag what a rep must never read aloud.

``callprep briefs lint`` renders every lead in the database (the demo set, on a temporary
SQLite database when none is configured) and a generated corpus of synthetic leads built from
combinatorial templates of titles, comments and facts (seeded, so a run is repeatable). Each
brief's spoken text (the opener and every track line) is checked for:

- placeholders: ``None``, ``null``, ``nan``, ``{{``, ``[]``, escaped markup;
- lowercased proper nouns: a name the lead's data spells with capitals spoken without them;
- unknown-word names: a word no dictionary knows (wordfreq), spoken outside quotes, that the
  lead's data does not spell that way either (a garbled or misspelt "name");
- repeated facts (a fact listed twice) and repeated lines;
- broken titles: "on How…", "on the CFO's Guide…", an unquoted subtitle, "at X, Chicago";
- contradictory states: fresh and overdue, followed up and overdue;
- a past date spoken as future;
- calling someone who asked not to be called.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from wordfreq import zipf_frequency

from callprep.briefs.build import Brief, build_brief
from callprep.leads.activity import refresh_lead_activity
from callprep.models import Interaction, Lead, LeadFact, LeadTopic
from callprep.spoken_time import resolve_time_ref
from callprep.trackengine.wordlists import is_name_word

PLACEHOLDERS = ("None", "null", "undefined", "nan", "NaN")
MARKUP = ("{{", "}}", "{%", "%}", "[]", "<br", "&amp;", "&lt;", "&gt;", "&#")
_PLACEHOLDER = re.compile(r"(?<![\w])(" + "|".join(PLACEHOLDERS) + r")(?![\w])")
_BROKEN_TITLES = (
    (re.compile(r"\b(?:on|about) (?:How|Why|What|When|Where|Who|Can|Do|Does|Is|Are|From)\b"),
     "a sentence-like title spoken after 'on'"),
    (re.compile(r"\b(?:on|about) the [A-Z][\w]*['’]s\b"), "a possessive title spoken after 'on'"),
    (re.compile(r"\bour (?:[A-Za-z-]+ ){0,3}on [^“”.?!]*: "), "an unquoted subtitle"),
    (re.compile(r"\bat [A-Z][^“”.?!,]*, [A-Z][a-z]+ (?:last|yesterday|today|this|on)\b"),
     "an event title with its place spoken as is"),
    (re.compile(r"““|””|“\s*”"), "doubled or empty quotes"),
)  # fmt: skip
_CALLING = re.compile(
    r"\b(wanted to call|calling you|call you (?:right away|back)|I'm calling|to call right away"
    r"|give you a call|call back)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|\([^)]*\)")


@dataclass(frozen=True)
class Flag:
    lead: str
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.lead}: {self.check}: {self.detail}"


@dataclass
class LintReport:
    briefs: int = 0
    flags: list[Flag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags

    def summary(self) -> str:
        counts = Counter(flag.check for flag in self.flags)
        detail = ", ".join(f"{check}: {n}" for check, n in sorted(counts.items()))
        state = "clean" if self.ok else f"{len(self.flags)} flagged ({detail})"
        return f"speech check: {self.briefs} briefs, {state}"


def spoken_text(brief: Brief) -> str:
    """The opener and every track line (the opener is usually the first line: once)."""
    lines = [line["text"] for line in brief.talk_track["lines"]]
    if brief.opening_line and brief.opening_line not in lines:
        lines.insert(0, brief.opening_line)
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=20000)
def _known(word: str) -> bool:
    parts = [p for p in re.split(r"[-'’]", word.lower()) if p]
    return all(zipf_frequency(p, "en") > 0 for p in parts) if parts else True


_NAMED_KINDS = ("competitor", "stack", "referrer")


def _source_texts(brief: Brief) -> list[str]:
    lead = brief.lead
    texts = [lead.get(k) or "" for k in ("first_name", "last_name", "company", "title")]
    for interaction in brief.context.interactions if brief.context else ():
        texts += [interaction.title or "", interaction.comment or ""]
    texts += [fact["value"] for fact in brief.facts]
    texts += [rep for rep in (brief.rep.get("name") or "",)]
    return [text for text in texts if text]


def _name_spellings(brief: Brief) -> dict[str, set[str]]:
    """How the lead's data spells its names, by lowercase form: {"salesforce": {"Salesforce"}}.

    Names are the lead's own and company names, named facts (competitor, stack, referrer),
    and words that look like names wherever they appear: acronyms, inner capitals, and
    capitalised words that ordinary English does not use (wordfreq). Title Case in titles
    and sentence starts prove nothing."""
    texts = [f["value"] for f in brief.facts if f["kind"] in _NAMED_KINDS]
    spellings: dict[str, set[str]] = {}
    for text in texts:
        for word in _WORD.findall(text):
            if any(ch.isupper() for ch in word):
                spellings.setdefault(word.lower(), set()).add(word)
    for text in _source_texts(brief):
        for word in _WORD.findall(text):
            if len(word) > 1 and is_name_word(word):
                spellings.setdefault(word.lower(), set()).add(word)
    return spellings


# Email addresses and links are read as written: "helen.obrien@..." is not a lowercased name.
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+")


def check_brief(brief: Brief, label: str) -> list[Flag]:
    """The flags one brief raises (empty when a rep could read it aloud as it is)."""
    flags: list[Flag] = []
    text = spoken_text(brief)

    def flag(check: str, detail: str) -> None:
        flags.append(Flag(label, check, detail))

    for match in _PLACEHOLDER.finditer(text):
        flag("placeholder", repr(match.group(0)))
    for needle in MARKUP:
        if needle in text:
            flag("placeholder", repr(needle))
    source_blob = "\n".join(_source_texts(brief))
    spellings = _name_spellings(brief)
    named = {w.lower() for f in brief.facts if f["kind"] in _NAMED_KINDS
             for w in _WORD.findall(f["value"])}  # fmt: skip
    unquoted = _ADDRESS.sub(" ", _QUOTED.sub(" ", text))
    for sentence in re.split(r"(?<=[.!?])\s+|\n", unquoted):
        for word in _WORD.findall(sentence):
            known_as = spellings.get(word.lower())
            if known_as and word not in known_as and word.islower():
                flag("lowercased proper noun", f"{word!r} (written {sorted(known_as)[0]!r})")
            elif not _known(word) and word not in source_blob:
                flag("unknown-word name", f"{word!r} (in no dictionary and not in the data)")
            elif not _known(word) and word.islower() and word in named:
                flag("unknown-word name", f"{word!r} (a misspelt word spoken as a name)")
    keys = Counter(
        (fact["kind"], " ".join(fact["value"].casefold().split())) for fact in brief.facts
    )
    for (kind, value), n in keys.items():
        if n > 1:
            flag("repeated fact", f"{kind} {value!r} x{n}")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line, n in Counter(lines).items():
        if n > 1:
            flag("repeated line", repr(line[:60]))
    # An email address is read out as it is written ("helen.obrien@…"): not a name to case.
    for key in ("company", "first_name", "last_name"):
        name = (brief.lead.get(key) or "").strip()
        if len(name) > 1 and not name.islower():
            for match in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", unquoted, re.I):
                if match.group(0) != name:
                    flag("lowercased proper noun", f"{match.group(0)!r} (written {name!r})")
    for pattern, what in _BROKEN_TITLES:
        for match in pattern.finditer(text):
            flag("broken title", f"{what}: {match.group(0)!r}")
    fresh = brief.freshness
    if fresh.overdue and fresh.status == "fresh":
        flag("contradictory state", "fresh and overdue")
    if fresh.overdue and fresh.followed_up:
        flag("contradictory state", "followed up and overdue")
    if brief.situation == "cold" and fresh.follow_up_due_at is not None:
        flag("contradictory state", "cold with a follow-up deadline")
    # What the lead said, reported back: sentences that start "You asked/mentioned/said…".
    reported = " ".join(
        sentence
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text)
        if re.match(r"^(You|And you|I know you|As you)\b", sentence)
    ).lower()
    for fact in brief.facts:
        if not fact.get("date_passed"):
            continue
        words = fact["date"]["words"].lower()
        written = fact["value"].lower()
        if written in text.lower() or re.search(
            r"(?<![\w])" + re.escape(words) + r"(?![\w])", reported
        ):
            flag("past date spoken as future", repr(fact["value"]))
    contact = brief.context.contact if brief.context else None
    if contact is not None and not contact.call_ok:
        for match in _CALLING.finditer(text):
            flag("calls someone who asked not to be called", repr(match.group(0)))
        if not any("email" in warning or "called" in warning for warning in brief.warnings):
            flag("calls someone who asked not to be called", "no warning for the rep")
    return flags


def lint_leads(session: Session, lead_ids: Sequence[int], now: datetime) -> LintReport:
    report = LintReport()
    for lead_id in lead_ids:
        lead = session.get(Lead, lead_id)
        brief = build_brief(session, lead, now, record=False)
        report.briefs += 1
        label = f"lead {lead.id} ({lead.email})"
        report.flags += check_brief(brief, label)
    return report


# --- the generated corpus -----------------------------------------------------------------

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
    NLP: the facts are what the nlp layer states, per CONTRACT.md), and summarise them."""
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


def lint_database(session: Session, now: datetime, corpus: int = 500, seed: int = 11
                  ) -> LintReport:  # fmt: skip
    """Every lead already stored, then the generated corpus."""
    stored = list(session.scalars(select(Lead.id).order_by(Lead.id)))
    report = lint_leads(session, stored, now)
    if corpus:
        generated = load_corpus(session, corpus, seed, now)
        more = lint_leads(session, generated, now)
        report.briefs += more.briefs
        report.flags += more.flags
    return report
