"""Facts from free-text comments: referrer, timeline, budget, need, urgency, competitor, request.

The patterns live in nlp/fact_patterns.py; this module only runs them, reads each fact's value
and drops negated or overlapping matches.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.fact_patterns import (
    AMOUNT_VARIANTS,
    KNOWN_TOOLS,
    NAME_VARIANTS,
    NEGATION_KEEPS,
    NEGATORS,
    REQUEST_WORDS,
    RULES,
)
from nlp.model import FACT_KINDS, Fact
from nlp.topics import sentences_of

_KEY_SEP = "|"
# kinds that may sit inside a need's object ("a replacement for Zendesk")
_OPEN_KINDS = frozenset({"need", "competitor", "referrer"})
_COORDINATED_KINDS = frozenset({"competitor"})
_NEGATORS = frozenset(NEGATORS)
_TOOLS = frozenset(KNOWN_TOOLS)
_REQUEST_WORDS = frozenset(REQUEST_WORDS)
_OBJECT_MAX_TOKENS = 10
# words that start a new thought after a need's object ("... readiness before our Series B")
_OBJECT_STOPS = frozenset(
    {
        "before",
        "until",
        "by",
        "when",
        "once",
        "since",
        "because",
        "so",
        "after",
        "asap",
        "but",
        "though",
        "although",
    }
)
_NEGATION_WINDOW = 3


_PLACEHOLDERS = {"NAME": NAME_VARIANTS, "AMOUNT": AMOUNT_VARIANTS}


def _expand(pattern: list) -> list[list[dict]]:
    """Replace NAME / AMOUNT placeholders by each way a name or a sum of money is written."""
    for placeholder, variants in _PLACEHOLDERS.items():
        if placeholder in pattern:
            at = pattern.index(placeholder)
            return [
                expanded
                for variant in variants
                for expanded in _expand(pattern[:at] + variant + pattern[at + 1 :])
            ]
    return [pattern]


_ANCHOR_ATTRS = {"LOWER": "lower_", "LEMMA": "lemma_", "TEXT": "text"}


def _anchors(pattern: list[dict]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Words the pattern cannot match without: one word list per required token that has one.

    The Matcher's cost grows with the number of patterns tried at every token; a pattern one of
    whose required words is absent from the comment cannot match, so it is not tried at all.
    """
    found = []
    for token in pattern:
        if token.get("OP") not in (None, "+"):  # optional or negated: not required
            continue
        for attr, field in _ANCHOR_ATTRS.items():
            value = token.get(attr)
            if isinstance(value, str):
                found.append((field, frozenset([value])))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                found.append((field, frozenset(value["IN"])))
    return tuple(sorted(set(found), key=lambda a: (len(a[1]), a[0], sorted(a[1]))))


class FactExtractor:
    def __init__(self, nlp: Language):
        # one small Matcher per anchored pattern group, tried only when its anchor occurs
        self._matchers: list[tuple[tuple[tuple[str, frozenset[str]], ...], Matcher]] = []
        for kind, rules in RULES.items():
            assert kind in FACT_KINDS, kind
            for rule in rules:
                key = _KEY_SEP.join((kind, rule["label"], rule["value"]))
                groups: dict[tuple[tuple[str, frozenset[str]], ...], list[list[dict]]] = {}
                for raw in rule["patterns"]:
                    for pattern in _expand(raw):
                        groups.setdefault(_anchors(pattern), []).append(pattern)
                for anchor, patterns in groups.items():
                    matcher = Matcher(nlp.vocab, validate=True)
                    matcher.add(key, patterns, greedy="LONGEST")
                    self._matchers.append((anchor, matcher))

    def _matches(self, doc: Doc, sentences: list[Span]):
        """(match_id, start, end) of every pattern, each tried only on the sentences that hold
        its rarest anchor word, and only when all its anchor words occur in the comment."""
        where: dict[str, dict[str, list[int]]] = {field: {} for field in _ANCHOR_ATTRS.values()}
        lowers, lemmas, texts = where["lower_"], where["lemma_"], where["text"]
        for tok in doc:
            lowers.setdefault(tok.lower_, []).append(tok.i)
            lemmas.setdefault(tok.lemma_, []).append(tok.i)
            texts.setdefault(tok.text, []).append(tok.i)
        sentence_of = [0] * len(doc)
        for number, sent in enumerate(sentences):
            for i in range(sent.start, sent.end):
                sentence_of[i] = number
        for anchors, matcher in self._matchers:
            positions: list[int] | None = None
            for field, needed in anchors:
                index = where[field]
                found = [i for word in needed if word in index for i in index[word]]
                if not found:
                    break
                if positions is None or len(found) < len(positions):
                    positions = found
            else:
                if positions is None:  # no anchor word at all: try the whole comment
                    yield from matcher(doc)
                    continue
                for number in sorted({sentence_of[i] for i in positions}):
                    sent = sentences[number]
                    for match_id, start, end in matcher(sent):
                        yield match_id, sent.start + start, sent.start + end

    def extract(self, doc: Doc, sentences: list[Span] | None = None) -> list[Fact]:
        if not doc.text.strip():
            return []
        if sentences is None:
            sentences = sentences_of(doc)
        by_kind: dict[str, list[Span]] = {}
        for match_id, start, end in self._matches(doc, sentences):
            kind = doc.vocab.strings[match_id].split(_KEY_SEP)[0]
            span = Span(doc, start, end, label=match_id)
            by_kind.setdefault(kind, []).append(span)
        # an object phrase ("need X") stops where a timeline, budget... begins
        stops = {
            s.start for kind, spans in by_kind.items() if kind not in _OPEN_KINDS for s in spans
        }
        facts: list[Fact] = []
        for spans in by_kind.values():
            kept: list[tuple[Span, Fact]] = []
            for span in filter_spans(spans):
                found = self._fact(doc, span, stops)
                if found is not None:
                    kept.append(found)
            # object phrases can grow into each other: keep the longest of overlapping ones
            for span in filter_spans([s for s, _ in kept]):
                for s, fact in kept:
                    if s == span:
                        facts.append(fact)
                        if fact.kind in _COORDINATED_KINDS:
                            facts.extend(_conjuncts(doc, s, fact))
        facts.sort(key=lambda f: (f.start, FACT_KINDS.index(f.kind)))
        return facts

    def _fact(self, doc: Doc, span: Span, stops: set[int]) -> tuple[Span, Fact] | None:
        kind, label, value_rule = span.label_.split(_KEY_SEP)
        negator = _negator(doc, span)
        if negator is not None and kind not in NEGATION_KEEPS:
            return None
        value = None
        if value_rule == "subject":
            found = _with_subject(doc, span)
            if found is None:
                return None
            span, value = found
        if value_rule == "object":
            found = _with_object(doc, span, stops)
            if found is None:
                return None
            span, obj = found
            value = _strip_determiners(obj)
        if negator is not None:  # "don't have budget": the evidence includes the negation
            span = doc[negator.i : span.end]
        if value is None:
            value = self._value(span, label, value_rule)
        if not value:
            return None
        return span, Fact(kind=kind, value=value, start=span.start_char, end=span.end_char)

    @staticmethod
    def _value(span: Span, label: str, value_rule: str) -> str:
        if value_rule == "label":
            return label
        if value_rule == "name":
            return _name(span)
        return span.text


def _negator(doc: Doc, span: Span):
    sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
    for tok in doc[max(sent_start, span.start - _NEGATION_WINDOW) : span.start]:
        if tok.lower_ in _NEGATORS:
            return tok
    for tok in span:
        if tok.lower_ in _NEGATORS and tok.i < span.end - 1 and tok.lower_ != "no":
            return tok
    return None


def _name_tokens_end(token) -> bool:
    return token.pos_ == "PROPN" or token.lower_ in _TOOLS


def _conjuncts(doc: Doc, span: Span, fact: Fact) -> list[Fact]:
    """ "evaluating Gong, Chorus and Clari": one fact per name listed after the first."""
    if not _name_tokens_end(span[-1]):
        return []
    found = []
    i = span.end
    while i + 1 < len(doc) and doc[i].text in (",", "and", "or", "&", "/"):
        j = i + 1
        if doc[j].lower_ in ("and", "or"):  # ", and Clari"
            j += 1
        start = j
        while j < len(doc) and _name_tokens_end(doc[j]):
            j += 1
        if j == start:
            break
        name = doc[start:j]
        found.append(Fact(fact.kind, name.text, name.start_char, name.end_char))
        i = j
    return found


def _with_subject(doc: Doc, span: Span) -> tuple[Span, str] | None:
    """ "My colleague Sarah Lee referred me": the verb's subject is the referrer.

    No subject, or a pronoun one ("I referred to your page", "we recommend"), is no referrer.
    """
    verb = span[0]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].pos_ == "PRON":
        return None
    subject = subjects[0]
    phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
    if phrase.end > span.start:
        phrase = doc[phrase.start : span.start]
    people = [e for e in phrase.ents if e.label_ == "PERSON"]
    value = people[0].text if people else _name(phrase)
    return doc[phrase.start : span.end], value


def _strip_determiners(span: Span) -> str:
    toks = list(span)
    while toks and toks[0].tag_ in ("DT", "PRP$", "PRP"):
        toks = toks[1:]
    return span.doc[toks[0].i : toks[-1].i + 1].text if toks else span.text


def _name(span: Span) -> str:
    """The longest run of proper nouns / known tools in the match, else its leading nouns."""
    toks = list(span)
    runs: list[list] = [[]]
    for t in toks:
        if t.pos_ == "PROPN" or t.lower_ in _TOOLS or (t.like_num and runs[-1]):
            runs[-1].append(t)
        elif runs[-1]:
            runs.append([])
    best = max(runs, key=len)
    if best and not all(t.like_num for t in best):
        return span.doc[best[0].i : best[-1].i + 1].text
    head = []
    for t in toks:
        if t.tag_ in ("DT", "PRP$") and not head:
            continue
        if t.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break
        head.append(t)
    if head:
        return " ".join(t.text for t in head)
    return span.text


def _with_object(doc: Doc, span: Span, stops: set[int]) -> tuple[Span, Span] | None:
    """The trigger plus the phrase it governs ("looking for a widget ROI solution")."""
    sent_end = span.sent.end if doc.has_annotation("SENT_START") else len(doc)
    limit = min(sent_end, span.start + _OBJECT_MAX_TOKENS + (span.end - span.start))
    trigger_end = span.end
    # a one-token lookahead (the first object word) is part of the match: start after trigger
    while trigger_end > span.start + 1 and doc[trigger_end - 1].pos_ not in ("ADP", "PART"):
        if doc[trigger_end - 1].lemma_ in ("need", "require") or doc[trigger_end - 1].lower_ in (
            "interested",
            "look",
        ):
            break
        trigger_end -= 1
    while trigger_end < limit and doc[trigger_end].text in (":", "-", "–"):
        trigger_end += 1  # form-style "need: ..."
    if trigger_end >= limit:
        return None
    end = trigger_end
    for tok in doc[trigger_end:limit]:
        if tok.i > trigger_end and (tok.i in stops or tok.lower_ in _OBJECT_STOPS):
            break
        if tok.is_punct and tok.text not in ("-", "/", "&"):
            break
        if (
            tok.lower_ in ("and", "but", "so", "because", "as")
            and tok.dep_ in ("cc", "mark")
            and (tok.head.i < trigger_end or tok.head.pos_ in ("VERB", "AUX"))
        ):
            break
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "conj") and tok.i > trigger_end:
            break
        end = tok.i + 1
    while end > trigger_end and (doc[end - 1].is_stop or doc[end - 1].is_punct):
        end -= 1
    if end <= trigger_end:
        return None
    obj = doc[trigger_end:end]
    nouns = [t.lemma_.lower() for t in obj if t.pos_ in ("NOUN", "PROPN")]
    if nouns and nouns[0] in _REQUEST_WORDS:  # "need a quote for 3 forklifts" is a request
        return None
    return doc[span.start : end], obj
