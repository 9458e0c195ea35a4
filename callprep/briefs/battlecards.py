"""The brief's "If they bring up X" panel: for each competitor fact whose vendor has a
published battlecard, the card's lines and the lead's words that named the competitor.

Read only: one read for the cards, and one for a comment the brief does not list already."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.battlecards.store import cards_for, name_key
from callprep.models import Interaction

# The quote is the sentence that named the competitor, at most this long.
MAX_QUOTE_CHARS = 240
_SENTENCE_END = re.compile(r"[.!?\n]")


def brief_battlecards(
    session: Session,
    lead_id: int,
    facts: Sequence[Mapping[str, Any]],
    interactions: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """``facts`` and ``interactions`` as the brief lists them (newest first): one entry per
    matching card, with the newest competitor fact that named it as evidence."""
    named = [f for f in facts if f.get("kind") == "competitor" and f.get("value")]
    cards = cards_for(session, [f["value"] for f in named]) if named else []
    if not cards:
        return []
    by_key = {card.matched: card for card in cards}
    comments = {i["id"]: i.get("comment") for i in interactions}
    missing = {f["interaction_id"] for f in named if f["interaction_id"] not in comments}
    if missing:
        comments.update(
            session.execute(
                select(Interaction.id, Interaction.comment).where(
                    Interaction.lead_id == lead_id, Interaction.id.in_(missing)
                )
            ).all()
        )
    shown: list[dict[str, Any]] = []
    seen: set[int] = set()
    for fact in named:
        card = by_key.get(name_key(fact["value"]))
        if card is None or card.card_id in seen:
            continue
        seen.add(card.card_id)
        shown.append(
            {
                "competitor": card.competitor,
                "differ": card.differ,
                "landmines": list(card.landmines),
                "proof": card.proof,
                "version": card.version,
                "evidence": {
                    "interaction_id": fact["interaction_id"],
                    "start": fact["start"],
                    "end": fact["end"],
                    "quote": sentence_around(
                        comments.get(fact["interaction_id"]), fact["start"], fact["end"]
                    ),
                },
            }
        )
    return shown


def sentence_around(comment: str | None, start: int, end: int) -> str:
    """The sentence of ``comment`` holding [start, end), trimmed to MAX_QUOTE_CHARS around
    the span; empty when the span does not fit the comment (stale analysis)."""
    text = comment or ""
    if not 0 <= start < end <= len(text):
        return ""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    left = before[-1] if before else 0
    after = _SENTENCE_END.search(text, end)
    # A sentence ends after its full stop, but before a line break.
    right = after.end() - (after.group() == "\n") if after else len(text)
    if right - left > MAX_QUOTE_CHARS:
        room = max(0, MAX_QUOTE_CHARS - (end - start)) // 2
        left, right = max(left, start - room), min(right, end + room)
        return ("…" if left > 0 else "") + text[left:right].strip() + "…"
    return text[left:right].strip()
