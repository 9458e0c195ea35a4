"""Scores on judged data written outside the team (formats: tests/data/judged/FORMAT.md).

- `request_scores(rows)`: requests as a binary classification (recall, false-positive rate)
  over `{"text", "is_request", "request"}` rows (request_phrasings.jsonl, and the team's own
  tests/data/request_dev.jsonl, whose rows say `"request": value | null`);
- `fact_judgement_scores(rows)`: the share of `{"text", "must", "must_not"}` rows whose facts
  pass (fact_judgements.jsonl).

`python -m nlp.judged FILE...` prints the scores of each file by its shape.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nlp.analyse import analyse_texts
from nlp.model import Fact

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
# the judged request kinds, and the values of ours that name them
_REQUEST_KINDS = {"contact_sales": "call", "call": "call"}


def normalised(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip().lower()


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class RequestScores:
    positives: int = 0
    found: int = 0
    negatives: int = 0
    false_positives: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.negatives if self.negatives else 0.0

    def line(self) -> str:
        return (
            f"recall {self.recall:.3f} ({self.found}/{self.positives})  "
            f"false positives {self.false_positive_rate:.3f} "
            f"({self.false_positives}/{self.negatives})"
        )


def request_scores(rows: list[dict]) -> RequestScores:
    analyses = analyse_texts([r["text"] for r in rows], "comment")
    scores = RequestScores()
    for row, analysis in zip(rows, analyses, strict=True):
        asked = row.get("is_request", row.get("request") is not None)
        got = [f.value for f in analysis.facts if f.kind == "request"]
        if asked:
            scores.positives += 1
            if got:
                scores.found += 1
            else:
                scores.misses.append(row["text"])
        else:
            scores.negatives += 1
            if got:
                scores.false_positives += 1
                scores.wrong.append(f"{got} {row['text']}")
    return scores


def _matches(fact: Fact, item: dict) -> bool:
    if fact.kind != item["kind"]:
        return False
    wanted = item.get("value_contains")
    if wanted is None:
        return True
    wanted = normalised(_REQUEST_KINDS.get(wanted, wanted) if fact.kind == "request" else wanted)
    return wanted in normalised(fact.value)


@dataclass
class JudgementScores:
    total: int = 0
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0

    def line(self) -> str:
        return f"pass rate {self.rate:.3f} ({self.passed}/{self.total})"


def fact_judgement_scores(rows: list[dict]) -> JudgementScores:
    analyses = analyse_texts([r["text"] for r in rows], "comment")
    scores = JudgementScores()
    for row, analysis in zip(rows, analyses, strict=True):
        facts = analysis.facts
        missing = [m for m in row.get("must", []) if not any(_matches(f, m) for f in facts)]
        forbidden = [m for m in row.get("must_not", []) if any(_matches(f, m) for f in facts)]
        scores.total += 1
        if missing or forbidden:
            got = ", ".join(f"{f.kind}={f.value!r}" for f in facts)
            scores.failures.append(
                f"{row.get('id')}: {row['text']!r}\n   missing {missing} forbidden {forbidden}"
                f"\n   got {got}"
            )
        else:
            scores.passed += 1
    return scores


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    for path in [a for a in argv if a != "-v"]:
        rows = read_jsonl(path)
        if rows and "must" in rows[0]:
            scores = fact_judgement_scores(rows)
            print(f"{path}: facts {scores.line()}")
            if verbose:
                print("\n".join(scores.failures))
        else:
            scores = request_scores(rows)
            print(f"{path}: requests {scores.line()}")
            if verbose:
                print("\n".join(f"MISS {t}" for t in scores.misses))
                print("\n".join(f"FP   {t}" for t in scores.wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
