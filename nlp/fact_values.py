"""Fact values a rep can say aloud: the name, the amount, the time phrase, not the clause.

The span stays the evidence; these functions only read a short, normalised value off it
(tests/data/README.md, "Values").
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from nlp.fact_patterns import (
    BUDGET_STATES,
    HONORIFICS,
    MONTHS,
    REFERRER_RELATIONS,
    URGENCY_WORDS,
)
from nlp.model import Fact
from nlp.sentences import sentence_at

_AMOUNT_START = re.compile(r"^[~≈<>]?[$€£]|^[~≈<>]?\d")
_AMOUNT_PART = re.compile(r"^[$€£]?\d[\d,.]*(k|K|m|M|mm|MM|x)?(/\w+)?$")
_APPROX = re.compile(r"^[~≈]\s*")
_AMOUNT_TAIL = frozenset(
    {"k", "m", "mm", "million", "thousand", "usd", "eur", "gbp", "dollars", "euros", "pounds",
     "-", "–", "to", "/", "yr", "year", "years", "month", "months", "mo", "annually", "per",
     "a", "an", "over", "two", "three", "four", "five", "quarter", "week", "annum", "pa"}
)  # fmt: skip
_AMOUNT_LIMITS = frozenset({"under", "below", "max", "maximum", "within", "up", "less"})
_APPROX_WORDS = frozenset({"roughly", "about", "around", "approximately", "approx", "~"})
_MONTHS = {m.lower(): m for m in MONTHS}
_NO_ISSUE = frozenset({"issue", "problem", "concern", "constraint", "blocker", "object"})
_NEGATORS = frozenset({"no", "zero", "none", "without", "not", "n't", "dont", "don't", "nt"})
_EVENT_VERBS = frozenset(
    {"expires", "lapses", "ends", "renews", "terminates", "expire", "lapse", "end", "renew"}
)
_EVENT_NOUNS = frozenset({"renewal", "contract", "license", "licence", "subscription"})
# heads that say nothing without their clause ("a better way to track inventory")
# A need a rep cannot repeat back: "need somthing by end of month" names no need.
VAGUE_NEEDS = frozenset({"something", "somthing", "sth", "smth", "anything", "stuff", "help"})
_OPEN_HEADS = frozenset(
    {"way", "help", "something", "somthing", "sth", "smth", "ability", "means", "someone", "place"}
)
_ADVERBIALS = frozenset({("in", "place"), ("in", "time"), ("up", "and"), ("as", "soon")})
_NEED_OPENERS = frozenset({"some", "any", "new"})
_POSSESSIVES = frozenset({"our", "my", "your", "their"})


def clean(text: str) -> str:
    """One line, single spaces (markup blanked out leaves runs of spaces), no trailing dot."""
    return " ".join(text.split()).strip(" .,;:!?-–—()")


def need_value(obj: Span) -> str:
    """ "a widget ROI solution for 3 plants that ..." -> "widget ROI solution".

    The object stops at a relative clause, an infinitive, or a prepositional phrase that
    only sizes it ("for 60 agents", "for our team", "for answering ...").
    """
    toks = list(obj)
    while toks and (toks[0].tag_ in ("DT", "PRP$", "PRP") or toks[0].lower_ in _NEED_OPENERS):
        toks = toks[1:]
    if len(toks) > 1 and toks[0].lemma_ == "replace":  # "looking to replace Concur"
        return "replacement for " + need_value(obj.doc[toks[1].i : toks[-1].i + 1])
    kept = []
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            kept
            and kept[-1].lemma_ not in _OPEN_HEADS
            and tok.lower_ in ("that", "which", "who", "to")
            and tok.tag_ in ("WDT", "WP", "TO", "IN")
            and (tok.lower_ != "to" or (nxt is not None and nxt.pos_ in ("VERB", "AUX")))
        ):
            break  # fmt: skip
        if kept and tok.pos_ == "ADP" and nxt is not None and _sizes_it(nxt):
            break
        if kept and (tok.lower_, nxt.lower_ if nxt is not None else "") in _ADVERBIALS:
            break  # "a cloud dialer in place"
        kept.append(tok)
    if not kept:
        return clean(obj.text)
    return clean(obj.doc[kept[0].i : kept[-1].i + 1].text)


def _sizes_it(tok) -> bool:
    return (
        tok.like_num
        or tok.text[:1] in "~$€£"
        or tok.tag_ in ("PRP$", "VBG", "CD")
        or tok.lower_ in ("a", "an")
        or tok.lower_ in ("every", "each", "all", "both")
    )


def budget_value(span: Span) -> str:
    """ "Budget is $1.2M over two years" -> "$1.2M over two years"; "no budget yet" -> "none
    yet"; "Budget is not approved yet" -> "not approved yet"; an amount and an approval ->
    "$120k approved"."""
    doc = span.doc
    sent_end = sentence_at(doc, span.start).end
    words = [t.lower_ for t in span]
    after = doc[span.end : min(sent_end, span.end + 2)]
    has_yet = "yet" in words or any(t.lower_ == "yet" for t in after)
    # the most telling state wins: "have budget set aside" is "set aside"
    found = [BUDGET_STATES[t.lower_] for t in (*span, *after) if t.lower_ in BUDGET_STATES]
    ranking = list(dict.fromkeys(BUDGET_STATES.values()))
    state = min(found, key=ranking.index) if found else None
    negated = [t for t in span if t.lower_ in _NEGATORS]
    if negated and any(t.lemma_ in _NO_ISSUE for t in span):
        return "not an issue"  # "budget is not an issue, speed is"
    amount = _amount(span, sent_end)
    if negated:
        neg = negated[0]
        nearby = [t.lower_ for t in doc[neg.i + 1 : neg.i + 3]]
        if neg.lower_ in ("not", "n't", "nt") and any(
            BUDGET_STATES.get(w) == "approved" for w in nearby
        ):
            return "not approved yet" if has_yet else "not approved"
        if amount is None:
            return "none yet" if has_yet else "none"
    if amount is not None:
        return f"{amount} approved" if state == "approved" else amount
    if state is not None:
        return state
    # no amount, no known state ("Budget is roughly 2x"): the words after the budget cue
    rest = [t for t in span if t.lemma_ not in ("budget", "funding", "be") and t.text != ":"]
    return clean(doc[rest[0].i : rest[-1].i + 1].text) if rest else clean(span.text)


def _amount(span: Span, sent_end: int) -> str | None:
    doc = span.doc
    start = next((t.i for t in span if _AMOUNT_START.match(t.text)), None)
    if start is None:
        return None
    end = start + 1
    while (
        end < sent_end
        and end < start + 8
        and (
            doc[end].lower_ in _AMOUNT_TAIL
            or _AMOUNT_PART.match(doc[end].text)
            or (doc[end].like_num and doc[end - 1].lower_ != "a")
        )
    ):
        end += 1
    while end > start + 1 and doc[end - 1].lower_ in (
        "-",
        "–",
        "to",
        "/",
        "per",
        "a",
        "an",
        "over",
    ):
        end -= 1  # fmt: skip
    first = start
    if first > span.start and doc[first - 1].lower_ in _AMOUNT_LIMITS:
        first -= 1
    elif first > span.start + 1 and doc[first - 1].lower_ == "to" and doc[first - 2].lower_ == "up":
        first -= 2
    text = doc[first:end].text
    if not any(c.isdigit() for c in text):
        return None
    text = _APPROX.sub("", text)
    if text.split()[0].lower() in _APPROX_WORDS:
        text = text.split(maxsplit=1)[1] if " " in text else text
    return clean(text)


def referrer_value(span: Span) -> str | None:
    """The person, else the organisation, else the relation ("colleague")."""
    doc = span.doc
    sent_end = sentence_at(doc, span.start).end
    window = doc[span.start : min(sent_end, span.end + 6)]
    people = [e for e in doc.ents if e.label_ == "PERSON" and span.start <= e.start < span.end]
    if not people:  # "Referred by Acme's VP of Ops, Linda Park": the apposition names them
        people = [e for e in doc.ents if e.label_ == "PERSON" and window.start <= e.start
                  < window.end and doc[e.start - 1].text == ","]  # fmt: skip
    # "my old manager at Contoso": a name after a relation and "at" is where they work, even
    # when the tagger reads it as a person
    people = [e for e in people if not _workplace(doc, e.start)]
    if people:
        return _person(people[0])
    toks = [t for t in span if t.tag_ not in ("DT", "PRP$")]
    relation = next((t for t in toks if t.lemma_.lower() in REFERRER_RELATIONS), None)
    # "a friend at Stripe", "our bank, First Horizon": the organisation named next to it
    if relation is not None:
        j = relation.i + 1
        joined = doc[j].lower_ if j < window.end else ""
        if joined in ("at", "from", "of", ","):
            j += 1
        run = _proper_run(doc, j, window.end)
        if run and joined in ("at", "from"):
            # "a friend at Stripe" referred them, not Stripe: the person is kept with the place
            return f"{_relation_phrase(relation)} {joined} {run}"
        if run:
            return run
    # "our insurer, Harbor Mutual": the name in apposition after the cue
    after = span.end + 1 if span.end < window.end and doc[span.end].text == "," else None
    if after is not None:
        run = _proper_run(doc, after, window.end)
        if run:
            return run
    names = _first_proper_run(span)
    if names:
        return names
    if relation is not None:
        return relation.lemma_.lower()
    # a lower-case first name ("refered by jess"): the single word after the cue
    words = [t for t in toks if t.is_alpha and t.pos_ in ("NOUN", "PROPN", "ADJ")]
    cue_end = [t for t in words if t.lemma_.lower() not in ("refer", "referral", "recommend")]
    if len(cue_end) == 1 and cue_end[0].text.islower():
        return cue_end[0].text.capitalize()
    return None


def _person(ent: Span) -> str:
    toks = [t for t in ent if t.lower_.rstrip(".") not in HONORIFICS and not t.is_punct]
    return " ".join(t.text for t in toks) if toks else ent.text


def _workplace(doc, i: int) -> bool:
    return (
        i >= 2
        and doc[i - 1].lower_ in ("at", "from")
        and doc[i - 2].lemma_.lower() in REFERRER_RELATIONS
    )


def _relation_phrase(relation) -> str:
    """ "old manager", "peer": the relation with its adjectives."""
    doc = relation.doc
    start = relation.i
    while start > 0 and relation.i - start < 2 and doc[start - 1].tag_ == "JJ":
        start -= 1  # "old manager"; the determiner goes, as in every value
    return doc[start : relation.i + 1].text


def referrer_names(value: str) -> set[str]:
    """The names a referrer value holds, lowercased: "a friend at Stripe" holds "stripe"."""
    low = value.lower()
    names = {low}
    for joined in (" at ", " from "):
        if joined in low:
            names.add(low.rsplit(joined, 1)[1])
    return names


def _proper_run(doc, start: int, end: int) -> str | None:
    j = start
    while j < end and doc[j].pos_ == "PROPN":
        j += 1
    return doc[start:j].text if j > start else None


def _first_proper_run(span: Span) -> str | None:
    """The first name in the phrase: "Priya from Helix Labs" is Priya (a person wins)."""
    run: list = []
    for tok in span:
        if tok.pos_ == "PROPN" and tok.lower_.rstrip(".") not in HONORIFICS:
            run.append(tok)
        elif run:
            break
    return span.doc[run[0].i : run[-1].i + 1].text if run else None


def timeline_value(span: Span) -> str:
    """The time phrase with its preposition, without form labels, determiners, possessives."""
    toks = list(span)
    if len(toks) > 2 and toks[1].text == ":":  # "Timeline: end of this quarter"
        toks = toks[2:]
    spaced = []
    for i, tok in enumerate(toks):
        nxt = toks[i + 1].lower_ if i + 1 < len(toks) else ""
        if tok.lower_ in _POSSESSIVES or (tok.lower_ == "the" and nxt in ("next", "coming")):
            continue  # "before our next fundraise" -> "before next fundraise"
        spaced.append(_MONTHS.get(tok.lower_, tok.text) + tok.whitespace_)
    return clean("".join(spaced)) or clean(span.text)


def urgency_value(span: Span, label: str, typos: dict[str, str]) -> str:
    """ "ASAP", "urgent", or the expiring contract as an event ("contract ends in June")."""
    text = clean(span.text).lower()
    if text in URGENCY_WORDS:
        return URGENCY_WORDS[text]
    if label != "contract ends":
        return clean(span.text)
    kept = []
    for i, tok in enumerate(span):
        word = typos.get(tok.lower_, tok.lower_)
        if (
            i == 0
            or tok.pos_ in ("VERB", "NUM")
            or tok.ent_type_ == "DATE"
            or (tok.pos_ == "ADP" and i + 1 < len(span) and span[i + 1].ent_type_ == "DATE")
            or word in ("up", "for", "in", "on", "the")
            or word in _EVENT_NOUNS
            or word in _EVENT_VERBS
            or word in _MONTHS
            or tok.like_num
        ):
            proper = tok.pos_ == "PROPN" and word not in _MONTHS
            kept.append(_MONTHS.get(word, tok.text if proper else word))
    # "contract with the current vendor expires": an article only where a date follows it
    kept = [
        w
        for k, w in enumerate(kept)
        if w != "the" or (k + 1 < len(kept) and (kept[k + 1].lower() in _MONTHS or
                                                kept[k + 1][:1].isdigit()))
    ]  # fmt: skip
    # "renewal is coming up in 60 days" -> "renewal in 60 days"
    if len(kept) > 3 and kept[1:3] == ["coming", "up"]:
        kept = kept[:1] + kept[3:]
    return clean(" ".join(kept))


def token_fact(kind: str, value: str, first: Token, last: Token) -> Fact:
    """A fact whose evidence runs from token ``first`` to token ``last``."""
    return Fact(kind, value, first.idx, last.idx + len(last))


def distinct_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per kind and value, the first kept ("our ADP contract ... a replacement for
    ADP" states one competitor)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for fact in facts:
        key = (fact.kind, fact.value.lower())
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out
