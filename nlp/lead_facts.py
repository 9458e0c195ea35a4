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
from nlp.fact_values import clean, referrer_names
from nlp.model import Fact
from nlp.requests import _Clause, clauses, read_word

_EMAIL = frozenset(W.EMAIL_WORDS)
_PHONE = frozenset(W.PHONE_WORDS)
_CALLS = frozenset(W.CALL_WORDS)
_PREFER = frozenset(W.PREFER_WORDS)
_NEGATORS = frozenset(W.NEGATORS)
_REMOVALS = frozenset(W.REMOVAL_WORDS)
_TIME_START = frozenset(W.TIME_PREPOSITIONS)
_TIME_WORDS = frozenset(W.TIME_WORDS)
_CONTACT_VERBS = frozenset(W.CONTACT_VERBS)
_EVENTS = frozenset(W.EVENT_NOUNS)
_EVENT_STOPS = frozenset(W.EVENT_STOPS)
_MONTHS = frozenset(W.MONTHS)
_WEEKDAYS = frozenset(W.WEEKDAYS)
_SEAT_UNITS = frozenset(W.SEAT_UNITS)
_HEADCOUNT = frozenset(W.HEADCOUNT_UNITS)
_NUMBER_WORDS = frozenset(W.NUMBER_WORDS)
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
_QUESTION_STARTS = frozenset(W.QUESTION_STARTS)
_ASK_TO_KNOW = frozenset(W.ASK_TO_KNOW)
_FILLERS = frozenset(W.FILLERS)
_ORDINAL = re.compile(r"^\d{1,2}(st|nd|rd|th)$", re.I)
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$")
_CLOCK = re.compile(r"^\d{1,2}([:.]\d{2})?(am|pm|a\.m\.|p\.m\.)?$", re.I)
_COUNT = re.compile(r"^~?\d[\d,]*\+?$")
_EVENT_WINDOW = 12
_COUNT_IN_TEXT = re.compile(r"(?<![\w$€£])~?\d|(?i:\b(?:" + "|".join(W.NUMBER_WORDS) + r")\b)")
_CHANNEL_CUES = frozenset(
    W.EMAIL_WORDS + W.PHONE_WORDS + W.CALL_WORDS + W.CONTACT_VERBS
    + ["time", "available", "free", "reachable"]
)  # fmt: skip
_EVENT_CUES = frozenset(W.EVENT_NOUNS + ["go"])
_BUDGET_CUES = frozenset({"budget", "budgets", "year", "cycle"})
_SOURCE_CUES = frozenset(W.HEARD_VERBS + ["thanks"])
_STAFF_CHANGES = frozenset(W.STAFF_CHANGES)
_REVIEWS = frozenset({"review", "planning", "approval", "meeting", "cycle", "season", "signoff"})
_HEARD = frozenset(W.HEARD_VERBS)
_SOURCE_PREPS = frozenset({"on", "at", "via", "through", "in", "from"})
_SOURCE_KINDS = frozenset(W.SOURCE_KINDS)
_CHANNELS = frozenset(W.CHANNELS)
_TIP_WORDS = frozenset(
    {
        "tip",
        "recommendation",
        "intro",
        "introduction",
        "referral",
        "heads",
        "pointer",
        "suggestion",
        "said",
        "told",
        "recommended",
    }
)


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
                added.extend(_contact_preferences(clause))
            if words & _EVENT_CUES:
                added.extend(_deadlines(clause))
            if words & _BUDGET_CUES:
                added.extend(_budget_cycles(clause))
            if words & _SOURCE_CUES:
                added.extend(_sources(clause, facts))
            question = _question(clause, sent, requests)
            if question is not None:
                added.append(question)
    added.extend(_seats(doc))
    added = _one_per_kind_and_value(added)
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


def _one_per_kind_and_value(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in facts:
        key = (f.kind, f.value.lower())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _fact(kind: str, value: str, first: Token, last: Token) -> Fact:
    return Fact(kind, value, first.idx, last.idx + len(last))


# --- contact preference ------------------------------------------------------------------


def _contact_preferences(c: _Clause) -> list[Fact]:
    out: list[Fact] = []
    words = c.words
    n = len(words)
    for i, word in enumerate(words):
        channel = _channel(word)
        if channel is None:
            continue
        before = words[max(0, i - 3) : i]
        after = words[i + 1 : i + 4]
        # "remove me from all emails", "take me off your mailing list"
        removal = channel == "email" and bool(set(words[max(0, i - 5) : i]) & _REMOVALS)
        negated = (
            removal
            or bool(set(before) & _NEGATORS)
            or after[:2] in (["is", "not"], ["not"])
            or (after[:1] == ["isnt"] or after[:2] == ["is", "n't"])
        )
        time = _time_after(c, i) if channel == "phone" else None
        if negated and time is not None:  # "dont ring before 11"
            out.append(_fact("contact_preference", f"time: not {time[0]}", c.toks[i], time[1]))
            continue
        if negated:
            value = "no_call" if channel == "phone" else "no_email"
            cues = _NEGATORS | _REMOVALS
            start = next((k for k in range(max(0, i - 5), i) if words[k] in cues), i)
            out.append(_fact("contact_preference", value, c.toks[start], c.toks[i]))
            continue
        if time is not None and (word in _CALLS or word in _CONTACT_VERBS):
            out.append(_fact("contact_preference", f"time: {time[0]}", c.toks[i], time[1]))
            continue
        if word in ("voicemail",):
            continue
        # "email is best", "reply by email", "email the quote rather than call", "call my mobile"
        near = set(before) | set(after)
        rival_before = bool(set(words[max(0, i - 2) : i]) & {"than", "over", "of"})
        by = i > 0 and words[i - 1] in ("by", "via", "through", "on", "over") and not rival_before
        prefers = bool(near & _PREFER) or by or _contrasted(c, i)
        mobile = (
            word in _CALLS
            and i + 2 < n
            and words[i + 1] in ("my", "me")
            and (words[i + 2] in ("mobile", "cell", "cellphone", "phone", "number"))
        )
        if word in ("whatsapp", "text", "sms", "mobile", "cell") and (near & _PREFER or by):
            prefers = True
        if (prefers or mobile) and not rival_before:
            out.append(_fact("contact_preference", channel, c.toks[i], c.toks[i]))
    # "best time to reach me is tuesdays after 2pm", "can we talk after that"
    if not any(f.value.startswith("time:") for f in out):
        found = _best_time(c)
        if found is not None:
            out.append(found)
    return out


def _channel(word: str) -> str | None:
    if word in _EMAIL:
        return "email"
    if word in _PHONE or word in _CALLS:
        return "phone"
    return None


def _contrasted(c: _Clause, i: int) -> bool:
    """ "email the quote rather than call", "call instead": the channel chosen over another."""
    rest = c.words[i + 1 :]
    if rest[:1] == ["instead"] or "rather" in rest[:6] or "instead" in rest[:6]:
        return True
    return "only" in rest[:2]


def _time_after(c: _Clause, i: int) -> tuple[str, Token] | None:
    """The time words after a call or contact word: "at 9am est any weekday", "after 5"."""
    j = i + 1
    while j < len(c.words) and c.words[j] in ("me", "us", "back", "you", "to", "talk"):
        j += 1
    if j >= len(c.words) or c.words[j] not in _TIME_START:
        return None
    k = j + 1
    timely = False
    while k < len(c.words) and c.toks[k].text not in (",", ";", "—", "-"):
        tok = c.toks[k]
        if _time_like(tok) or c.words[k] == "that":
            timely = True
        k += 1
    if not timely:
        return None
    span = c.toks[j:k]
    return clean(c.toks[0].doc[span[0].i : span[-1].i + 1].text), span[-1]


def _time_like(tok: Token) -> bool:
    lower = tok.lower_.rstrip(".")
    return (
        bool(_CLOCK.match(lower) or _ORDINAL.match(lower))
        or lower in _TIME_WORDS
        or lower in _WEEKDAYS
        or lower.rstrip("s") in _WEEKDAYS
        or tok.ent_type_ in ("TIME", "DATE")
    )


def _best_time(c: _Clause) -> Fact | None:
    words = c.words
    for i, word in enumerate(words):
        best = i > 0 and words[i - 1] in ("best", "good", "ideal", "easiest")
        if word == "time" and best and "is" in words[i + 1 : i + 6]:
            j = words.index("is", i + 1) + 1
            if j < len(words):
                last = c.toks[-1]
                value = clean(c.toks[0].doc[c.toks[j].i : last.i + 1].text)
                return _fact("contact_preference", f"time: {value}", c.toks[i - 1], last)
        if word in ("talk", "chat", "speak", "meet") and c.modal and words[:i].count("we"):
            found = _time_after(c, i)
            if found is not None:
                return _fact("contact_preference", f"time: {found[0]}", c.toks[i], found[1])
        if word in ("available", "free", "reachable") and i + 1 < len(words):
            j = i + 1
            if any(_time_like(t) for t in c.toks[j : j + 4]):
                last = c.toks[-1]
                value = clean(c.toks[0].doc[c.toks[j].i : last.i + 1].text)
                return _fact("contact_preference", f"time: {value}", c.toks[i], last)
    return None


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


def _month_next(c: _Clause, k: int) -> bool:
    return k + 1 < len(c.toks) and c.toks[k + 1].lower_.rstrip(".") in _MONTHS


# --- seats -----------------------------------------------------------------------------------


_SEAT_ENDINGS = tuple(W.SEAT_UNIT_ENDINGS)


def _seats(doc: Doc) -> list[Fact]:
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


# --- referrers: named sources --------------------------------------------------------------


def _sources(c: _Clause, facts: list[Fact]) -> list[Fact]:
    """ "found you on G2", "heard about you on the Supply Chain Now podcast", "saw your talk
    at RSA", "thanks to stripe for the tip": where they heard of us, by name."""
    words = c.words
    if any(f.kind == "referrer" and c.toks[0].idx <= f.start <= c.toks[-1].idx for f in facts):
        return []
    for i, word in enumerate(words):
        lemma = c.lemmas[i]
        if word == "thanks" and words[i + 1 : i + 2] == ["to"]:
            tip = set(words[i + 2 : i + 9]) & _TIP_WORDS
            if tip:
                name = _thanked(c, i)
                if name is not None:
                    return [_fact("referrer", name[0], c.toks[i], name[1])]
            continue
        if lemma not in _HEARD or i + 1 >= len(words):
            continue
        j = i + 1
        if words[j] in ("about", "of", "across"):
            j += 1
        if j >= len(words) or words[j] not in ("you", "your", "u", "ur", "yall"):
            continue
        j += 1
        while j < len(words) and words[j] not in _SOURCE_PREPS and j < i + 6:
            j += 1  # "saw your booth at", "found your product on"
        if j >= len(words) or words[j] not in _SOURCE_PREPS:
            continue
        name = _source_name(c, j + 1)
        if name is not None:
            return [_fact("referrer", name[0], c.toks[i], name[1])]
    return []


def _source_name(c: _Clause, j: int) -> tuple[str, Token] | None:
    """The name after "on"/"at"/"via": a run of capitalised or letter-digit words, with the
    kind of source after it ("the Supply Chain Now podcast" -> "Supply Chain Now podcast").
    The run is read on the doc: the sentence splitter may cut inside a name ("... Now")."""
    while j < len(c.toks) and c.words[j] in ("the", "a", "an", "their", "our", "your"):
        j += 1
    if j >= len(c.toks):
        return None
    doc = c.toks[0].doc
    start = k = c.toks[j].i
    while k < len(doc) and (_named(doc[k]) or (k > start and doc[k].text == "&")):
        k += 1
    if k == start:
        return None
    if k < len(doc) and doc[k].lower_ in _SOURCE_KINDS:
        k += 1
    span = doc[start:k]
    if span.text.lower() in _CHANNELS or span[0].lower_ in _CHANNELS:
        return None  # "found you on Google": a channel, not a referral
    return clean(span.text), span[-1]


def _thanked(c: _Clause, i: int) -> tuple[str, Token] | None:
    """ "thanks to stripe for the tip": the words between "to" and "for"."""
    j = i + 2
    end = j
    while end < len(c.toks) and end < j + 3 and c.words[end] not in ("for", ",", "they", "who"):
        end += 1
    if end == j or end >= len(c.toks) or c.words[end] not in ("for", ",", "they", "who"):
        return None
    words = [t.text for t in c.toks[j:end]]
    name = " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in words)
    return name, c.toks[end - 1]


def _named(tok: Token) -> bool:
    text = tok.text
    if any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text):
        return True  # "G2"
    return text[:1].isupper() and text.isalpha()


def ordinary(tok: Token) -> bool:
    return not tok.text[:1].isupper() or tok.is_stop


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


# --- questions -----------------------------------------------------------------------------------


def _subjectless_statement(c: _Clause, first: int) -> bool:
    """An auxiliary straight before its verb ("is seeking", "will need"): a question puts
    the subject between them ("is it ..."), so this is a statement whose subject came
    before the clause."""
    if c.words[first] not in ("is", "are", "was", "were", "will", "has", "have", "had"):
        return False
    nxt = c.toks[first + 1] if first + 1 < len(c.toks) else None
    return nxt is not None and nxt.tag_ in ("VBG", "VBN", "VB")


_WONDERING = frozenset({"wondering", "wonder", "curious", "wondered"})
_WH_WORDS = frozenset({"how", "what", "why", "which", "when", "where", "who"})


def _question(c: _Clause, sent: Span, requests: list[Fact]) -> Fact | None:
    content = [k for k, w in enumerate(c.words) if w not in _FILLERS]
    if len(c.words) < 3 or not content:
        return None
    if c.words[content[0]] not in _QUESTION_STARTS and not (
        set(c.words) & _ASK_TO_KNOW or _followed_by_question_mark(c, sent)
    ):
        return None  # the cheap test first: most clauses ask nothing
    toks = [t for t in c.toks if not t.is_punct or t.text in ("/", "-")]
    if len(toks) < 3:
        return None
    if not _followed_by_question_mark(c, sent) and _subjectless_statement(c, content[0]):
        return None  # "(the County) is seeking proposals": a statement cut from its subject
    first = c.words[content[0]]
    start_at = content[0]
    asked = False
    for k, w in enumerate(c.words):
        nxt = c.words[k + 1] if k + 1 < len(c.words) else ""
        if w in _ASK_TO_KNOW and nxt in ("if", "whether"):
            asked, start_at = True, max(0, k - 2)  # "want to know if", "wondering whether"
            break
        wondering = w in _WONDERING or (w == "know" and k and c.words[k - 1] == "to")
        if wondering and nxt in _WH_WORDS and k + 3 < len(c.words):
            asked, start_at = True, k + 1  # "curious how the sensors work": how they work
            break
    if not asked:
        followed = _followed_by_question_mark(c, sent)
        if first not in _QUESTION_STARTS and not followed:
            return None
        if first not in _QUESTION_STARTS and followed and c.words[content[0]] in (
            "next", "interested",
        ):  # fmt: skip
            return None
    a, b = c.toks[start_at].idx, c.toks[-1].idx + len(c.toks[-1])
    if any(a <= r.start < b for r in requests):
        return None  # "can you send pricing?" asks for something: a request
    doc = c.toks[0].doc
    end = c.toks[-1]
    text = doc.text[a:b]
    if _followed_by_question_mark(c, sent):
        text += "?"
        end_char = b + 1 if doc.text[b : b + 1] == "?" else b
    else:
        end_char = b
    value = " ".join(text.split())
    if not any(ch.isalpha() for ch in value):
        return None
    del end
    return Fact("question", value, a, end_char)


def _followed_by_question_mark(c: _Clause, sent: Span) -> bool:
    last = c.toks[-1]
    doc = last.doc
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    return nxt is not None and nxt.text.startswith("?")
