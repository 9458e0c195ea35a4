"""Where they heard of us, by name: `referrer` facts from "found you on G2", "heard about you
on the Supply Chain Now podcast", "thanks to stripe for the tip".

Read by `nlp.lead_facts`; the word lists are data in nlp/lead_words.py."""

from __future__ import annotations

from spacy.tokens import Token

from nlp import lead_words as W
from nlp.fact_values import clean
from nlp.fact_values import token_fact as _fact
from nlp.model import Fact
from nlp.requests import _Clause

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


def named_sources(c: _Clause, facts: list[Fact]) -> list[Fact]:
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
    known = W.KNOWN_SOURCES.get(doc[start].lower_)
    if known is not None:  # "found you on capterra"
        return known, doc[start]
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
