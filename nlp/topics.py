"""Topics: normalised, ranked noun phrases from a parsed title or comment.

Candidates are runs of adjective/noun units inside a sentence (hyphenated compounds count as
one unit), cut at determiners, pronouns, numbers, generic modifiers and marketing words. They
are ranked by how central their words are in a co-occurrence graph, how specific the words are
in general English (rare words make better topics), the phrase's length and whether it occurs
in the first sentence (a title, or the opening of a comment).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from nlp.glossary import Glossary, phrase_key
from nlp.model import Topic
from nlp.topic_filters import real_subject
from nlp.topic_words import (
    EVENT_HEADS,
    GENERIC_HEADS,
    GENERIC_MODIFIERS,
    GENERIC_NOUNS,
    MARKETING_PHRASES,
    MASS_NOUNS,
    NON_TOPIC_ENTITIES,
    OF_HEADS,
    TITLE_VERBS,
)

CONTENT_POS = frozenset({"ADJ", "NOUN", "PROPN"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})
COMPARATIVE_TAGS = frozenset({"JJR", "JJS"})
# a participle with these roles is a verb with its own object ("time reconciling invoices")
VERBAL_DEPS = frozenset({"acl", "advcl", "xcomp", "relcl", "ccomp", "ROOT", "conj", "pcomp"})
REGULAR_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
MAX_WORD_CHARS = 40
MAX_PHRASE_UNITS = 6  # longer runs are lists or garbage ("word word word ..."): keep the tail
TAIL_UNITS = 3
_PAST_TENSE = re.compile(r"^[A-Z][a-z]{2,}[^e]ed$")  # "Reduced", "Improved"; not "Red", "Ted"
_QUANTITY = re.compile(r"^[~≈<>]?[$€£]?\d[\d,.]*(?i:k|m|mm|bn|b|x|%)?$")  # "100k", "~$2M"
_MARKUP_CHARS = frozenset("<>()[]{}")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PERIOD = re.compile(r"^(?i:q[1-4]|h[12]|fy-?\d{0,4}|eo[ymq])$")  # "Q3" is a timeline, not a topic


@dataclass(frozen=True)
class RankingWeights:
    """Knobs of the ranking, tuned on Inspec (see nlp/evaluate.py) and the B2B dev set."""

    window: int = 10  # co-occurrence window over candidate words
    degree_prior: float = 5.0  # smooths centrality so a word seen once still counts
    specificity_ceiling: float = 8.0  # Zipf frequency at which a word has no specificity
    specificity_power: float = 2.0
    first_sentence_boost: float = 2.0
    glossary_boost: float = 1.0  # added to a glossary topic's relative score: it ranks first
    length_weights: tuple[float, ...] = (0.5, 1.0, 1.0, 0.7, 0.4, 0.3)  # by word count 1..6+
    min_relative_score: float = 0.125  # topics scoring below this share of the best are dropped


DEFAULT_WEIGHTS = RankingWeights()


@lru_cache(maxsize=200_000)
def specificity(word: str, ceiling: float) -> float:
    """How rare a word is in general English: 0 for 'the', up to `ceiling` for unseen words."""
    return max(0.0, ceiling - zipf_frequency(word, "en"))


@dataclass
class _Unit:
    """One word of a phrase; a hyphenated compound ("closed-loop") is a single unit."""

    start: int  # token index
    end: int
    text: str
    key: str  # lower-case, regular plural lemmatised when it heads the phrase
    pos: str
    tag: str
    start_char: int
    end_char: int


@dataclass
class _Candidate:
    key: str
    words: list[str]
    surfaces: Counter = field(default_factory=Counter)
    spans: list[tuple[int, int]] = field(default_factory=list)
    first_token: int = 0
    canonical: str | None = None  # set when the glossary names this topic


def _singular(text: str, lemma: str) -> str:
    """Lemmatise regular plurals only ("widgets", "policies"); keep "data" and "criteria"."""
    low, lem = text.lower(), lemma.lower()
    if low in MASS_NOUNS:  # "analytics" is no plural of "analytic"
        return text
    if low == lem and not text.isupper():  # title-case plurals the lemmatiser leaves alone
        if low.endswith("ies") and len(low) > 4:
            lem = low[:-3] + "y"
        elif low.endswith(("sses", "ches", "shes", "xes")):
            lem = low[:-2]
        elif low.endswith("s") and not low.endswith(("ss", "us", "is", "ps")) and len(low) > 3:
            lem = low[:-1]
    if low == lem + "s" or low == lem + "es" or (low.endswith("ies") and lem.endswith("y")):
        return text[: len(lem)] if low.startswith(lem) else text[:-3] + "y"
    return text


def sentences_of(doc: Doc) -> list[Span]:
    """The doc's sentences (the whole doc when it was parsed without sentence boundaries)."""
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]


def toks_start(doc: Doc, unit: _Unit) -> bool:
    return bool(doc[unit.start].is_sent_start)


def _is_code(text: str) -> bool:
    """An acronym ("SSO") or a letters-and-digits code name ("5G", "B2B", "S3")."""
    if text.isalpha():
        return text.isupper()
    return text.isalnum() and any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def _is_inner_number(doc: Doc, unit: _Unit) -> bool:
    tok = doc[unit.start]
    if unit.end - unit.start == 1 and tok.like_num and not tok.is_alpha and len(tok) <= 5:
        unit.pos, unit.tag = "NUM", "CD"
        return True
    return False


def _display(unit_text: str, proper: bool) -> str:
    """Keep the case of acronyms and product names ("ROI", "NetSuite"); lower-case the rest.

    `proper` marks a capitalised word inside a sentence of running text ("we use Salesforce"),
    where the capital is the writer's choice rather than title case.
    """
    if proper or any(c.isupper() for part in unit_text.split("-") for c in part[1:]):
        return unit_text
    return unit_text.lower()


def _is_title_case(doc: Doc) -> bool:
    """ "10 Tips for Improving your Widget ROI": (nearly) every content word capitalised."""
    words = [t for t in doc if t.is_alpha and len(t) > 3 and not t.is_stop]
    return bool(words) and sum(t.text[0].isupper() for t in words) * 5 >= len(words) * 4


class TopicExtractor:
    """Extracts ranked topics from parsed Docs; build one per pipeline vocab and glossary."""

    def __init__(self, nlp, glossary: Glossary | None = None, weights=DEFAULT_WEIGHTS):
        self.weights = weights
        self.glossary = glossary
        self._marketing = self._phrase_matcher(nlp, [" ".join(p) for p in MARKETING_PHRASES])
        self._glossary_matcher = None
        if glossary is not None and len(glossary):
            self._glossary_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            for phrase, topic in glossary.phrases().items():
                self._glossary_matcher.add(topic, [nlp.make_doc(v) for v in _variants(phrase)])

    @staticmethod
    def _phrase_matcher(nlp, phrases: list[str]) -> PhraseMatcher:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns = []
        for phrase in phrases:
            for variant in _variants(phrase):
                patterns.append(nlp.make_doc(variant))
        matcher.add("MARKETING", patterns)
        return matcher

    def extract(
        self, doc: Doc, top: int | None = None, sentences: list[Span] | None = None
    ) -> list[Topic]:
        if not doc.text.strip():
            return []
        blocked = set()
        for _, start, end in self._marketing(doc):
            blocked.update(range(start, end))
        candidates: dict[str, _Candidate] = {}
        if self._glossary_matcher is not None:
            self._add_glossary_matches(doc, blocked, candidates)
        has_ents = doc.has_annotation("ENT_IOB")
        if sentences is None:
            sentences = sentences_of(doc)
        first_sentence_end = sentences[0].end if sentences else len(doc)
        # per call, never on self: one extractor is shared by every thread of a worker
        title_case = _is_title_case(doc)
        sequence: list[str] = []  # candidate words in text order, for the co-occurrence graph
        runs = list(self._runs(doc, sentences, blocked, has_ents, title_case))
        if title_case:
            runs = _inverted_of(doc, runs)
        for run in runs:
            sequence.extend(u.key for u in run)
            self._add_run(doc, run, candidates, title_case)
        ranked = self._rank(candidates, sequence, first_sentence_end)
        ranked = [t for t in ranked if real_subject(t, doc)]  # nlp/topic_filters.py
        return ranked[:top] if top else ranked

    # --- candidates -------------------------------------------------------------------

    def _add_glossary_matches(self, doc: Doc, blocked: set[int], candidates) -> None:
        spans = [Span(doc, s, e, label=m) for m, s, e in self._glossary_matcher(doc)]
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if taken.intersection(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            topic = doc.vocab.strings[span.label]
            key = phrase_key(topic)
            cand = candidates.get(key)
            if cand is None:
                words = [w.lower() for w in key.split()]
                cand = candidates[key] = _Candidate(key, words, first_token=span.start)
                cand.canonical = topic
            cand.spans.append((span.start_char, span.end_char))
            cand.first_token = min(cand.first_token, span.start)
        blocked.update(taken)

    @staticmethod
    def _units(toks: list, start: int, end: int):
        """Units over tokens start..end, gluing hyphenated compounds into one."""
        i = start
        while i < end:
            first = toks[i]
            j = i
            text = first.text
            # glue "out-of-print", "closed-loop": word HYPH word with no spaces between
            while (
                j + 2 < end
                and not toks[j].whitespace_
                and toks[j + 1].text == "-"
                and not toks[j + 1].whitespace_
                and toks[j + 2].is_alpha
            ):
                text += "-" + toks[j + 2].text
                j += 2
            last = toks[j]
            # the tagger often reads a bare acronym ("Guide to SSO") or a code name ("5G",
            # "B2B") as a verb or a number
            acronym = i == j and 2 <= len(text) <= 6 and _is_code(last.text)
            yield _Unit(
                i,
                j + 1,
                text,
                text.lower(),
                "PROPN" if acronym else last.pos_,
                "NNP" if acronym else last.tag_,
                first.idx,
                last.idx + len(last.text),
            )
            i = j + 1

    def _eligible(self, doc: Doc, unit: _Unit, blocked: set[int], has_ents: bool) -> bool:
        if unit.pos not in CONTENT_POS and unit.tag not in PARTICIPLE_TAGS:
            return False  # checked first: it rules out most tokens cheaply
        tok = doc[unit.start]
        if unit.end - unit.start == 1:
            if tok.is_stop or not _LATIN.search(tok.text) or (tok.like_num and not tok.is_alpha):
                return False
            if (
                _PERIOD.match(tok.text)
                or _QUANTITY.match(tok.text)
                or _MARKUP_CHARS & set(tok.text)
            ):
                return False
            if tok.like_url or tok.like_email or len(tok.text) > MAX_WORD_CHARS:
                return False
        elif unit.text[:1].isdigit():  # "30-day", "12-location": a measure
            return False
        if unit.tag in COMPARATIVE_TAGS:  # "simpler", "best": says nothing about the subject
            return False
        if unit.key in GENERIC_MODIFIERS or blocked.intersection(range(unit.start, unit.end)):
            return False
        return not (has_ents and doc[unit.end - 1].ent_type_ in NON_TOPIC_ENTITIES)

    def _runs(
        self, doc: Doc, sentences: list[Span], blocked: set[int], has_ents: bool, title_case: bool
    ):
        toks = list(doc)
        for sent in sentences:
            run: list[_Unit] = []
            for unit in self._units(toks, sent.start, sent.end):
                if (
                    run
                    and title_case
                    and unit.tag in ("NNP", "NNPS", "VBZ", "VBP", "VB", "VBD", "NNS", "NN")
                    and (_PAST_TENSE.match(unit.text) or unit.key in TITLE_VERBS)
                    and unit.text[:1].isupper()
                ):
                    # title case hides a verb after its subject: "Acme Reduced Freight Costs"
                    yield from self._trimmed(doc, run)
                    run = []
                    continue
                if self._eligible(doc, unit, blocked, has_ents):
                    run.append(unit)
                    continue
                if run and run[-1].pos in NOUN_POS and _is_inner_number(doc, unit):
                    run.append(unit)  # "Scope 3 emissions", "SOC 2 audit"; trimmed at the end
                    continue
                yield from self._trimmed(doc, run)
                run = []
            yield from self._trimmed(doc, run)

    @classmethod
    def _trimmed(cls, doc: Doc, run: list[_Unit]):
        for i in range(1, len(run) - 1):
            unit = run[i]
            if unit.tag in PARTICIPLE_TAGS and doc[unit.start].dep_ in VERBAL_DEPS:
                yield from cls._trimmed(doc, run[:i])
                yield from cls._trimmed(doc, run[i:])
                return
        if len(run) > MAX_PHRASE_UNITS:
            run = run[-TAIL_UNITS:]
        # a phrase ends on a noun and does not start on a participle ("developed controller")
        # a phrase ends on a noun, or on a gerund after a noun ("invoice matching")
        while run and not (
            (run[-1].pos in NOUN_POS and run[-1].tag != "CD")
            or (
                run[-1].tag == "VBG"
                and len(run) > 1
                and run[-2].pos in NOUN_POS
                and doc[run[-1].start].dep_ not in VERBAL_DEPS
            )
        ):
            run = run[:-1]
        # "a 300 person hospital network": a singular noun after a number is a measure
        if (
            len(run) > 1
            and run[0].tag == "NN"
            and run[0].start > 0
            and doc[run[0].start - 1].like_num
        ):
            run = run[1:]
        while run and run[0].tag in PARTICIPLE_TAGS and run[0].pos not in NOUN_POS:
            run = run[1:]
        if len(run) > 1 and run[-1].key in GENERIC_HEADS:
            run = run[:-1]
        if not run:
            return
        head = run[-1]
        inner_caps = any(c.isupper() for c in head.text[1:])  # "QuickBooks" is a name
        if head.tag in REGULAR_PLURAL_TAGS and head.end - head.start == 1 and not inner_caps:
            tok = doc[head.start]
            head.text = _singular(head.text, tok.lemma_)
            head.key = head.text.lower()
        yield run

    @staticmethod
    def _add_run(doc: Doc, run: list[_Unit], candidates: dict[str, _Candidate], title_case) -> None:
        words = [u.key for u in run]
        if all(w in GENERIC_NOUNS for w in words) or words[-1] in EVENT_HEADS:
            return  # "Widget World Expo" names the event, not what the lead works on
        key = phrase_key(" ".join(words))
        cand = candidates.get(key)
        if cand is None:
            cand = candidates[key] = _Candidate(key, words)
            cand.first_token = run[0].start
        surface = " ".join(
            _display(u.text, not title_case and u.text[:1].isupper() and not toks_start(doc, u))
            for u in run
        )
        cand.surfaces[surface] += 1
        # an inverted "Lifecycle of a Widget" run is out of text order
        cand.spans.append((min(u.start_char for u in run), max(u.end_char for u in run)))

    # --- ranking ----------------------------------------------------------------------

    def _rank(self, candidates, sequence: list[str], first_sentence_end: int) -> list[Topic]:
        if not candidates:
            return []
        w = self.weights
        degree: dict[str, float] = defaultdict(float)
        for a, word in enumerate(sequence):
            for other in sequence[a + 1 : a + w.window]:
                if other != word:
                    degree[word] += 1.0
                    degree[other] += 1.0
        lengths = w.length_weights
        merged: dict[str, tuple[float, _Candidate]] = {}
        for cand in candidates.values():
            words = [part for word in cand.words for part in word.replace("-", " ").split()]
            centrality = sum(degree.get(x, 0.0) + w.degree_prior for x in cand.words)
            spec = sum(specificity(x, w.specificity_ceiling) for x in words) / max(len(words), 1)
            score = centrality * (spec**w.specificity_power if spec > 0 else 0.01)
            score *= lengths[min(len(cand.words), len(lengths)) - 1]
            if cand.first_token < first_sentence_end:
                score *= w.first_sentence_boost
            name = cand.canonical or _canonical_name(cand, self.glossary)
            if cand.canonical is None and self.glossary is not None:
                known = self.glossary.canonical(name)
                if known is not None:
                    name, cand.canonical = known, known
            key = phrase_key(name)
            if key in merged:  # a variant of a topic already seen: pool its evidence
                best, kept = merged[key]
                kept.spans.extend(cand.spans)
                merged[key] = (max(best, score), kept)
            else:
                merged[key] = (score, cand)
        top_score = max(score for score, _ in merged.values()) or 1.0
        topics = []
        for score, cand in merged.values():
            relative = score / top_score
            if cand.canonical is not None:
                relative += w.glossary_boost
            name = cand.canonical or _canonical_name(cand, None)
            topics.append(Topic(name=name, score=relative, spans=sorted(set(cand.spans))))
        topics.sort(key=lambda t: (-t.score, t.spans[0] if t.spans else (0, 0)))
        top = topics[0].score if topics else 1.0
        return [
            Topic(t.name, round(t.score / top, 4), t.spans)
            for t in topics
            if t.score / top >= w.min_relative_score
        ]


def _inverted_of(doc: Doc, runs: list[list[_Unit]]) -> list[list[_Unit]]:
    """ "The Lifecycle of a Widget" -> "widget lifecycle": a relational head noun and the
    phrase it is "of" read as one topic, in the order a marketer would tag it."""
    out: list[list[_Unit]] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if nxt is not None and len(run) == 1 and run[0].key in OF_HEADS and len(nxt) <= 3:
            between = [t.lower_ for t in doc[run[-1].end : nxt[0].start]]
            if (
                between
                and between[0] == "of"
                and all(w in ("of", "a", "an", "the") for w in between)
            ):
                out.append(nxt + run)
                i += 2
                continue
        out.append(run)
        i += 1
    return out


def _canonical_name(cand: _Candidate, glossary: Glossary | None) -> str:
    if cand.canonical:
        return cand.canonical
    if not cand.surfaces:
        return cand.key
    # the most frequent written form; ties go to the one that keeps capitals (ROI over roi)
    return max(cand.surfaces.items(), key=lambda kv: (kv[1], kv[0] != kv[0].lower()))[0]


def _variants(phrase: str) -> list[str]:
    """A phrase and its simple plural, so "widget" also blocks or matches "widgets"."""
    phrase = " ".join(phrase.split())
    if not phrase:
        return []
    last = phrase.split()[-1]
    if last.endswith(("s", "x", "ch", "sh")):
        plural = phrase + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        plural = phrase[:-1] + "ies"
    else:
        plural = phrase + "s"
    return [phrase, plural]
