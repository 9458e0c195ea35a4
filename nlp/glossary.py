"""Marketing's glossary: canonical topics and the synonyms that should be counted as them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def phrase_key(text: str) -> str:
    """Case- and spacing-insensitive key used to compare glossary phrases and topics."""
    return " ".join(text.replace("-", " ").lower().split())


@dataclass(frozen=True)
class GlossaryEntry:
    topic: str
    synonyms: tuple[str, ...]

    def phrases(self) -> tuple[str, ...]:
        return (self.topic, *self.synonyms)


class Glossary:
    """Validated, immutable glossary; `fingerprint` changes exactly when its content does."""

    def __init__(self, entries: Iterable[GlossaryEntry]):
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries)
        self._canonical: dict[str, str] = {}
        for entry in self.entries:
            for phrase in entry.phrases():
                self._canonical[phrase_key(phrase)] = entry.topic
        payload = json.dumps(
            sorted([e.topic, sorted(e.synonyms)] for e in self.entries),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self.fingerprint: str = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, Any]]) -> Glossary:
        parsed: list[GlossaryEntry] = []
        owner: dict[str, int] = {}
        for index, raw in enumerate(entries):
            if not isinstance(raw, Mapping):
                raise ValueError(f"glossary entry {index}: must be an object with 'topic'")
            topic = raw.get("topic")
            if not isinstance(topic, str) or not topic.strip():
                raise ValueError(f"glossary entry {index}: 'topic' must be a non-empty string")
            synonyms = raw.get("synonyms", [])
            if not isinstance(synonyms, list | tuple) or not all(
                isinstance(s, str) and s.strip() for s in synonyms
            ):
                raise ValueError(
                    f"glossary entry {index}: 'synonyms' must be a list of non-empty strings"
                )
            topic = " ".join(topic.split())
            cleaned = tuple(dict.fromkeys(" ".join(s.split()) for s in synonyms))
            for phrase in (topic, *cleaned):
                key = phrase_key(phrase)
                if key in owner and owner[key] != index:
                    raise ValueError(
                        f"glossary entry {index}: {phrase!r} is already used by entry {owner[key]}"
                    )
                owner[key] = index
            parsed.append(GlossaryEntry(topic=topic, synonyms=cleaned))
        return cls(parsed)

    def to_entries(self) -> list[dict[str, Any]]:
        return [{"topic": e.topic, "synonyms": list(e.synonyms)} for e in self.entries]

    def canonical(self, phrase: str) -> str | None:
        """The canonical topic a phrase stands for, or None when the glossary doesn't know it."""
        return self._canonical.get(phrase_key(phrase))

    def phrases(self) -> dict[str, str]:
        """Every phrase (topics and synonyms) mapped to its canonical topic."""
        return {p: e.topic for e in self.entries for p in e.phrases()}

    def __len__(self) -> int:
        return len(self.entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries, fingerprint={self.fingerprint})"
