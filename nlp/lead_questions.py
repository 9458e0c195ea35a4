"""Questions about the product or an integration, as asked: `question` facts ("does it work
with SAP S/4HANA?", "curious how the sensors work").

Read by `nlp.lead_facts`; the word lists are data in nlp/lead_words.py."""

from __future__ import annotations

from spacy.tokens import Span

from nlp import lead_words as W
from nlp.model import Fact
from nlp.requests import _Clause

_QUESTION_STARTS = frozenset(W.QUESTION_STARTS)
_ASK_TO_KNOW = frozenset(W.ASK_TO_KNOW)
_FILLERS = frozenset(W.FILLERS)


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


def asked_question(c: _Clause, sent: Span, requests: list[Fact]) -> Fact | None:
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
