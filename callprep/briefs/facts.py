"""The facts a brief speaks: one per statement, dates said as of now, preferences heeded.

Pure functions over the stored fact rows (no NLP, no database): the brief service calls them
with the rows it read. A form sent twice states its facts twice; the brief lists each once (the
newest). A fact whose date is over is kept in the brief's fact list (marked) but a talk track
does not speak it as if it were still ahead."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from callprep.spoken_time import TimeRef, speak_time_ref
from callprep.trackengine.context import ContactView, FactView
from callprep.trackengine.phrasing import PLACEHOLDER_WORDS
from callprep.trackengine.speech import request_kind
from callprep.trackengine.wordlists import acronym_case, brand_case, is_name_word, message_part
from nlp.spelling import corrected

# Kinds whose point is the date: once the date is over there is nothing left to say.
DATED_KINDS = frozenset({"timeline", "deadline", "urgency", "budget"})
# Kinds whose value is a name (a vendor, a product, a person or source).
NAMED_KINDS = frozenset({"competitor", "stack", "referrer"})
# A "need" that starts with one of these is a request ("looking for pricing for 200 units").
ASKED_WORDS = frozenset(
    {"pricing", "price", "prices", "quote", "quotation", "demo", "demonstration", "trial",
     "call", "callback", "proposal", "estimate"}
)  # fmt: skip
# A referrer who is someone at a place ("a friend at Stripe"), spoken to the lead as theirs.
_A_RELATION = re.compile(
    r"^(?:(?:a|an|my|our)\s+)?(?=[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:at|from)\s)"
)
_TIME_PREPOSITIONS = ("by", "before", "in", "on", "within", "until", "till", "for", "at", "due")


@dataclass
class SpokenFacts:
    listed: list[dict[str, Any]] = field(default_factory=list)  # the brief's "facts"
    views: list[FactView] = field(default_factory=list)  # what the talk track sees
    warnings: list[str] = field(default_factory=list)
    contact: ContactView = field(default_factory=ContactView)


def _key(kind: str, value: str) -> tuple[str, str]:
    return kind, " ".join(value.casefold().split()).strip(" .,!?;:")


def spoken_facts(
    rows: Iterable[Any],
    now: datetime,
    lead_name: str | None = None,
    comments: Mapping[Any, str | None] | None = None,
) -> SpokenFacts:
    """``rows`` newest first (kind, value, interaction_id, start, end, time_ref?);
    ``comments`` by interaction id lets a value take back the case its comment gave it."""
    out = SpokenFacts()
    comments = comments or {}
    # One row per statement: the newest interaction's, and within it the tightest span.
    chosen: dict[tuple[str, str], Any] = {}
    for row in rows:
        key = _key(row.kind, row.value or "")
        best = chosen.get(key)
        if not key[1]:
            continue
        if best is None or (
            best.interaction_id == row.interaction_id
            and (row.end - row.start) < (best.end - best.start)
        ):
            chosen[key] = row
    # What each ask was for, in the lead's words ("pricing for 200 widgets"), by interaction.
    asked_for: dict[tuple[Any, str], str] = {}
    for row in chosen.values():
        value = row.value or ""
        if _in_sign_off(row, comments.get(row.interaction_id)):
            continue  # "Sent with Microsoft Outlook" under the sign-off is not the lead's word
        listed = {
            "kind": row.kind,
            "value": value,
            "interaction_id": row.interaction_id,
            "start": row.start,
            "end": row.end,
        }
        ref = TimeRef.from_dict(getattr(row, "time_ref", None))
        said: str | None = value
        if ref is not None:
            listed["date"] = {
                "start": ref.start.isoformat(),
                "end": ref.end.isoformat(),
                "grain": ref.grain,
                "words": value[ref.span[0] : ref.span[1]],
            }
            said = speak_time_ref(value, ref, now)
            listed["date_passed"] = said is None
            if said is None:
                said = None if row.kind in DATED_KINDS else _without_time(value, ref)
        out.listed.append(listed)
        if said and value.casefold() in PLACEHOLDER_WORDS | {"test test"}:
            said = None  # "test"
        if said:
            said = cased_like_source(said, comments.get(row.interaction_id))
        if said and row.kind == "need":
            said = corrected(said)  # "predictve maintanance" is said as predictive maintenance
        if said and row.kind == "referrer":
            said = _A_RELATION.sub("your ", said)  # "a friend at Stripe": your friend
        if not said or (row.kind in NAMED_KINDS and not looks_like_name(said)):
            continue  # say less: a lowercase ordinary or misspelt word is not a vendor
        if row.kind == "need" and said.split()[0].lower().strip(",.") in ASKED_WORDS:
            # "pricing for 200 widgets" is what they asked for: the request says it
            asked_for.setdefault((row.interaction_id, request_kind(said)), said)
            continue
        out.views.append(
            FactView(
                kind=row.kind,
                value=said,
                interaction_id=row.interaction_id,
                start=row.start,
                end=row.end,
                written=value if said != value else None,
            )
        )
    out.views = [_with_object(view, asked_for) for view in out.views]
    out.contact = ContactView.from_facts(tuple(out.views))
    out.warnings.extend(contact_warnings(out.contact, lead_name))
    return out


def _in_sign_off(row: Any, comment: str | None) -> bool:
    """Whether the fact was read below the comment's sign-off (signature, legal footer)."""
    if not comment:
        return False
    return row.start >= len(message_part(comment).rstrip())


def _with_object(view: FactView, asked_for: Mapping[tuple[Any, str], str]) -> FactView:
    """A request said with what it was for when the same comment says it: "pricing" →
    "pricing for about 200 widgets" (the request's kind stays its first word)."""
    if view.kind != "request":
        return view
    kind = request_kind(view.value)
    fuller = asked_for.get((view.interaction_id, kind))
    if not fuller or request_kind(fuller) != kind:
        return view
    return FactView(
        kind=view.kind,
        value=fuller,
        interaction_id=view.interaction_id,
        start=view.start,
        end=view.end,
        written=view.written,
    )


def cased_like_source(value: str, comment: str | None) -> str:
    """``value`` with each word cased as the lead's comment writes it when that case means
    something (a capital mid-sentence, an acronym, an inner capital), and lowercase
    acronyms ("haccp") in capitals."""
    cased = {}
    letters = [c for c in comment or "" if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters) > 10:
        comment = None  # typed in capitals: its capitals say nothing about names
    if comment:
        for sentence in re.split(r"(?<=[.!?])\s+|\n", comment):
            words = re.findall(r"[\w'’/&.+-]*\w", sentence)
            for index, word in enumerate(words):
                meaningful = (index > 0 and word[:1].isupper()) or is_name_word(word)
                if meaningful and word.lower() not in ("i", "i'm", "i've", "i'll", "i'd"):
                    cased.setdefault(word.lower(), word)
    return brand_case(
        re.sub(
            r"[\w'’/&.+-]*\w",
            lambda m: cased.get(m.group(0).lower()) or acronym_case(m.group(0)),
            value,
        )
    )


def looks_like_name(value: str) -> bool:
    """A vendor or person as written: some word has a capital, a digit or is a word no
    dictionary has in lowercase English ("Salesforce", "SAP S/4HANA", "iPaaS"); not an
    ordinary lowercase phrase ("predictive"), nor a lowercase misspelling ("predictve")."""
    words = value.split()
    return any(any(ch.isupper() or ch.isdigit() for ch in word) for word in words) or any(
        word.lower() in _LOWERCASE_BRANDS for word in words
    )


# Brands that are written lowercase on purpose.
_LOWERCASE_BRANDS = frozenset({"iphone", "ipad", "ebay", "npm", "dbt", "xero", "monday.com"})


def _without_time(value: str, ref: TimeRef) -> str:
    """``value`` with its (past) time expression and the preposition before it removed."""
    start, end = ref.span
    before = value[:start].rstrip()
    words = before.split()
    while words and words[-1].lower() in _TIME_PREPOSITIONS + ("of", "end", "the"):
        words.pop()
    return " ".join([*words, value[end:].strip()]).strip(" ,;-")


def contact_warnings(contact: ContactView, lead_name: str | None = None) -> list[str]:
    who = lead_name or "The lead"
    warnings = []
    if not contact.call_ok:
        how = "prefers email" if contact.prefers == "email" else "asked not to be called"
        warnings.append(
            f"{who} {how}: reply by email rather than calling, unless they ask for a call"
        )
    if not contact.email_ok:
        warnings.append(f"{who} asked not to be emailed: follow up by phone")
    if contact.best_time and contact.call_ok:
        warnings.append(f"{who} said when to call: {contact.best_time}")
    return warnings


def fact_views(facts: Sequence[FactView]) -> tuple[FactView, ...]:
    return tuple(facts)
