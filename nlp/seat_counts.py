"""Counts of seats, users, licenses or people who will use it: `seats` facts ("250 seats",
"40 planners", "14 trucks").

Read by `nlp.lead_facts`; the word lists are data in nlp/lead_words.py."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from nlp import lead_words as W
from nlp.fact_values import clean
from nlp.model import Fact
from nlp.requests import read_word

_SEAT_UNITS = frozenset(W.SEAT_UNITS)
_HEADCOUNT = frozenset(W.HEADCOUNT_UNITS)
_NUMBER_WORDS = frozenset(W.NUMBER_WORDS)
_COUNT = re.compile(r"^~?\d[\d,]*\+?$")
_COUNT_IN_TEXT = re.compile(r"(?<![\w$€£])~?\d|(?i:\b(?:" + "|".join(W.NUMBER_WORDS) + r")\b)")
_STAFF_CHANGES = frozenset(W.STAFF_CHANGES)


_SEAT_ENDINGS = tuple(W.SEAT_UNIT_ENDINGS)


def seat_counts(doc: Doc) -> list[Fact]:
    found: list[tuple[Fact, bool]] = []
    starts = sorted({m.start() for m in _COUNT_IN_TEXT.finditer(doc.text)})
    for at in starts:  # only where the text holds a number: no walk over every token
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None:
            continue
        tok = span[0]
        lower = tok.lower_
        if not (_COUNT.match(lower) or lower in _NUMBER_WORDS):
            continue
        j = tok.i + 1
        users = _count_who_use(doc, tok)
        if users is not None:  # "only 30 would need access": the count that will use it
            found.append(
                (Fact("seats", clean(users.text), users.start_char, users.end_char), False)
            )
            continue
        while j < len(doc) and j <= tok.i + 3 and doc[j].pos_ in ("ADJ", "NOUN", "PROPN"):
            unit = read_word(doc[j].lower_)
            trade = unit.endswith(_SEAT_ENDINGS) and doc[j].tag_ == "NNS"
            if unit in _SEAT_UNITS or unit in _HEADCOUNT or trade:
                if _is_money_or_time(doc, tok) or _changing_staff(doc, tok, doc[j]):
                    break  # "hiring 30 new nurses", "two inspectors quit"
                total = j + 1 < len(doc) and doc[j + 1].lower_ in ("total", "overall", "globally")
                value = clean(doc[tok.i : j + 1].text).lstrip("~")
                headcount = unit in _HEADCOUNT or total
                found.append((Fact("seats", value, tok.idx, doc[j].idx + len(doc[j])), headcount))
                break
            j += 1
    specific = [f for f, headcount in found if not headcount]
    if specific:
        return specific
    return [f for f, headcount in found if not _said_total(doc, f)]


def _changing_staff(doc: Doc, count: Token, unit: Token) -> bool:
    before = {t.lemma_.lower() for t in doc[max(0, count.i - 3) : count.i]}
    after = {t.lemma_.lower() for t in doc[unit.i + 1 : unit.i + 3]}
    between = {t.lower_ for t in doc[count.i + 1 : unit.i]}
    return bool(before & _STAFF_CHANGES or after & _STAFF_CHANGES or "new" in between)


def _said_total(doc: Doc, fact: Fact) -> bool:
    return doc.text[fact.end : fact.end + 8].strip().lower().startswith(("total", "overall"))


def _is_money_or_time(doc: Doc, tok: Token) -> bool:
    before = doc[tok.i - 1].text if tok.i > 0 else ""
    return before in ("$", "€", "£") or tok.ent_type_ in ("MONEY", "DATE", "TIME")


_USE_VERBS = frozenset({"use", "need", "access", "log", "require", "get"})


def _count_who_use(doc: Doc, count: Token):
    """A bare count as the subject of using it: "only 30 would need access", "about 40 will
    use it daily" (a Span from the count to the verb's object)."""
    if count.dep_ != "nsubj" or _is_money_or_time(doc, count):
        return None
    verb = count.head
    if verb.lemma_.lower() not in _USE_VERBS:
        return None
    if not any(ch.tag_ == "MD" for ch in verb.children):
        return None  # "30 need it" is too thin; "30 would need access" says who will
    last = max(
        [verb, *[ch for ch in verb.children if ch.dep_ in ("dobj", "prt")]], key=lambda t: t.i
    )
    return doc[count.i : last.i + 1]
