"""The public entry points: analyse many texts in batches, or one text for convenience."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from threading import Lock

from spacy.language import Language
from spacy.tokens import Doc

from nlp.asked_needs import need_from_topics
from nlp.fact_values import referrer_names
from nlp.facts import FactExtractor
from nlp.glossary import Glossary
from nlp.model import TEXT_KINDS, Analysis, Fact, Topic
from nlp.pipeline import disabled_for, load_pipeline, version_stamp
from nlp.spelling import corrected
from nlp.topic_filters import lead_subject
from nlp.topics import TopicExtractor, sentences_of
from nlp.vendors import Vendors

# Characters that only confuse the tagger; replaced one-for-one so offsets stay valid.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(r"<[^<>]{0,200}>")
# Script and style bodies pasted into a form are code, not what the lead wrote.
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^<>]{0,200}>.*?</\1\s*>", re.I | re.S)
_MAX_CHARS = 20_000  # a form comment is far shorter; bounds the parse time of a pasted document

_extractors: dict[tuple[int, str | None], tuple[TopicExtractor, FactExtractor]] = {}
_extractors_lock = Lock()


def _extractors_for(nlp: Language, glossary: Glossary | None):
    key = (id(nlp), glossary.fingerprint if glossary is not None else None)
    with _extractors_lock:
        found = _extractors.get(key)
        if found is None:
            found = (TopicExtractor(nlp, glossary), FactExtractor(nlp))
            if len(_extractors) > 32:  # glossaries change rarely; keep memory bounded
                _extractors.clear()
            _extractors[key] = found
        return found


def clean_text(text: str) -> str:
    """Control characters and markup blanked out, keeping every offset valid for the input.

    Text past the first 20,000 characters is not analysed.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    text = _CONTROL.sub(" ", text[:_MAX_CHARS])
    text = _CODE_ELEMENT.sub(lambda m: " " * len(m.group(0)), text)
    return _unshouted(_MARKUP.sub(lambda m: " " * len(m.group(0)), text))


def _unshouted(text: str) -> str:
    """A comment typed in capitals ("NEED DISPATCH SOFTWARE FOR 14 TRUCKS") read in lower
    case: the tagger reads every capitalised word as a name otherwise. Length-preserving, so
    offsets stay valid; the capitals carry no meaning to keep."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


# Out-of-office and other automatic replies pasted into a form: nothing the lead wrote.
_AUTO_REPLY = re.compile(
    r"^\W*(?:automatic reply|auto[- ]?reply|autoreply|out of (?:the )?office|"
    r"(?:i am|i'm|i will be) (?:currently )?(?:out of the office|away from the office|on leave|"
    r"on vacation|on holiday)|this is an automated (?:response|reply|message))",
    re.IGNORECASE,
)


def is_auto_reply(text: str) -> bool:
    return bool(_AUTO_REPLY.match(text))


def parse(
    texts: Iterable[str], kind: str, nlp: Language | None = None, batch_size: int = 64
) -> Iterable[Doc]:
    """Parse texts with only the components the kind needs (no NER for titles)."""
    nlp = nlp or load_pipeline()
    return nlp.pipe(
        (clean_text(t) for t in texts), batch_size=batch_size, disable=disabled_for(nlp, kind)
    )


def analyse_docs(
    docs: Iterable[Doc],
    kind: str,
    glossary: Glossary | None = None,
    nlp: Language | None = None,
    vendors: Vendors | None = None,
) -> list[Analysis]:
    nlp = nlp or load_pipeline()
    topics, facts = _extractors_for(nlp, glossary)
    stamp = version_stamp(nlp)
    want_facts = kind == "comment"
    results = []
    for doc in docs:
        if want_facts and is_auto_reply(doc.text):
            results.append(Analysis(topics=[], facts=[], version=stamp))
            continue  # "Automatic reply: I am out of the office ... for urgent matters ..."
        sentences = sentences_of(doc)  # computed once: both extractors walk sentences
        found = facts.extract(doc, sentences, vendors) if want_facts else []
        ranked = _without_names(topics.extract(doc, sentences=sentences), found, sentences)
        need = need_from_topics(doc, ranked, found) if want_facts else None
        if need is not None:
            found = sorted([*found, need], key=lambda f: (f.start, f.end))
        # a topic is a subject's name, spelt right: "predictve maintanance" is predictive
        # maintenance (facts keep the lead's spelling; the brief corrects what it speaks)
        if want_facts:  # typed by a lead; a published title's rare words are its terms
            ranked = [replace(t, name=corrected(t.name)) for t in ranked if lead_subject(t)]
        results.append(Analysis(topics=ranked, facts=found, version=stamp))
    return results


def _without_names(topics: list[Topic], facts: list[Fact], sentences) -> list[Topic]:
    """Who referred the lead and which vendor they use now are facts, not topics: a bare
    competitor name, and a capitalised name in the sentence of a referral, are dropped."""
    if not facts:
        return topics
    names = {f.value.lower() for f in facts if f.kind in ("competitor", "stack")}
    names |= {n for f in facts if f.kind == "referrer" for n in referrer_names(f.value)}
    # "we're a Salesforce shop": the name with a word that only says they use it
    names |= {f"{n} {w}" for n in list(names) for w in ("shop", "store", "house", "user")}
    referrals = [
        (s.start_char, s.end_char)
        for s in sentences
        for f in facts
        if f.kind == "referrer" and s.start_char <= f.start < s.end_char
    ]

    def in_referral(topic: Topic) -> bool:
        return bool(topic.spans) and all(
            any(a <= start and end <= b for a, b in referrals) for start, end in topic.spans
        )

    text = sentences[0].doc.text if sentences else ""

    def capitalised(topic: Topic) -> bool:  # as written, before any case folding
        return any(text[start : start + 1].isupper() for start, _ in topic.spans)

    def named(topic: Topic) -> bool:  # "SAP" of "SAP S/4HANA" ("Smartsheet data" stays)
        low = topic.name.lower()
        return low in names or any(n.startswith(low + " ") for n in names if len(n) > 2)

    return [t for t in topics if not named(t) and not (capitalised(t) and in_referral(t))]


def analyse_texts(
    texts: list[str],
    kind: str,
    glossary: Glossary | None = None,
    batch_size: int = 64,
    vendors: Vendors | None = None,
    pipeline: str | None = None,
) -> list[Analysis]:
    """Topics (and, for comments, facts) for each text, in order; parsed with nlp.pipe.

    `pipeline` is the spaCy pipeline's name or path (default `DEFAULT_PIPELINE`).

    `vendors` is the vendor vocabulary competitor and stack facts are read with (default:
    `Vendors.default()`, nlp/data/vendors.json)."""
    if kind not in TEXT_KINDS:
        raise ValueError(f"kind must be one of {', '.join(TEXT_KINDS)}, not {kind!r}")
    nlp = load_pipeline(pipeline)
    results: list[Analysis] = []
    # parse a chunk, then analyse it: alternating per doc between the model and the
    # extractor is measurably slower, and whole-list parsing would hold every Doc in memory
    chunk = max(batch_size, 1) * 4
    for at in range(0, len(texts), chunk):
        docs = list(parse(texts[at : at + chunk], kind, nlp, batch_size))
        results.extend(analyse_docs(docs, kind, glossary, nlp, vendors))
    return results


def extract_topics(
    text: str, kind: str = "comment", glossary: Glossary | None = None, top: int | None = None
) -> list[Topic]:
    topics = analyse_texts([text], kind, glossary)[0].topics
    return topics[:top] if top else topics


def extract_facts(text: str, vendors: Vendors | None = None) -> list[Fact]:
    return analyse_texts([text], "comment", vendors=vendors)[0].facts
