"""Facts a rep needs before dialling: how to reach the lead, dated events, seat counts, budget
cycles, and the product questions they asked. One fact per clause; values in the lead's words.

- `contact_preference`: exactly one of `email`, `phone`, `no_call`, `no_email`, or
  `time: <the lead's words>` ("time: tuesdays after 2pm");
- `deadline`: a dated event ("rfp due dec 15", "go-live has to be jan 4", "board meeting on
  the 12th"): the event noun and its date, in the lead's words;
- `seats`: a count of seats, users, licenses or people who will use it ("250 seats",
  "40 planners");
- `budget` cycles: "budget opens in october", "fiscal year which starts in april";
- `question`: a question about the product or an integration, as asked ("does it work with
  SAP S/4HANA?", "want to know if your siem ingests its logs").

The word lists are data in nlp/lead_words.py.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from nlp import lead_words as W
from nlp.contact_preferences import contact_preferences
from nlp.fact_values import clean, distinct_facts, referrer_names
from nlp.fact_values import token_fact as _fact
from nlp.lead_questions import asked_question
from nlp.model import Fact
from nlp.named_sources import named_sources
from nlp.requests import _Clause, clauses
from nlp.seat_counts import seat_counts

_EVENTS = frozenset(W.EVENT_NOUNS)
_EVENT_STOPS = frozenset(W.EVENT_STOPS)
_MONTHS = frozenset(W.MONTHS)
_WEEKDAYS = frozenset(W.WEEKDAYS)
_CYCLE_VERBS = frozenset(W.CYCLE_VERBS)
_BUDGET_LINKS = frozenset(
    {
        "will",
        "be",
        "is",
        "'s",
        "should",
        "only",
        "not",
        "available",
        "wo",
        "n't",
        "won't",
        "isn't",
        "comes",
        "lands",
        "frees",
    }
)
_ORDINAL = re.compile(r"^\d{1,2}(st|nd|rd|th)$", re.I)
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$")
_EVENT_WINDOW = 12
_CHANNEL_CUES = frozenset(
    W.EMAIL_WORDS
    + W.PHONE_WORDS
    + W.CALL_WORDS
    + W.CONTACT_VERBS
    + ["time", "available", "free", "reachable"]
)
_EVENT_CUES = frozenset(W.EVENT_NOUNS + ["go"])
_BUDGET_CUES = frozenset({"budget", "budgets", "year", "cycle"})
_SOURCE_CUES = frozenset(W.HEARD_VERBS + ["thanks"])
_REVIEWS = frozenset({"review", "planning", "approval", "meeting", "cycle", "season", "signoff"})


def lead_facts(
    doc: Doc,
    sentences: list[Span],
    facts: list[Fact],
    parsed: list[list[_Clause]] | None = None,
) -> list[Fact]:
    """The facts with contact preferences, deadlines, seats, budget cycles and questions added,
    and timelines that only said when to call or when an event is dropped."""
    requests = [f for f in facts if f.kind == "request"]
    added: list[Fact] = []
    if parsed is None:
        parsed = [clauses(sent) for sent in sentences]
    for sent, parts in zip(sentences, parsed, strict=True):
        for clause in parts:
            words = set(clause.words) | set(clause.lemmas)  # each reader only where it may find
            if words & _CHANNEL_CUES:
                added.extend(contact_preferences(clause))
            if words & _EVENT_CUES:
                added.extend(_deadlines(clause))
            if words & _BUDGET_CUES:
                added.extend(_budget_cycles(clause))
            if words & _SOURCE_CUES:
                added.extend(named_sources(clause, facts))
            question = asked_question(clause, sent, requests)
            if question is not None:
                added.append(question)
    added.extend(seat_counts(doc))
    added = distinct_facts(added)
    said = {f.value for f in added if f.kind == "contact_preference"}
    refused = {"email": "no_email", "phone": "no_call"}
    added = [  # "sms only, no phone calls": the refusal is what a rep must respect
        f for f in added if not (f.kind == "contact_preference" and refused.get(f.value) in said)
    ]
    held = [f for f in added if f.kind in ("deadline", "budget") or f.value.startswith("time:")]
    kept = []
    for f in facts:
        over = [h for h in held if h.start <= f.start < h.end or f.start <= h.start < f.end]
        if over:
            # "before our annual conference in June" plans ahead of the event: still a timeline
            ahead = f.kind == "timeline" and all(f.start < h.start for h in over)
            if f.kind in ("timeline", "need") and not ahead:
                continue  # the date belongs to the deadline or to when to call
            if f.kind == "urgency" and _dated(f):
                f = Fact(f.kind, _undated(f.value), f.start, f.end)  # "contract expires"
        kept.append(f)
    kept = [f for f in kept if not (f.kind == "timeline" and _in_past_clause(doc, f))]
    kept = [_with_period(doc, f) if f.kind == "budget" else f for f in kept]
    budgets = [f for f in kept if f.kind == "budget"]
    kept = [  # "FY27 budget is approved": the period is the budget's, not a timeline
        f
        for f in kept
        if not (f.kind == "timeline" and any(b.start <= f.start < b.end for b in budgets))
    ]
    referred = {n for f in added if f.kind == "referrer" for n in referrer_names(f.value)}
    kept = [f for f in kept if not (f.kind == "stack" and f.value.lower() in referred)]
    return kept + added


_PERIOD = re.compile(r"^(?i:q[1-4]|h[12]|fy-?\d{2,4}|20\d\d)$")


def _with_period(doc: Doc, fact: Fact) -> Fact:
    """ "Q1 budget not approved yet": the budget's period is part of what a rep says."""
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    if span is None:
        return fact
    at = span.start
    if span[0].lemma_ != "budget":
        if at == 0 or doc[at - 1].lemma_ != "budget":
            return fact
        at -= 1  # the evidence starts after the budget word ("not approved yet")
    if at == 0 or not _PERIOD.match(doc[at - 1].text):
        return fact
    period = doc[at - 1]
    return Fact("budget", f"{period.text} budget {fact.value}", period.idx, fact.end)


_PAST_KEEPS = frozenset({"want", "need", "hope", "plan", "ask", "tell", "say", "decide", "agree"})


def _in_past_clause(doc: Doc, fact: Fact) -> bool:
    """ "we got hit by ransomware in september": a time of something that happened."""
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and not doc[i].is_punct and span.start - i <= 8:
        tok = doc[i]
        if tok.tag_ == "VBD" and tok.lemma_ not in _PAST_KEEPS and tok.lemma_ != "be":
            return True
        if tok.tag_ == "MD" or tok.lower_ in ("will", "'ll", "going", "need", "want"):
            return False
        if doc[i].is_sent_start:
            break
        i -= 1
    return False


def _undated(value: str) -> str:
    """ "contract expires in March" -> "contract expires": the words before the date."""
    words = value.split()
    for k, w in enumerate(words):
        nxt = words[k + 1].lower() if k + 1 < len(words) else ""
        dated = nxt.strip(".,") in _MONTHS or nxt[:1].isdigit() or nxt == "the"
        if k and ((w.lower() in ("in", "on", "by", "at") and dated) or w.lower() in _MONTHS):
            return " ".join(words[:k])
    return value


def _dated(fact: Fact) -> bool:
    return any(w.lower().strip(".,") in _MONTHS for w in fact.value.split())


# --- deadlines ------------------------------------------------------------------------------


def _deadlines(c: _Clause) -> list[Fact]:
    words = c.words
    for i, word in enumerate(words):
        if word not in _EVENTS and not (word == "go" and i + 1 < len(words) and words[i + 1] in (
            "live", "-"
        )):  # fmt: skip
            continue
        if i > 0 and words[i - 1] in ("budget", "budgets"):
            continue  # "budget review in mid Jan" is a budget cycle
        date = _date_after(c, i)
        if date is None:
            continue
        start = i
        while (
            start > 0
            and c.toks[start - 1].dep_ in ("compound", "amod")
            and c.toks[start - 1].pos_ in ("NOUN", "PROPN", "ADJ")
            and words[start - 1] not in ("our", "the")
        ):
            start -= 1  # "insurance renewal", "board meeting"
        doc = c.toks[0].doc
        value = clean(doc[c.toks[start].i : date.i + 1].text)
        return [_fact("deadline", value, c.toks[start], date)]
    return []


def _date_after(c: _Clause, i: int) -> Token | None:
    """The last token of a date within a few words after the event ("dec 15", "on the 3rd")."""
    last = None
    k = i + 1
    seen_date = False
    while k < len(c.toks) and k <= i + _EVENT_WINDOW:
        tok, word = c.toks[k], c.words[k]
        if word in _EVENT_STOPS:
            break
        lower = tok.lower_.rstrip(".")
        if lower == "in" and not seen_date:  # "audit in 6 weeks": a date counted from now
            counted = _counted_period(c, k)
            if counted is not None:
                return counted
        is_date = (
            lower in _MONTHS
            or lower in _WEEKDAYS
            or bool(_ORDINAL.match(lower) or _NUMERIC_DATE.match(lower))
            or lower in ("tomorrow", "today", "tonight")
            or (seen_date and (tok.like_num or lower in ("of", "the", "st", "nd", "rd", "th")))
            or (tok.like_num and _month_next(c, k))
        )
        if is_date:
            seen_date = True
            if lower not in ("of", "the"):
                last = tok
        elif seen_date:
            break
        k += 1
    return last


_PERIODS = frozenset({"day", "days", "week", "weeks", "month", "months", "wks", "wk"})


def _counted_period(c: _Clause, k: int) -> Token | None:
    """ "in 6 weeks", "in two months": the period's last token."""
    if k + 2 < len(c.toks):
        count, unit = c.toks[k + 1], c.toks[k + 2]
        if (count.like_num or count.lower_ in ("a", "few")) and unit.lower_ in _PERIODS:
            return unit
    return None


def _month_next(c: _Clause, k: int) -> bool:
    return k + 1 < len(c.toks) and c.toks[k + 1].lower_.rstrip(".") in _MONTHS


# --- budget cycles -----------------------------------------------------------------------------


def _budget_cycles(c: _Clause) -> list[Fact]:
    words = c.words
    for i, word in enumerate(words):
        if word not in ("budget", "budgets", "year", "cycle"):
            continue
        if word in ("budget", "budgets") and i + 1 < len(words) and words[i + 1] in _REVIEWS:
            date = _date_after(c, i + 1)
            if date is not None:  # "budget review in mid Jan"
                value = clean(c.toks[0].doc[c.toks[i].i : date.i + 1].text)
                return [_fact("budget", value, c.toks[i], date)]
        if word == "year" and not (i > 0 and words[i - 1] in ("fiscal", "financial", "budget")):
            continue
        verb = next(
            (k for k in range(i + 1, min(len(words), i + 4)) if c.lemmas[k] in _CYCLE_VERBS), None
        )
        if verb is None and word in ("budget", "budgets"):
            # "budget will be in Q3", "no budget until the Q2 review": when money comes.
            k = i + 1
            while k < len(words) and k <= i + 4 and words[k] in _BUDGET_LINKS:
                k += 1
            if k < len(words) and words[k] in ("until", "till", "in", "from", "after"):
                quarter = next(
                    (c.toks[q] for q in range(k + 1, min(len(words), k + 3))
                     if re.fullmatch(r"q[1-4]", words[q])),
                    None,
                )  # fmt: skip
                date = quarter or _date_after(c, k)
                if date is not None:
                    start = i - 1 if i > 0 and words[i - 1] in ("no", "next", "new") else i
                    value = clean(c.toks[0].doc[c.toks[start].i : date.i + 1].text)
                    return [_fact("budget", value, c.toks[start], date)]
        if verb is None:
            continue
        date = _date_after(c, verb)
        if date is None:
            continue
        start = i - 1 if word == "year" or (i > 0 and words[i - 1] in ("next", "new")) else i
        while start > 0 and words[start - 1] in ("next", "new", "fiscal", "financial", "our"):
            start -= 1
        if words[start] == "our":
            start += 1
        doc = c.toks[0].doc
        value = clean(doc[c.toks[start].i : date.i + 1].text)
        return [_fact("budget", value, c.toks[start], date)]
    return []
