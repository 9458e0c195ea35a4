"""Which of a lead's topics a rep can say aloud, and how they are spelt.

A stored topic is lowercased for counting; spoken, it takes back the case its source gave
it ("WidgetIQ", "SAP", "HIPAA"). A topic is spoken only when it names a subject: not the place
an event was held in ("Roadshow: Dallas"), not the customer a case study is about ("How
Northwind Logistics Cut…"), not the name of a newsletter or email ("Widget Ops Digest"), and
not a lone everyday word ("customer", "config"). Pure functions over the brief's data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from wordfreq import zipf_frequency

from callprep.phrasing import event_place, strip_quotes
from callprep.trackcontext import InteractionView, TopicView

EMAIL_TYPES = frozenset({"email_delivered", "email_open", "email_click"})
EVENT_TYPES = frozenset({"webinar_attended", "event_attended", "webinar_registered"})
# A lone word this common in English is a word, not a subject a rep can name.
COMMON_WORD_ZIPF = 2.5
_CASE_STUDY_SUBJECT = re.compile(
    r"^(?i:(?:case study|customer story)\s*[:|–—-]\s*)?(?i:how\s+)?"
    r"(?P<who>(?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’.-]*)\s+[a-z]*[A-Z]?[a-z]+s?\b",
)


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’/&.+-]+", text)


def _find_cased(name: str, texts: Sequence[str]) -> str | None:
    """``name`` as it is written in the first text that contains it (word-bounded)."""
    pattern = re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])", re.IGNORECASE)
    for text in texts:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def spoken_case(name: str, found: str | None) -> str:
    """Keep a word's capitals when the source shows it is a name (an acronym, an inner
    capital, or a capital on a word that is rare in lowercase English); else lowercase."""
    if not found:
        return name
    words = []
    for source_word, stored in zip(found.split(), name.split(), strict=False):
        inner = any(ch.isupper() for ch in source_word[1:])
        rare = source_word[:1].isupper() and _zipf(source_word.lower()) < COMMON_WORD_ZIPF
        words.append(source_word if inner or rare or source_word.isupper() else stored)
    return " ".join(words) if len(words) == len(name.split()) else name


def _not_subjects(interactions: Iterable[InteractionView]) -> set[str]:
    """Names in the lead's history that are not subjects: places, case-study customers,
    newsletter and email names, form names (casefolded)."""
    names: set[str] = set()
    for interaction in interactions:
        title = strip_quotes(interaction.title or "")
        if not title:
            continue
        if interaction.type in EVENT_TYPES:
            place = event_place(title)
            if place:
                names.add(place.casefold())
        if interaction.type in EMAIL_TYPES or interaction.type == "form_submission":
            names.add(title.casefold())
            head = re.split(r"\s*[:|–—-]\s+", title)[0]
            names.add(head.casefold())
        kind = (interaction.asset_type or "").lower().replace(" ", "_")
        if kind in ("case_study", "customer_story") or title.lower().startswith("case study"):
            match = _CASE_STUDY_SUBJECT.match(title)
            if match:
                names.add(match.group("who").casefold())
    return names


def speakable_topics(
    topics: Sequence[TopicView], interactions: Sequence[InteractionView]
) -> tuple[TopicView, ...]:
    """The topics a track may say, strongest first, each spelt as its source spelt it."""
    not_subjects = _not_subjects(interactions)
    comments = [i.comment for i in interactions if i.comment]
    titles = [i.title for i in interactions if i.title]
    spoken = []
    for topic in topics:
        name = " ".join(topic.name.split())
        folded = name.casefold()
        if not name or folded in not_subjects:
            continue
        found = _find_cased(name, comments) or _find_cased(name, titles)
        cased = spoken_case(name, found)
        words = _words(cased)
        if len(words) == 1 and cased.islower() and _zipf(cased) >= COMMON_WORD_ZIPF:
            continue  # "customer", "config": an ordinary word on its own
        spoken.append(TopicView(name=cased, score=topic.score, evidence=topic.evidence))
    return tuple(spoken)
