"""Honest evaluation: Inspec keyphrase F@k with the published protocol, and the B2B sets.

Metric functions are pure so they can be tested on tiny hand-made cases; loading and running
the extractor is kept apart from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from nltk.stem import PorterStemmer

from nlp.analyse import analyse_texts
from nlp.model import FACT_KINDS, Fact
from nlp.pipeline import version_stamp

INSPEC_SETTING = "CALLPREP_INSPEC_PATH"
INSPEC_RELATIVE = Path("..") / "shared" / "eval" / "inspec" / "inspec_test.jsonl"
B2B_DEV = Path("tests") / "data" / "b2b_dev.jsonl"
B2B_TEST = Path("tests") / "data" / "b2b_test.jsonl"
REPO_ROOT = Path(__file__).resolve().parent.parent

_TOKEN = re.compile(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*")
_stemmer = PorterStemmer()


# --- keyphrase matching (the Inspec protocol) --------------------------------------------


@lru_cache(maxsize=100_000)
def stem_phrase(phrase: str) -> str:
    """Lower-case, tokenise on [A-Za-z0-9]+(-[A-Za-z0-9]+)*, Porter-stem every token."""
    return " ".join(_stemmer.stem(m.group(0)) for m in _TOKEN.finditer(phrase.lower()))


def top_k_stemmed(predictions: Iterable[str], k: int) -> list[str]:
    """Stem, drop duplicates (and phrases with no tokens) keeping order, then cut at k."""
    seen: dict[str, None] = {}
    for phrase in predictions:
        stemmed = stem_phrase(phrase)
        if stemmed:
            seen.setdefault(stemmed, None)
    return list(seen)[:k]


def f1(matched: int, predicted: int, gold: int) -> float:
    """F1 from counts; no predictions or no gold scores 0 (nothing right was said)."""
    if matched == 0 or predicted == 0 or gold == 0:
        return 0.0
    precision, recall = matched / predicted, matched / gold
    return 2 * precision * recall / (precision + recall)


def f_at_k(predictions: Sequence[str], gold: Iterable[str], k: int) -> float:
    """F1 of the top-k distinct stemmed predictions against ALL gold phrases of a document."""
    top = top_k_stemmed(predictions, k)
    gold_set = {g for g in (stem_phrase(p) for p in gold) if g}
    return f1(len(set(top) & gold_set), len(top), len(gold_set))


def macro_f_at_k(runs: Sequence[tuple[Sequence[str], Iterable[str]]], k: int) -> float:
    """Mean F@k over documents, in percent."""
    if not runs:
        return 0.0
    return 100.0 * sum(f_at_k(pred, gold, k) for pred, gold in runs) / len(runs)


# --- facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldFact:
    kind: str
    start: int
    end: int


@dataclass
class FactCounts:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.true_positive, self.predicted, self.gold)


def match_facts(predicted: Sequence[Fact], gold: Sequence[GoldFact]) -> int:
    """Predictions matching a gold fact: same kind, overlapping spans, each gold used once."""
    used: set[int] = set()
    matched = 0
    for fact in predicted:
        for index, g in enumerate(gold):
            if index in used or g.kind != fact.kind:
                continue
            if fact.start < g.end and g.start < fact.end:
                used.add(index)
                matched += 1
                break
    return matched


def count_facts(
    predicted: Sequence[Fact], gold: Sequence[GoldFact], counts: dict[str, FactCounts]
) -> None:
    for kind in FACT_KINDS:
        p = [f for f in predicted if f.kind == kind]
        g = [f for f in gold if f.kind == kind]
        c = counts.setdefault(kind, FactCounts())
        c.true_positive += match_facts(p, g)
        c.predicted += len(p)
        c.gold += len(g)


# --- data sets ---------------------------------------------------------------------------


@dataclass
class B2BExample:
    id: str
    kind: str
    text: str
    topics: list[str]
    facts: list[GoldFact] = field(default_factory=list)


def load_b2b(path: Path) -> list[B2BExample]:
    """Read a B2B set; a gold span that is not in the text is an error naming the line."""
    examples = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            text = row["text"]
            facts = []
            for fact in row.get("facts", []):
                start = text.find(fact["span"])
                if start < 0 or not fact["span"]:
                    raise ValueError(f"{path}:{number}: span {fact['span']!r} is not in the text")
                facts.append(GoldFact(fact["kind"], start, start + len(fact["span"])))
            examples.append(
                B2BExample(str(row["id"]), row["kind"], text, list(row.get("topics", [])), facts)
            )
    return examples


def load_inspec(path: Path, limit: int | None = None) -> list[tuple[str, list[str]]]:
    """(title + ". " + abstract, uncontr gold) per document."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                docs.append((row["title"] + ". " + row["abstract"], list(row["uncontr"])))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def find_inspec(explicit: str | None = None, cwd: Path | None = None) -> Path | None:
    """The Inspec test file: the path given (the CLI passes --inspec, else
    $CALLPREP_INSPEC_PATH), then ../shared/eval."""
    if explicit:
        return Path(explicit)
    for base in (cwd or Path.cwd(), REPO_ROOT):
        candidate = base / INSPEC_RELATIVE
        if candidate.is_file():
            return candidate.resolve()
    return None


# --- running the extractor ---------------------------------------------------------------

TopicsFn = Callable[[list[str], str], list[list[str]]]
FactsFn = Callable[[list[str]], list[list[Fact]]]


@dataclass
class InspecScore:
    documents: int
    f_at_5: float
    f_at_10: float


@dataclass
class B2BScore:
    examples: int
    topic_documents: int
    topic_f_at_5: float
    facts: dict[str, FactCounts]


def score_inspec(docs: list[tuple[str, list[str]]], topics_fn: TopicsFn) -> InspecScore:
    predictions = topics_fn([text for text, _ in docs], "comment")
    runs = [(pred, gold) for pred, (_, gold) in zip(predictions, docs, strict=True)]
    return InspecScore(len(docs), macro_f_at_k(runs, 5), macro_f_at_k(runs, 10))


def score_b2b(examples: list[B2BExample], topics_fn: TopicsFn, facts_fn: FactsFn) -> B2BScore:
    runs = []
    for kind in ("title", "comment"):
        group = [e for e in examples if e.kind == kind]
        if group:
            predicted = topics_fn([e.text for e in group], kind)
            runs += [(p, e.topics) for p, e in zip(predicted, group, strict=True) if e.topics]
    comments = [e for e in examples if e.kind == "comment"]
    counts: dict[str, FactCounts] = {kind: FactCounts() for kind in FACT_KINDS}
    for facts, example in zip(facts_fn([e.text for e in comments]), comments, strict=True):
        count_facts(facts, example.facts, counts)
    return B2BScore(len(examples), len(runs), macro_f_at_k(runs, 5), counts)


def format_inspec(score: InspecScore | None, path: Path | None) -> list[str]:
    if score is None:
        where = f" at {path}" if path else ""
        return [
            f"Inspec: test file not found{where}; set {INSPEC_SETTING} or pass --inspec PATH "
            f"(looked for {INSPEC_RELATIVE} from the working directory and the repository)"
        ]
    return [
        f"Inspec test ({score.documents} documents, {path}): "
        f"F@5 {score.f_at_5:.2f}  F@10 {score.f_at_10:.2f}"
    ]


def format_b2b(score: B2BScore | None, path: Path) -> list[str]:
    if score is None:
        return [f"B2B {path}: not found, skipped"]
    lines = [
        f"B2B {path} ({score.examples} texts): topic F@5 {score.topic_f_at_5 / 100:.3f} "
        f"over {score.topic_documents} texts with gold topics",
        f"  {'fact kind':<11} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}",
    ]
    for kind, c in score.facts.items():
        if not c.gold and not c.predicted:
            lines.append(f"  {kind:<11} {'-':>6} {'-':>6} {'-':>6} {0:5d} {0:5d}")
            continue
        lines.append(
            f"  {kind:<11} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
            f"{c.gold:5d} {c.predicted:5d}"
        )
    return lines


# --- the report --------------------------------------------------------------------------


def extractor_topics(texts: list[str], kind: str, pipeline: str | None = None) -> list[list[str]]:
    return [[t.name for t in a.topics] for a in analyse_texts(texts, kind, pipeline=pipeline)]


def extractor_facts(texts: list[str], pipeline: str | None = None) -> list[list[Fact]]:
    return [a.facts for a in analyse_texts(texts, "comment", pipeline=pipeline)]


def evaluation_report(
    inspec: str | None = None,
    b2b: Sequence[str] | None = None,
    limit: int | None = None,
    topics_fn: TopicsFn | None = None,
    facts_fn: FactsFn | None = None,
    pipeline: str | None = None,
) -> list[str]:
    """The lines `callprep nlp evaluate` prints; missing files are reported, not fatal.

    `limit` cuts the Inspec run only (for quick iterations); B2B sets are small and always whole.
    The extractor runs on `pipeline` (nlp's default when None) unless the functions are given.
    """
    topics_fn = topics_fn or partial(extractor_topics, pipeline=pipeline)
    facts_fn = facts_fn or partial(extractor_facts, pipeline=pipeline)
    lines = [f"extractor {version_stamp(pipeline=pipeline)}"]
    path = find_inspec(inspec)
    if path is not None and path.is_file():
        docs = load_inspec(path, limit)
        lines += format_inspec(score_inspec(docs, topics_fn), path)
    else:
        lines += format_inspec(None, path)
    paths = [Path(p) for p in b2b] if b2b else [REPO_ROOT / B2B_DEV, REPO_ROOT / B2B_TEST]
    for b2b_path in paths:
        if not b2b_path.is_file():
            lines += format_b2b(None, b2b_path)
            continue
        try:
            examples = load_b2b(b2b_path)
        except (ValueError, KeyError, TypeError) as exc:  # report it, keep the other scores
            lines.append(f"B2B {b2b_path}: cannot be read: {exc}")
            continue
        lines += format_b2b(score_b2b(examples, topics_fn, facts_fn), b2b_path)
    return lines
