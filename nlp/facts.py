"""Facts from free-text comments: referrer, timeline, budget, need, urgency, competitor, request.

The patterns live in nlp/fact_patterns.py; this module only runs them, reads each fact's value
and drops negated or overlapping matches.
"""

from __future__ import annotations

import re

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.fact_patterns import (
    AMOUNT_VARIANTS,
    CATEGORY_ACRONYMS,
    CUE_COMPOUNDS,
    KNOWN_TOOLS,
    MONTHS,
    NAME_VARIANTS,
    NEGATION_KEEPS,
    NEGATORS,
    REFERRER_RELATIONS,
    REQUEST_WORDS,
    RULES,
    SEEN_VERBS,
    TYPOS,
)
from nlp.fact_values import (
    VAGUE_NEEDS,
    budget_value,
    clean,
    distinct_facts,
    need_value,
    referrer_value,
    timeline_value,
    urgency_value,
)
from nlp.lead_facts import lead_facts
from nlp.model import FACT_KINDS, Fact
from nlp.named_vendors import vendor_facts
from nlp.requests import clauses, find_requests
from nlp.sentences import sentence_at
from nlp.topics import sentences_of
from nlp.vendors import Vendors

_KEY_SEP = "|"
# kinds that may sit inside a need's object ("a replacement for Zendesk")
_RELATIONS = frozenset(REFERRER_RELATIONS)
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
_CAMEL = re.compile(r"^[A-Z][a-z]+(\d+|[A-Z]\w*)$")  # "Five9", "RingCentral"
_CATEGORIES = frozenset(CATEGORY_ACRONYMS)
_CUE_COMPOUNDS = frozenset(CUE_COMPOUNDS)
_SEEN = frozenset(SEEN_VERBS)
_DATE_WORDS = frozenset(
    {m.lower() for m in MONTHS} | {"the", "st", "nd", "rd", "th", "of", "-", "/"}
)
# a requested demo or call "next week" is when to meet, not when they plan to buy
_MEETING_REQUESTS = frozenset({"demo", "call back"})
_MEETING_GAP = 8
_BARE_NEEDS = frozenset({"alternative", "replacement", "substitute", "successor"})
_CONTRACT_WORDS = frozenset(
    {"contract", "license", "licence", "subscription", "agreement", "renewal", "up"}
)


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


_TYPOS_OF: dict[str, list[str]] = {}
for _typo, _word in TYPOS.items():
    _TYPOS_OF.setdefault(_word, []).append(_typo)


def _with_typos(pattern: list[dict]) -> list[dict]:
    """Each cue word also accepted as prospects misspell it ("contrct", "refered")."""
    out = []
    for token in pattern:
        token = dict(token)
        for attr in ("LOWER", "LEMMA"):
            value = token.get(attr)
            words = [value] if isinstance(value, str) else None
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                words = value["IN"]
            if words is None:
                continue
            extra = [t for w in words for t in _TYPOS_OF.get(w.lower(), ())]
            if extra:
                token[attr] = {"IN": [*words, *extra]}
        out.append(token)
    return out


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
                    for expanded in _expand(raw):
                        pattern = _with_typos(expanded)
                        groups.setdefault(_anchors(pattern), []).append(pattern)
                for anchor, patterns in groups.items():
                    matcher = Matcher(nlp.vocab, validate=True)
                    matcher.add(key, patterns, greedy="LONGEST")
                    self._matchers.append((anchor, matcher))
        strings = nlp.vocab.strings
        self._hashed = [
            (tuple((field, frozenset(strings.add(w) for w in words)) for field, words in a), m)
            for a, m in self._matchers
        ]

    def _matches(self, doc: Doc, sentences: list[Span]):
        """(match_id, start, end) of every pattern, each tried only on the sentences that hold
        its rarest anchor word, and only when all its anchor words occur in the comment."""
        # token attributes as string hashes, read in one array: no Token objects are made
        where: dict[str, dict[int, list[int]]] = {field: {} for field in _ANCHOR_ATTRS.values()}
        columns = doc.to_array([LOWER, LEMMA, ORTH]).tolist() if len(doc) else []
        lowers, lemmas, texts = where["lower_"], where["lemma_"], where["text"]
        for i, (lower, lemma, text) in enumerate(columns):
            lowers.setdefault(lower, []).append(i)
            lemmas.setdefault(lemma, []).append(i)
            texts.setdefault(text, []).append(i)
        sentence_of = [0] * len(doc)
        for number, sent in enumerate(sentences):
            for i in range(sent.start, sent.end):
                sentence_of[i] = number
        present = {field: index.keys() for field, index in where.items()}
        for anchors, matcher in self._hashed:
            positions: list[int] | None = None
            for field, needed in anchors:
                hits = present[field] & needed  # a set operation: most patterns stop here
                if not hits:
                    break
                index = where[field]
                found = [i for word in hits for i in index[word]]
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

    def extract(
        self, doc: Doc, sentences: list[Span] | None = None, vendors: Vendors | None = None
    ) -> list[Fact]:
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
        parsed = [clauses(sent) for sent in sentences]  # read once, for requests and the rest
        facts.extend(find_requests(doc, sentences, parsed))
        facts.sort(key=lambda f: (f.start, FACT_KINDS.index(f.kind)))
        facts = _resolved_needs(_merged_times(doc, _contract_dates(doc, facts)))
        facts = _without_relayed_calls(doc, facts)
        facts = vendor_facts(doc, facts, vendors or Vendors.default())
        facts = lead_facts(doc, sentences, facts, parsed)
        facts.sort(key=lambda f: (f.start, FACT_KINDS.index(f.kind)))
        return [_tight(doc, f) for f in distinct_facts(_needs_outside_urgency(facts))]

    def _fact(self, doc: Doc, span: Span, stops: set[int]) -> tuple[Span, Fact] | None:
        kind, label, value_rule = span.label_.split(_KEY_SEP)
        if not _plausible(doc, span, kind, label):
            return None
        if label == "contract ends":
            span = _with_date(doc, span)
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
            value = need_value(obj)
        if negator is not None:  # "don't have budget": the evidence includes the negation
            span = doc[negator.i : span.end]
        if value is None:
            value = self._value(kind, span, label, value_rule)
        if not value or (kind == "need" and value.lower() in VAGUE_NEEDS):
            return None
        if kind == "budget":  # "Budget is $1.2M over two years": the evidence holds the value
            span = _covering(doc, span, value)
        return span, Fact(kind=kind, value=value, start=span.start_char, end=span.end_char)

    @staticmethod
    def _value(kind: str, span: Span, label: str, value_rule: str) -> str | None:
        """What a rep says aloud; the span stays the evidence."""
        if value_rule == "label":
            return label
        if kind == "referrer":
            return referrer_value(span) or _name(span)
        if kind == "budget":
            return budget_value(span)
        if kind == "timeline" and label == "time left":  # "we have 2 weeks to pick"
            return "within " + " ".join(t.text for t in span if t.like_num or t.pos_ == "NOUN")
        if kind == "timeline":
            return timeline_value(span)
        if kind == "urgency":
            return urgency_value(span, label, TYPOS)
        if kind == "need":  # "vendors for X", "a replacement for Y"
            after_for = [t for t in span if t.lower_ == "for"]
            if label == "vendors for" and after_for:
                return need_value(span.doc[after_for[0].i + 1 : span.end])
            return need_value(span)
        if value_rule == "name":
            name = clean(_name(span))
            return None if name.lower() in _CATEGORIES else name
        return clean(span.text)


def _plausible(doc: Doc, span: Span, kind: str, label: str) -> bool:
    """Near-misses the token patterns cannot see: names, compounds, past sightings."""
    nxt = doc[span.end] if span.end < len(doc) else None
    if kind == "urgency" and len(span) == 1 and nxt is not None:
        if nxt.lower_ in _CUE_COMPOUNDS:  # "urgent care clinics"
            return False
        if span[0].text.isupper() and nxt.pos_ == "PROPN" and nxt.text.istitle():
            return False  # "ASAP Logistics" is a company
    noun_next = nxt is not None and nxt.pos_ == "NOUN"
    if label == "quarter" and noun_next and span[-1].dep_ == "compound":
        return False  # "your Q3 earnings blog": a period used as a label
    if label == "pricing" and noun_next and span[-1].lower_.startswith("pric"):
        return False  # "pricing page", "pricing optimization tool"
    if kind == "request":
        before = doc[max(0, span.start - 3) : span.end]
        if any(t.lemma_ in _SEEN and t.tag_ in ("VBD", "VBN") for t in before):
            return False  # "Saw your demo at the summit"
    return True


def _with_date(doc: Doc, span: Span) -> Span:
    """ "contract ends Dec 31", "licence lapses on the 31st": the date is part of the event."""
    sent_end = sentence_at(doc, span.start).end
    end = span.end
    if end < sent_end and doc[end].lower_ in ("in", "on", "by", "at", "around"):
        end += 1
    start = end
    while end < sent_end and (
        doc[end].ent_type_ == "DATE" or doc[end].like_num or doc[end].lower_ in _DATE_WORDS
    ):
        end += 1
    while end > start and doc[end - 1].lower_ in ("the", "of", "-", "/"):
        end -= 1
    return doc[span.start : end] if end > start else span


def _merged_times(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """ "before the next SOX audit in April": adjacent time phrases are one timeline; a demo
    or call asked for "next week" says when to meet, not when they buy."""
    out: list[Fact] = []
    meetings = [f for f in facts if f.kind == "request" and f.value in _MEETING_REQUESTS]
    for fact in facts:
        if fact.kind != "timeline":
            out.append(fact)
            continue
        if any(_same_clause(doc, m.end, fact.start) for m in meetings):
            continue
        previous = next((f for f in reversed(out) if f.kind == "timeline"), None)
        if previous is not None and not doc.text[previous.end : fact.start].strip():
            out.remove(previous)
            fact = Fact("timeline", f"{previous.value} {fact.value}", previous.start, fact.end)
        out.append(fact)
    return out


def _same_clause(doc: Doc, end_char: int, start_char: int) -> bool:
    if start_char < end_char:
        return False
    between = doc.char_span(end_char, start_char, alignment_mode="expand")
    if between is None:
        return False
    if len(between) > _MEETING_GAP:
        return False
    return not any(
        (t.is_punct and t.text not in ("&", "-", "/")) or t.pos_ in ("VERB", "AUX") for t in between
    )


def _resolved_needs(facts: list[Fact]) -> list[Fact]:
    """ "Our Veeva renewal ... we need an alternative": an alternative to Veeva."""
    out = []
    for fact in facts:
        if fact.kind == "need" and fact.value.lower() in _BARE_NEEDS:
            earlier = [f for f in out if f.kind == "competitor"]
            if earlier:
                word = "to" if fact.value.lower() == "alternative" else "for"
                value = f"{fact.value} {word} {earlier[-1].value}"
                fact = Fact(fact.kind, value, fact.start, fact.end)
        out.append(fact)
    return out


def _without_relayed_calls(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """ "Rosa told me to give you a call", "John suggested we talk to you": the referrer's
    advice to get in touch, not a request to be called back."""
    referrals = [f for f in facts if f.kind == "referrer"]
    return [
        f
        for f in facts
        if not (
            f.kind == "request"
            and f.value == "call back"
            and any(_same_clause(doc, r.end, f.start) or r.start <= f.start < r.end
                    for r in referrals)
        )
    ]  # fmt: skip


def _needs_outside_urgency(facts: list[Fact]) -> list[Fact]:
    """ "Immediate need: our sensors failed": the cue was urgency, the rest no need."""
    urgent = [f for f in facts if f.kind == "urgency"]
    return [
        f for f in facts if f.kind != "need" or not any(u.start <= f.start < u.end for u in urgent)
    ]


def _contract_dates(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """ "contract expires in March": the date belongs to the urgency, and is not a timeline."""
    timelines = [f for f in facts if f.kind == "timeline"]
    dropped: set[int] = set()
    out = []
    for fact in facts:
        first = fact.value.split()[0].lower() if fact.kind == "urgency" else ""
        if first in _CONTRACT_WORDS or first in ("end", "end-of-life", "eol", "sunset"):
            for t in timelines:
                gap = doc.text[fact.end : t.start]
                if fact.start <= t.start and (t.start < fact.end or not gap.strip()):
                    dropped.add(id(t))
                    if t.end > fact.end:
                        value = f"{fact.value} {t.value}"
                        fact = Fact(fact.kind, value, fact.start, t.end)
        out.append(fact)
    return [f for f in out if id(f) not in dropped]


def _covering(doc: Doc, span: Span, value: str) -> Span:
    ahead = doc[span.start : min(len(doc), span.end + 6)]
    at = ahead.text.find(value)
    end_char = span.start_char + at + len(value)
    if at < 0 or end_char <= span.end_char:
        return span
    return doc.char_span(span.start_char, end_char, alignment_mode="expand") or span


def _tight(doc: Doc, fact: Fact) -> Fact:
    """The evidence without a leading determiner, possessive or subject pronoun, or trailing
    punctuation (tests/data/README.md: "a demo" -> "demo", "my colleague ..." -> "colleague
    ...")."""
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return fact
    start, end = span.start, span.end
    while end - start > 1 and (
        doc[start].tag_ in ("DT", "PRP$") or doc[start].lower_ in ("i", "we")
    ):
        start += 1
    while end - start > 1 and doc[end - 1].is_punct:
        end -= 1
    if (start, end) == (span.start, span.end):
        return fact
    return Fact(fact.kind, fact.value, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))


def _negator(doc: Doc, span: Span):
    sent_start = sentence_at(doc, span.start).start
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
    if not subjects:  # a misparse ("Our team lead Priya Nair told me"): the name just before
        j = verb.i - 1 if verb.i > 0 and doc[verb.i - 1].text != "," else verb.i - 2
        end = j + 1
        while j >= 0 and doc[j].pos_ == "PROPN":
            j -= 1
        if end - (j + 1) < 1:
            return None
        subjects = [doc[end - 1]]
        phrase = doc[j + 1 : end]
        if j >= 1 and doc[j].lower_ in ("at", "from") and doc[j - 1].lemma_ in _RELATIONS:
            phrase = doc[j - 1 : end]  # "my old manager at Contoso recommended you"
        return doc[phrase.start : span.end], referrer_value(phrase) or phrase.text
    if subjects[0].pos_ == "PRON":
        return None
    subject = subjects[0]
    phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
    if phrase.end > span.start:
        phrase = doc[phrase.start : span.start]
    value = referrer_value(phrase) if _has_person(phrase) else _head_name(subject)
    return doc[phrase.start : span.end], value or referrer_value(phrase) or _name(phrase)


def _has_person(phrase: Span) -> bool:
    return any(e.label_ == "PERSON" for e in phrase.ents)


def _head_name(subject) -> str | None:
    """ "Priya from Helix Labs said ...": the capitalised head of the subject is the name
    (the tagger often misses a first name; the organisation after it is not the referrer)."""
    if not subject.text[:1].isupper() or subject.text.isupper():
        return None
    lefts = [c for c in subject.lefts if c.dep_ == "compound" and c.text.istitle()]
    toks = [*lefts, subject] if lefts and lefts[-1].i == subject.i - 1 else [subject]
    return " ".join(t.text for t in toks)


def _name(span: Span) -> str:
    """The longest run of proper nouns / known tools in the match, else its leading nouns."""
    toks = list(span)
    runs: list[list] = [[]]
    for t in toks:
        wordlike = any(c.isalnum() for c in t.text)
        named = t.pos_ == "PROPN" or t.lower_ in _TOOLS or _CAMEL.match(t.text)
        if wordlike and (named or (t.like_num and runs[-1])):
            runs[-1].append(t)
            if len(t) > 1 and t.text.endswith("."):  # "IDeaS." ends a sentence
                runs.append([])
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
    sent_end = sentence_at(doc, span.start).end
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
        if len(tok) > 1 and tok.text.endswith(".") and tok.i + 1 < limit:
            end = tok.i + 1  # "IDeaS." kept its full stop: the sentence ends here
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
    nouns = [t for t in obj if t.pos_ in ("NOUN", "PROPN")]
    # "need a quote for 3 forklifts" is a request; "a pricing optimization tool" is a need
    if nouns and TYPOS.get(nouns[0].lower_, nouns[0].lemma_.lower()) in _REQUEST_WORDS:
        follows = doc[nouns[0].i + 1] if nouns[0].i + 1 < len(doc) else None
        if follows is None or follows.pos_ != "NOUN":
            return None
    if len(obj) > 1 and obj[0].lemma_ == "be" and obj[1].tag_ == "VBN":
        return None  # "PO needs to be cut": something to be done to it, not a need
    return doc[span.start : end], obj
