"""The rep's brief page, assembled from the brief service: a lead's brief with the evidence
behind every line, topic and fact (the interaction, with the character spans it came from),
its timeline, the last outcome and the people at its account. No Flask here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.briefs.build import Brief, build_brief
from callprep.briefs.formats import readable_fact_value
from callprep.briefs.labels import INTERACTION_LABELS, LINE_LABELS, fact_label
from callprep.db import utcnow
from callprep.leads.service import get_lead
from callprep.models import (
    BriefRecord,
    Interaction,
    Outcome,
    TextAnalysis,
    User,
)
from callprep.vocabulary import KEY_ACTION_TYPES

# A topic mentioned in 40 interactions shows its most recent few; that is enough to see why.
EVIDENCE_PER_ITEM = 5
# --- evidence -------------------------------------------------------------------------------


def comment_segments(text: str | None, spans: Iterable[Sequence[int]]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, highlighted) at the given character spans.

    Spans come from stored analysis and may be stale, overlapping or out of range: they are
    clamped and merged, never trusted. The pieces are plain text; the template escapes them."""
    if not text:
        return []
    clean = sorted(
        (max(0, int(start)), min(len(text), int(end)))
        for start, end in spans
        if int(end) > int(start)
    )
    merged: list[list[int]] = []
    for start, end in clean:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in merged:
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


@dataclass
class EvidenceItem:
    interaction: Interaction
    title: list[tuple[str, bool]]
    comment: list[tuple[str, bool]]

    @property
    def label(self) -> str:
        return INTERACTION_LABELS.get(self.interaction.type, self.interaction.type)


@dataclass
class EvidencePanel:
    key: str  # the HTML id suffix: "line-0", "topic-2", "fact-1"
    heading: str
    items: list[EvidenceItem] = field(default_factory=list)
    more: int = 0  # evidence beyond what is shown


@dataclass
class TimelineEntry:
    interaction: dict[str, Any]
    label: str
    key: bool
    comment: list[tuple[str, bool]]
    # One email's delivered / opened / clicked, folded into this row: (step, time), oldest
    # first. Empty for anything but an email.
    steps: list[tuple[str, Any]] = field(default_factory=list)


EMAIL_STEPS = {"email_delivered": "Delivered", "email_open": "Opened", "email_click": "Clicked"}
_STEP_RANK = {"email_delivered": 0, "email_open": 1, "email_click": 2}
_STEP_ORDER = {EMAIL_STEPS[kind]: rank for kind, rank in _STEP_RANK.items()}


def fold_emails(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """One row per email: its delivered, opened and clicked events (newest first in, the row
    sits where the email's latest event is) become steps of one entry."""
    rows: list[TimelineEntry] = []
    by_email: dict[tuple[str, str], TimelineEntry] = {}
    for entry in entries:
        kind = entry.interaction.get("type")
        if kind not in EMAIL_STEPS:
            rows.append(entry)
            continue
        key = (entry.interaction.get("title") or "", entry.interaction.get("campaign") or "")
        row = by_email.get(key)
        if row is None:
            row = by_email[key] = entry
            row.label = "Email"
            rows.append(row)
        row.steps.append((EMAIL_STEPS[kind], entry.interaction.get("occurred_at")))
        row.steps.sort(key=lambda step: (step[1], _STEP_ORDER[step[0]]))
        if _STEP_RANK[kind] > _STEP_RANK.get(row.interaction.get("type"), -1):
            row.interaction = {**row.interaction, "type": kind}
    return rows


@dataclass
class LeadWorkspace:
    brief: Brief
    opener_panel: EvidencePanel | None
    lines: list[tuple[str, dict[str, Any], EvidencePanel]]  # (label, line, panel)
    topic_panels: list[EvidencePanel]
    fact_panels: list[EvidencePanel]
    timeline: list[TimelineEntry]
    last_outcome: Outcome | None
    last_outcome_by: str | None
    account: dict[str, Any] | None = None  # the brief's account section
    # (card, the quote cut at the competitor's name, the fact's evidence panel key or None)
    battlecards: list[tuple[dict[str, Any], list[tuple[str, bool]], str | None]] = field(
        default_factory=list
    )

    @property
    def panels(self) -> list[EvidencePanel]:
        found = [self.opener_panel] if self.opener_panel else []
        found += [panel for _label, _line, panel in self.lines]
        return found + self.topic_panels + self.fact_panels


def lead_workspace(
    session: Session, lead_id: int, principal: Principal, now: datetime | None = None
) -> LeadWorkspace:
    """The brief page of one lead (recorded as a brief shown to `principal`).
    Another rep's lead, or no lead: NotFound."""
    lead = get_lead(session, lead_id, principal)
    brief = build_brief(session, lead, now or utcnow(), principal)
    # A person is looking at this one (the report's "briefs shown" counts these).
    session.get(BriefRecord, brief.brief_id).shown_in = "web"
    facts_by_interaction: dict[int, list[tuple[int, int]]] = {}
    for fact in brief.facts:
        facts_by_interaction.setdefault(fact["interaction_id"], []).append(
            (fact["start"], fact["end"])
        )
    lines = list(brief.talk_track.get("lines") or [])
    wanted: set[int] = set()
    for line in lines:
        wanted.update(line.get("evidence") or [])
    for topic in brief.topics:
        wanted.update((topic.get("evidence") or [])[:EVIDENCE_PER_ITEM])
    wanted.update(facts_by_interaction)
    interactions = _interactions(session, lead.id, wanted)
    analyses = _analyses(session, interactions.values())

    def panel(key: str, heading: str, ids: Sequence[int], spans_for) -> EvidencePanel:
        found = EvidencePanel(key, heading)
        shown = [i for i in ids if i in interactions][:EVIDENCE_PER_ITEM]
        found.more = max(0, len(ids) - len(shown))
        for interaction_id in shown:
            interaction = interactions[interaction_id]
            title_spans, comment_spans = spans_for(interaction)
            found.items.append(
                EvidenceItem(
                    interaction,
                    comment_segments(interaction.title, title_spans),
                    comment_segments(interaction.comment, comment_spans),
                )
            )
        return found

    def fact_spans(interaction: Interaction):
        return [], facts_by_interaction.get(interaction.id, [])

    def topic_spans(name: str):
        def spans(interaction: Interaction):
            return (
                _topic_spans(analyses.get(interaction.title_analysis_id), name),
                _topic_spans(analyses.get(interaction.comment_analysis_id), name),
            )

        return spans

    opener_panel = None
    line_rows = []
    for index, line in enumerate(lines):
        label = LINE_LABELS.get(line.get("block", ""), (line.get("block") or "Line").title())
        evidence = panel(
            f"line-{index}", f"{label}: where it came from", line.get("evidence") or [], fact_spans
        )
        if index == 0 and line.get("block") == "opener":
            opener_panel = evidence
            continue
        line_rows.append((label, line, evidence))
    topic_panels = [
        panel(f"topic-{i}", f"Topic: {t['name']}", t.get("evidence") or [], topic_spans(t["name"]))
        for i, t in enumerate(brief.topics)
    ]
    fact_panels = [
        panel(
            f"fact-{i}",
            f"{fact_label(f['kind'])}: {readable_fact_value(f['kind'], f['value'])}",
            [f["interaction_id"]],
            lambda interaction, f=f: ([], [(f["start"], f["end"])]),
        )
        for i, f in enumerate(brief.facts)
    ]
    timeline = fold_emails(
        TimelineEntry(
            item,
            INTERACTION_LABELS.get(item["type"], item["type"]),
            item["type"] in KEY_ACTION_TYPES,
            comment_segments(item.get("comment"), facts_by_interaction.get(item["id"], [])),
        )
        for item in brief.interactions
    )
    last_outcome, by = _last_outcome(session, lead.id)
    fact_keys = {
        (f["interaction_id"], f["start"], f["end"]): panel.key
        for f, panel in zip(brief.facts, fact_panels, strict=True)
    }
    cards = [
        (
            card,
            _quote_segments(card["evidence"], interactions),
            fact_keys.get(tuple(card["evidence"][k] for k in ("interaction_id", "start", "end"))),
        )
        for card in brief.battlecards
    ]
    return LeadWorkspace(
        brief,
        opener_panel,
        line_rows,
        topic_panels,
        fact_panels,
        timeline,
        last_outcome,
        by,
        brief.account,
        cards,
    )


def _quote_segments(
    evidence: dict[str, Any], interactions: dict[int, Interaction]
) -> list[tuple[str, bool]]:
    """A battlecard's quote with the competitor's name (the fact's span) highlighted."""
    quote = evidence.get("quote") or ""
    interaction = interactions.get(evidence["interaction_id"])
    named = (interaction.comment or "")[evidence["start"] : evidence["end"]] if interaction else ""
    at = quote.find(named) if named else -1
    return comment_segments(quote, [(at, at + len(named))] if at >= 0 else [])


def _interactions(session: Session, lead_id: int, ids: set[int]) -> dict[int, Interaction]:
    if not ids:
        return {}
    rows = session.scalars(
        select(Interaction).where(Interaction.id.in_(ids), Interaction.lead_id == lead_id)
    )
    return {row.id: row for row in rows}


def _analyses(session: Session, interactions: Iterable[Interaction]) -> dict[int, TextAnalysis]:
    ids = {
        analysis_id
        for i in interactions
        for analysis_id in (i.title_analysis_id, i.comment_analysis_id)
        if analysis_id is not None
    }
    if not ids:
        return {}
    return {
        row.id: row for row in session.scalars(select(TextAnalysis).where(TextAnalysis.id.in_(ids)))
    }


def _topic_spans(analysis: TextAnalysis | None, name: str) -> list[Sequence[int]]:
    if analysis is None:
        return []
    for topic in analysis.topics or []:
        if topic.get("name") == name:
            return [span for span in topic.get("spans") or [] if len(span) == 2]
    return []


def _last_outcome(session: Session, lead_id: int) -> tuple[Outcome | None, str | None]:
    row = session.execute(
        select(Outcome, User.name, User.email)
        .outerjoin(User, User.id == Outcome.user_id)
        .where(Outcome.lead_id == lead_id)
        .order_by(Outcome.created_at.desc(), Outcome.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    outcome, name, email = row
    return outcome, name or email
