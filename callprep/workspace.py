"""What the rep's pages show, assembled from the brief and queue services: the queue for the
right owner, and a lead's brief with the evidence behind every line, topic and fact (the
interaction, with the character spans it came from). No Flask here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.accounts import Principal, normalise_email
from callprep.briefs import Brief, QueueItem, build_brief, build_queue
from callprep.db import utcnow
from callprep.leads import get_lead
from callprep.models import BriefRecord, Interaction, Lead, Outcome, TextAnalysis, User
from callprep.situations import SITUATIONS

SITUATION_LABELS = {
    "hand_raiser": "Hand-raiser",
    "researcher": "Researcher",
    "event_attendee": "Event attendee",
    "re_engaged": "Re-engaged",
    "cold": "Cold",
}
DISPOSITION_LABELS = {
    "connected": "Connected",
    "meeting_booked": "Meeting booked",
    "voicemail": "Voicemail",
    "no_answer": "No answer",
    "not_interested": "Not interested",
    "bad_timing": "Bad timing",
    "wrong_person": "Wrong person",
}
QUALITY_LABELS = {"ready": "Ready", "nurture": "Nurture", "junk": "Junk"}
INTERACTION_LABELS = {
    "web_visit": "Visited",
    "content_download": "Downloaded",
    "form_submission": "Filled in a form",
    "email_delivered": "Email delivered",
    "email_open": "Opened an email",
    "email_click": "Clicked an email",
    "webinar_registered": "Registered for a webinar",
    "webinar_attended": "Attended a webinar",
    "event_attended": "Attended an event",
}
KEY_INTERACTION_TYPES = frozenset(
    {"content_download", "form_submission", "webinar_attended", "event_attended"}
)
# A topic mentioned in 40 interactions shows its most recent few; that is enough to see why.
EVIDENCE_PER_ITEM = 5
LINE_LABELS = {
    "opener": "Opener",
    "bridge": "Bridge",
    "questions": "Question",
    "question": "Question",
    "next_step": "Next step",
}


# --- the queue --------------------------------------------------------------------------


def queue_owner(principal: Principal, requested: str | None) -> str | None:
    """Whose queue: a rep's own, always; admin and marketing pick a rep or see everyone's."""
    if principal.role == "rep":
        return principal.email
    return normalise_email(requested) if requested and requested.strip() else None


def queue_page(
    session: Session,
    principal: Principal,
    *,
    owner_email: str | None = None,
    situation: str | None = None,
    overdue: bool | None = None,
    page: int = 1,
    page_size: int = 25,
    now: datetime | None = None,
) -> tuple[list[QueueItem], int]:
    """One page of the call queue, best call first (the briefs service orders it)."""
    if situation not in SITUATIONS:
        situation = None
    return build_queue(
        session,
        queue_owner(principal, owner_email),
        now or utcnow(),
        offset=(max(page, 1) - 1) * page_size,
        limit=page_size,
        situation=situation,
        overdue=overdue,
    )


def queue_owners(session: Session) -> list[tuple[str, str]]:
    """(email, label) of everyone who owns leads, for the admin's queue picker."""
    emails = session.scalars(
        select(Lead.owner_email).where(Lead.owner_email.is_not(None)).distinct()
    ).all()
    names = dict(session.execute(select(User.email, User.name).where(User.email.in_(emails))).all())
    return sorted(((email, names.get(email) or email) for email in emails), key=lambda o: o[1])


def why_in_words(item: QueueItem | Brief) -> str:
    """'asked for a demo 40 minutes ago — due in 20 minutes'."""
    return " — ".join(item.priority.reasons)


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
            f"{f['kind'].title()}: {f['value']}",
            [f["interaction_id"]],
            lambda interaction, f=f: ([], [(f["start"], f["end"])]),
        )
        for i, f in enumerate(brief.facts)
    ]
    timeline = [
        TimelineEntry(
            item,
            INTERACTION_LABELS.get(item["type"], item["type"]),
            item["type"] in KEY_INTERACTION_TYPES,
            comment_segments(item.get("comment"), facts_by_interaction.get(item["id"], [])),
        )
        for item in brief.interactions
    ]
    last_outcome, by = _last_outcome(session, lead.id)
    return LeadWorkspace(
        brief, opener_panel, line_rows, topic_panels, fact_panels, timeline, last_outcome, by
    )


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
