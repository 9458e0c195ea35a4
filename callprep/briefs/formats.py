"""A brief as one printable HTML screen and as plain text for a CRM note.

The HTML comes from our own templates (``callprep/web/templates/brief/``) in an autoescaping
environment: every piece of lead text is escaped. The text form strips control characters so
a hostile comment cannot break the note it is pasted into."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from callprep.briefs.build import Brief
from callprep.briefs.labels import SITUATION_LABELS, fact_label
from callprep.leads.situations import deadline_words
from callprep.trackengine.phrasing import relative_time

# Control characters, line separators and bidirectional overrides (which can make a pasted
# note read differently from what it says).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")

_CONTACT_WORDS = {
    "email": "prefers email",
    "phone": "prefers a phone call",
    "no_call": "asked not to be called",
    "no_email": "asked not to be emailed",
}


def readable_fact_value(kind: str, value: str) -> str:
    """A fact as a rep reads it: the machine-readable contact preference in words."""
    if kind == "contact_preference":
        if value.startswith("time:"):
            return "best time to call: " + value.split(":", 1)[1].strip()
        return _CONTACT_WORDS.get(value, value)
    return value


_env = Environment(
    loader=PackageLoader("callprep", "web/templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def one_line(value: Any) -> str:
    """Lead text on one clean line: no control characters, no runs of white space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", _CONTROL.sub(" ", str(value))).strip()


def lead_name(lead: dict[str, Any]) -> str:
    name = one_line(" ".join(p for p in (lead.get("first_name"), lead.get("last_name")) if p))
    return name or one_line(lead.get("email"))


def _comment_parts(comment: str | None, start: int, end: int) -> tuple[str, str, str]:
    """The comment split around a fact's span, for highlighting it."""
    text = comment or ""
    if not 0 <= start <= end <= len(text):
        return "", "", ""
    return text[:start], text[start:end], text[end:]


def _evidence_labels(ids: Sequence[Any], by_id: dict[Any, dict[str, Any]]) -> list[str]:
    labels = []
    for interaction_id in ids:
        interaction = by_id.get(interaction_id)
        if interaction is None:
            labels.append(f"#{interaction_id}")
        else:
            what = interaction["type"].replace("_", " ")
            title = one_line(interaction.get("title"))
            labels.append(f"#{interaction_id} {what}" + (f": {title}" if title else ""))
    return labels


def _view(brief: Brief) -> dict[str, Any]:
    now: datetime = brief.generated_at
    by_id = {i["id"]: i for i in brief.interactions}
    comments = {i["id"]: i.get("comment") for i in brief.interactions}
    facts = []
    for fact in brief.facts:
        before, span, after = _comment_parts(
            comments.get(fact["interaction_id"]), fact["start"], fact["end"]
        )
        facts.append(
            {
                **fact,
                "value": readable_fact_value(fact["kind"], fact["value"]),
                "label": fact_label(fact["kind"]),
                "before": ("…" if len(before) > 80 else "") + before[-80:],
                "span": span,
                "after": after[:80] + ("…" if len(after) > 80 else ""),
            }
        )
    lines = [
        {**line, "sources": _evidence_labels(line.get("evidence", []), by_id)}
        for line in brief.talk_track["lines"]
    ]
    return {
        "brief": brief,
        "lead": brief.lead,
        "name": lead_name(brief.lead),
        "situation_label": SITUATION_LABELS.get(brief.situation, brief.situation),
        "deadline": deadline_words(brief.freshness, now),
        "last_seen": relative_time(brief.freshness.last_interaction_at, now),
        "lines": [line for line in lines if line["block"] != "opener"],
        "opener": next((line for line in lines if line["block"] == "opener"), None),
        "facts": facts,
        "topics": [
            {**topic, "sources": _evidence_labels(topic["evidence"][:5], by_id)}
            for topic in brief.topics
        ],
        "interactions": [
            {**i, "when": relative_time(i["occurred_at"], now)} for i in brief.interactions
        ],
        "battlecards": brief.battlecards,
        "ownership": ownership_words(brief.assignment),
        "account": brief.account,
        "one_line": one_line,
    }


def ownership_words(assignment: dict[str, Any]) -> str:
    """'Owner: rita@… (round-robin in EMEA)' or 'Unassigned (waiting in the inbound queue)'."""
    if not assignment:
        return ""
    reason = one_line(assignment.get("reason"))
    if assignment.get("owner_email"):
        words = f"Owner: {one_line(assignment['owner_email'])}"
    else:
        words = "Unassigned"
    return f"{words} ({reason})" if reason else words


def brief_html(brief: Brief) -> str:
    """One self-contained, printable page (inline CSS, no scripts, no external assets)."""
    return _env.get_template("brief/brief.html").render(**_view(brief))


def brief_text(brief: Brief) -> str:
    """Plain text that pastes cleanly into a CRM note."""
    view = _view(brief)
    lead = brief.lead
    header = lead_name(lead)
    if lead.get("company"):
        header += f" ({one_line(lead['company'])})"
    out = [f"CALL BRIEF: {header}", f"Situation: {view['situation_label']}"]
    status = f"Freshness: {brief.freshness.status}"
    if view["deadline"]:
        status += f"; {view['deadline']}"
    out.append(status)
    if view["ownership"]:
        out.append(view["ownership"])
    if brief.priority.reasons:
        reasons = "; ".join(one_line(r) for r in brief.priority.reasons)
        out.append(f"Priority: {brief.priority.score} ({reasons})")
    out += ["", "OPENING LINE", one_line(brief.opening_line)]
    if view["lines"]:
        out += ["", "TALK TRACK"]
        out += [f"- {one_line(line['text'])}" for line in view["lines"]]
    if brief.what_worked:
        out += ["", "WHAT WORKED", one_line(brief.what_worked["text"])]
    for card in brief.battlecards:
        out += ["", f"IF THEY BRING UP {one_line(card['competitor']).upper()}"]
        if card["evidence"]["quote"]:
            out.append(f'They wrote: "{one_line(card["evidence"]["quote"])}"')
        out.append(f"How we differ: {one_line(card['differ'])}")
        out.append("Ask:")
        out += [f"- {one_line(question)}" for question in card["landmines"]]
        out.append(f"Proof: {one_line(card['proof'])}")
    if brief.facts:
        out += ["", "WHAT THEY TOLD US"]
        out += [f"- {f['label']}: {one_line(f['value'])}" for f in view["facts"]]
    if brief.topics:
        out += ["", "TOPICS"]
        out.append(", ".join(one_line(t["name"]) for t in brief.topics))
    if brief.account:
        out += ["", *account_text(brief.account)]
    if brief.interactions:
        out += ["", "RECENT ACTIVITY"]
        for i in view["interactions"][:10]:
            title = one_line(i.get("title"))
            what = i["type"].replace("_", " ")
            out.append(f"- {i['when']}: {what}" + (f": {title}" if title else ""))
    if brief.warnings:
        out += ["", "NOTES"]
        out += [f"- {one_line(w)}" for w in brief.warnings]
    out += ["", f"Brief {brief.brief_id}"]
    return "\n".join(out) + "\n"


def account_text(account: dict[str, Any]) -> list[str]:
    """The brief's account section as lines of a CRM note."""
    people = account["people"]
    name = one_line(account.get("name") or account.get("domain"))
    out = [f"THE ACCOUNT: {name} ({people} {'person' if people == 1 else 'people'})"]
    out += [f"- {one_line(c['summary'])}" for c in account["colleagues"]]
    if account["more_colleagues"]:
        out.append(f"- {account['more_colleagues']} more of this rep's leads here.")
    out += [f"- {one_line(rep['summary'])}" for rep in account["other_reps"]]
    if account["unowned"]:
        out.append(f"- {account['unowned']} more here with no rep yet.")
    if account["topics"]:
        topics = ", ".join(one_line(t["name"]) for t in account["topics"])
        out.append(f"- The account reads about: {topics}")
    return out
