"""The results the extractor hands out: plain frozen dataclasses that round-trip through JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FACT_KINDS = (
    "referrer",
    "timeline",
    "budget",
    "need",
    "urgency",
    "competitor",
    "request",
    "stack",
    "question",
    "contact_preference",
    "deadline",
    "seats",
)
TEXT_KINDS = ("title", "comment")


@dataclass(frozen=True)
class Topic:
    name: str
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "spans": [list(s) for s in self.spans]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Topic:
        spans = [(int(a), int(b)) for a, b in data.get("spans", [])]
        return cls(name=str(data["name"]), score=float(data["score"]), spans=spans)


@dataclass(frozen=True)
class Fact:
    kind: str
    value: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        return cls(
            kind=str(data["kind"]),
            value=str(data["value"]),
            start=int(data["start"]),
            end=int(data["end"]),
        )


@dataclass(frozen=True)
class Analysis:
    topics: list[Topic]
    facts: list[Fact]
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": [t.to_dict() for t in self.topics],
            "facts": [f.to_dict() for f in self.facts],
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            topics=[Topic.from_dict(t) for t in data.get("topics", [])],
            facts=[Fact.from_dict(f) for f in data.get("facts", [])],
            version=str(data["version"]),
        )
