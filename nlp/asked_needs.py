"""A need read off the comment's subject when the need patterns found none.

The need patterns (nlp/fact_patterns.py) read the words right after "need", "looking for",
"interested in"; the tagger misreads short, lower-case, misspelt comments often enough that the
object is lost ("we want predictve maintanance on 40 pump stations", "scope is yard management
for 2 terminals"). The topic extractor has already found the subject as a noun phrase; when a
wish governs it in the same clause ("want", "need", "require", "seeking", "looking at/for/into",
"interested in", "scope is"), that subject is the need. Only wishes count: "a quote for X" is
the request's (the track says "you asked for a quote"), and "unhappy with X" says less than
"you need X".
"""

from __future__ import annotations

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from nlp.model import Fact, Topic

_WANTS = frozenset({"want", "need", "require", "seek", "demand", "wish"})
_LOOKING = {"look": frozenset({"for", "at", "into"}), "shop": frozenset({"for"}),
            "interested": frozenset({"in"}), "interest": frozenset({"in"})}  # fmt: skip
_ASKED_FOR = frozenset(
    {"call", "demo", "quote", "quotation", "proposal", "pricing", "price", "chat", "meeting",
     "info", "information", "trial", "pilot", "estimate"}
)  # fmt: skip
_SCOPE = frozenset({"scope", "requirement", "requirements", "project", "goal"})
_NEGATORS = frozenset({"not", "n't", "no", "never", "dont", "don't", "without"})
_BREAKS = frozenset({",", ";", ".", "!", "?", "but", "and", "because", "so"})
_WINDOW = 6


def need_from_topics(doc: Doc, topics: list[Topic], facts: list[Fact]) -> Fact | None:
    """The first ranked topic a wish governs, as written in the comment, or None."""
    if any(f.kind == "need" for f in facts):
        return None
    asked = [
        (f.start, f.end) for f in facts if f.kind in ("competitor", "stack", "referrer", "question")
    ]  # a name is its own fact; "need to know how the API works" is a question
    for topic in topics:
        for start, end in topic.spans[:1]:
            if any(a <= start < b for a, b in asked):
                continue  # a vendor's or a referrer's name is their fact, not a need
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or _too_uncertain(span):
                continue
            cue = _wish_before(doc, span.start)
            if cue is not None:
                value = doc.text[start:end].strip()
                return Fact("need", value, doc[cue].idx, end)
    return None


def _too_uncertain(span) -> bool:
    """One lower-case word no dictionary knows well ("somthing") is no need to say aloud."""
    text = span.text
    return len(span) == 1 and text.islower() and zipf_frequency(text, "en") < 2.5


def _wish_before(doc: Doc, at: int) -> int | None:
    """The index of the wish governing the phrase starting at ``at``, within its clause."""
    words = []
    i = at - 1
    while i >= 0 and at - i <= _WINDOW:
        tok = doc[i]
        if tok.lower_ in _BREAKS or tok.is_sent_end and i != at - 1:
            break
        words.append(i)
        i -= 1
    lowers = [doc[k].lower_ for k in words]
    if set(lowers) & _NEGATORS:
        return None  # "we don't need route planning"
    if set(lowers) & _ASKED_FOR or {doc[k].lemma_.lower() for k in words} & _ASKED_FOR:
        return None  # "need a quote for X": the wish is for the quote, which the request says
    for n, k in enumerate(words):
        tok, lemma = doc[k], doc[k].lemma_.lower()
        nxt = doc[k + 1].lower_ if k + 1 < len(doc) else ""
        wants = lemma in _WANTS or tok.lower_ in _WANTS | {"wanting", "needing", "seeking"}
        if wants and nxt != "to":  # "need to know how", "want to see": no thing wanted
            return k
        if lemma in _LOOKING and nxt in _LOOKING[lemma]:
            return k
        scoped = n + 1 < len(words) and doc[words[n + 1]].lower_ in _SCOPE
        if tok.lower_ in ("is", ":", "-") and scoped:
            return words[n + 1]  # "scope is yard management"
    return None
