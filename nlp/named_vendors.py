"""Competitor and stack facts: vendors of the vocabulary, and the names the competitor
patterns found, each read as a rival or as the lead's own system (nlp/vendor_roles.py).

A name the patterns found that is not in the vocabulary is kept only when it is written as a
name (capitalised, or a product code such as "Five9") and is neither an ordinary English word
nor a misspelling of one ("Predictve").
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.tokens import Doc
from wordfreq import top_n_list, zipf_frequency

from nlp.model import Fact
from nlp.vendor_roles import classify
from nlp.vendors import Mention, Vendors, mentions

_COMMON_ZIPF = 3.5
_NEAR_ZIPF = 3.0
_EVERYDAY_ZIPF = 4.5  # "predictve" is one edit from "predictive"
_ENGLISH = 30_000


@lru_cache(maxsize=1)
def _english() -> list[str]:
    return [w for w in top_n_list("en", _ENGLISH) if w.isalpha() and len(w) >= 4]


@lru_cache(maxsize=20_000)
def ordinary_word(word: str) -> bool:
    """An English word, or one edit from a common one ("predictve", "mangement")."""
    lower = word.lower()
    if zipf_frequency(lower, "en") >= _COMMON_ZIPF:
        return True
    if len(lower) < 5 or not lower.isalpha():
        return False
    limit = 1 if len(lower) < 9 else 2
    found = process.extractOne(lower, _english(), scorer=OSA.distance, score_cutoff=limit)
    return found is not None and zipf_frequency(found[0], "en") >= _NEAR_ZIPF


def _written_as_name(text: str, sentence_initial: bool) -> bool:
    """ "Five9", "Oracle EBS", "Sprinklr" mid-sentence; not "predictve", not "Spreadsheets"."""
    words = text.split()
    if not words:
        return False
    named = [w for w in words if w[:1].isupper() or any(c.isdigit() for c in w)]
    if len(named) < len(words):
        return False
    if len(words) > 1:
        return not all(ordinary_word(w) for w in words)
    word = words[0]
    if word.isupper() or not ordinary_word(word):
        return True
    # capitalised inside a sentence, and no everyday word: a brand ("Nuance", "Sprinklr")
    return not sentence_initial and zipf_frequency(word.lower(), "en") < _EVERYDAY_ZIPF


def vendor_facts(doc: Doc, facts: list[Fact], vendors: Vendors) -> list[Fact]:
    """The facts with competitor facts checked and re-read, and stack facts added."""
    found = mentions(doc, vendors)
    spans = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in found]
    out: list[Fact] = []
    taken: set[int] = set()
    patterned: dict[int, tuple[int, int]] = {}  # mentions a competitor pattern matched
    for fact in facts:
        if fact.kind != "competitor":
            out.append(fact)
            continue
        inside = [k for k, (a, b) in enumerate(spans) if a < fact.end and fact.start < b]
        named = [k for k in inside if _contains(fact, spans[k], doc)]
        if named:
            for k in named:  # the vocabulary's reading below decides; the evidence stays
                patterned[k] = (min(fact.start, spans[k][0]), max(fact.end, spans[k][1]))
            continue
        first = doc.char_span(fact.start, fact.end, alignment_mode="expand")
        initial = first is not None and _starts_sentence(doc, fact)
        if not _written_as_name(fact.value, initial):
            continue  # "predictve", "spreadsheets": no vendor
        span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
        name = _name_span(doc, fact)
        role = classify(doc, name[0], name[1]) if name else None
        kind = "stack" if role == "stack" else "competitor"
        out.append(Fact(kind, fact.value, fact.start, fact.end) if span is not None else fact)
    previous: tuple[Mention, str] | None = None
    for k, m in enumerate(found):
        if k in taken:
            continue
        role = classify(doc, m.start, m.end)
        if role is None and previous is not None and _listed_after(doc, previous[0], m):
            role = previous[1]  # "talking to Gong and Chorus"
        if role is None and k in patterned:
            role = "competitor"  # "burned by Workday implementation delays"
        if role is None:
            previous = None
            continue
        a, b = patterned.get(k, spans[k])
        out.append(Fact(role, m.spoken(), a, b))
        previous = (m, role)
    return out


def _starts_sentence(doc: Doc, fact: Fact) -> bool:
    at = doc.text.find(fact.value, fact.start)
    span = doc.char_span(at, at + len(fact.value), alignment_mode="expand") if at >= 0 else None
    return (
        span is None
        or span.start == 0
        or doc[span.start].is_sent_start
        or (doc[span.start - 1].is_punct and doc[span.start - 1].text in ".!?:")
    )


def _contains(fact: Fact, span: tuple[int, int], doc: Doc) -> bool:
    return fact.start <= span[0] < fact.end or span[0] <= fact.start < span[1]


def _name_span(doc: Doc, fact: Fact) -> tuple[int, int] | None:
    at = doc.text.find(fact.value, fact.start, max(fact.end, fact.start + len(fact.value)) + 1)
    if at < 0:
        return None
    span = doc.char_span(at, at + len(fact.value), alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def _listed_after(doc: Doc, first: Mention, then: Mention) -> bool:
    between = [t.lower_ for t in doc[first.end : then.start]]
    if not 0 < len(between) <= 4 or any(t.is_sent_start for t in doc[first.end : then.end]):
        return False
    joins = [w for w in between if w in (",", "and", "or", "&", "/", "n", "(")]
    # "Gong and Chorus", "workday for hr and greenhouse"
    return bool(joins) and (len(between) <= 2 or between[-1] in ("and", "or", "n", "&"))
