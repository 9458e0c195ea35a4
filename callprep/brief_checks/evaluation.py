"""Scoring briefs against judged scenarios (``tests/data/judged/brief_scenarios.jsonl``).

Each scenario is a lead, its interactions and a time ``now``; the brief is built by the real
pipeline (ingest with its NLP, then the brief service as of ``now``) and scored against what
a careful rep must say and must not say. The format and matching rules are those of the
judged data's FORMAT.md: substring checks case-insensitive on whitespace-collapsed text with
curly quotes folded; must-not checks word-bounded; implicit must-nots case-sensitive."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from callprep.brief_checks.lint import spoken_text
from callprep.briefs.build import Brief, build_brief
from callprep.ingest import events as ingest
from callprep.leads import service as leads

IMPLICIT_MUST_NOT = ("None", "null", "undefined", "nan", "{{", "}}", "{%", "%}", "[]", "<br",
                     "&amp;")  # fmt: skip
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


def normalise(text: str) -> str:
    return " ".join(str(text or "").translate(_FOLD).split()).lower()


def _needle(needle: str, case_sensitive: bool = False) -> re.Pattern:
    folded = " ".join(needle.translate(_FOLD).split())
    body = re.escape(folded if case_sensitive else folded.lower())
    start = r"(?<![A-Za-z0-9])" if folded[:1].isalnum() else ""
    end = r"(?![A-Za-z0-9])" if folded[-1:].isalnum() else ""
    return re.compile(start + body + end)


def must_not_hits(text: str, needle: str, case_sensitive: bool = False) -> bool:
    haystack = " ".join(text.translate(_FOLD).split())
    return bool(_needle(needle, case_sensitive).search(haystack if case_sensitive else
                                                        haystack.lower()))  # fmt: skip


def _fact_matches(facts: Sequence[dict[str, Any]], kind: str, contains: str | None) -> bool:
    of_kind = [f for f in facts if f["kind"] == kind]
    if contains is None:
        return bool(of_kind)
    return any(normalise(contains) in normalise(f["value"]) for f in of_kind)


@dataclass
class ScenarioResult:
    id: str
    failures: list[str] = field(default_factory=list)
    opening_line: str = ""

    @property
    def passed(self) -> bool:
        return not self.failures


def score(scenario: dict[str, Any], brief: Brief) -> ScenarioResult:
    expect = scenario.get("expect") or {}
    result = ScenarioResult(scenario["id"], opening_line=brief.opening_line)
    fail = result.failures.append
    spoken = spoken_text(brief)
    opening, spoken_norm = normalise(brief.opening_line), normalise(spoken)
    if expect.get("situation") is not None and expect["situation"] != brief.situation:
        fail(f"situation: expected {expect['situation']}, got {brief.situation}")
    for options in expect.get("opening_must_include") or []:
        if not any(normalise(option) in opening for option in options):
            fail(f"opener lacks one of {options}")
    for options in expect.get("spoken_must_include") or []:
        if not any(normalise(option) in spoken_norm for option in options):
            fail(f"spoken text lacks one of {options}")
    for needle in expect.get("spoken_must_not_include") or []:
        if must_not_hits(spoken, needle):
            fail(f"spoken text says {needle!r}")
    for needle in IMPLICIT_MUST_NOT:
        if must_not_hits(spoken, needle, case_sensitive=True):
            fail(f"spoken text says {needle!r} (placeholder)")
    for item in expect.get("facts_must_include") or []:
        if not _fact_matches(brief.facts, item["kind"], item.get("value_contains")):
            fail(f"no {item['kind']} fact containing {item.get('value_contains')!r}")
    for item in expect.get("facts_must_not_include") or []:
        if _fact_matches(brief.facts, item["kind"], item.get("value_contains")):
            fail(f"a {item['kind']} fact containing {item.get('value_contains')!r}")
    for options in expect.get("warnings_must_include") or []:
        if not any(normalise(o) in normalise(w) for o in options for w in brief.warnings):
            fail(f"no warning with one of {options}")
    for name in expect.get("case_if_spoken") or []:
        for match in _needle(name).finditer(" ".join(spoken.translate(_FOLD).split()).lower()):
            original = " ".join(spoken.translate(_FOLD).split())[match.start() : match.end()]
            if original != name:
                fail(f"{name!r} spoken as {original!r}")
                break
    return result


def read_scenarios(path: str | Path) -> list[dict[str, Any]]:
    scenarios = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            scenarios.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} line {number}: not valid JSON ({exc.msg})") from None
    return scenarios


def _when(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} has no UTC offset")
    return moment


def run_scenario(session: Session, scenario: dict[str, Any], number: int) -> ScenarioResult:
    """Load one scenario as the API would (lead, then its interactions, analysis included)
    and score the brief built as of the scenario's ``now``."""
    spec = dict(scenario.get("lead") or {})
    spec["email"] = spec.get("email") or f"scenario-{number}@example.com"
    spec["email"] = f"{number}-{spec['email']}"  # scenarios may reuse an address
    fields = ("email", "first_name", "last_name", "company", "title")
    lead = leads.create_lead(session, {k: spec.get(k) for k in fields})
    items = []
    for index, interaction in enumerate(scenario.get("interactions") or []):
        items.append({**interaction, "occurred_at": _when(interaction["occurred_at"]),
                      "source": "evaluation", "external_id": f"{number}-{index}"})  # fmt: skip
    if items:
        ingest.add_interactions(session, lead, items)
    session.flush()
    brief = build_brief(session, lead, _when(scenario["now"]), record=False)
    return score(scenario, brief)


@dataclass
class EvaluationReport:
    results: list[ScenarioResult]

    @property
    def pass_rate(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0

    def summary(self) -> str:
        passed = sum(r.passed for r in self.results)
        return (f"brief scenarios: {passed}/{len(self.results)} passed "
                f"({self.pass_rate:.1%})")  # fmt: skip


def evaluate(session: Session, scenarios: Iterable[dict[str, Any]]) -> EvaluationReport:
    results = []
    for number, scenario in enumerate(scenarios, 1):
        with session.begin_nested():
            results.append(run_scenario(session, scenario, number))
    return EvaluationReport(results)
