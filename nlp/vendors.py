"""The vendor vocabulary, and vendors named in a comment read as `competitor` or `stack`.

A vendor is a real product or company from an editable vocabulary (shipped default:
nlp/data/vendors.json; `Vendors.from_entries` takes marketing's own, glossary-style). A name
is found as written in any case, or misspelt when the written word is rare in English and
one or two edits from a vocabulary name ("quikbooks"). A vocabulary name that is also an
ordinary English word ("stripe", "epic", "teams") counts only when written with a capital or
right after a word that names a system ("use", "on", "off", "from"). An ordinary word is never
a name because it was misspelt: "predictve" is near no vendor and stays a word.

Whether a named vendor is a `competitor` or the lead's own `stack` is read off the words
around it (`classify`): comparing, evaluating, switching or moving off, replacing, also
talking to, quoted by, unhappy with: competitor; a shop, running on, integrating or syncing
with, pulling from, pushing to, "we use X for Y", a question about working with it: stack.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from nlp.vendor_roles import RIVAL_WORDS, cue_word

DEFAULT_PATH = Path(__file__).parent / "data" / "vendors.json"
ROLES = ("stack",)
_COMMON_ZIPF = 3.0  # a name this frequent in English is also an ordinary word
_RARE_ZIPF = 2.5  # a written word this rare may be a misspelt name
_MAX_WORDS = 5


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Vendor:
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    role: str | None = None

    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Vendors:
    """A validated, immutable vendor vocabulary; `fingerprint` changes with its content."""

    def __init__(self, vendors: Iterable[Vendor]):
        self.vendors: tuple[Vendor, ...] = tuple(vendors)
        self._by_phrase: dict[str, Vendor] = {}
        for vendor in self.vendors:
            for phrase in vendor.phrases():
                self._by_phrase.setdefault(_key(phrase), vendor)
        self._single = sorted(p for p in self._by_phrase if " " not in p and len(p) >= 5)
        # a token can start a name only if a name starts with its first letters
        self._prefixes = frozenset(p[:k] for p in self._by_phrase for k in (1, 2, 3))
        self._misspelt: dict[str, Vendor | None] = {}
        payload = json.dumps(self.to_entries(), sort_keys=True, ensure_ascii=False)
        self.fingerprint: str = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, Any]]) -> Vendors:
        """Entries `{"name", "category", "aliases": [...], "role": "stack"?}`; a ValueError
        names the entry index of a bad one."""
        parsed: list[Vendor] = []
        owner: dict[str, int] = {}
        for index, raw in enumerate(entries):
            if not isinstance(raw, Mapping):
                raise ValueError(f"vendor entry {index}: must be an object with 'name'")
            name, category = raw.get("name"), raw.get("category", "")
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"vendor entry {index}: 'name' must be a non-empty string")
            if not isinstance(category, str):
                raise ValueError(f"vendor entry {index}: 'category' must be a string")
            aliases = raw.get("aliases", [])
            if not isinstance(aliases, list | tuple) or not all(
                isinstance(a, str) and a.strip() for a in aliases
            ):
                raise ValueError(
                    f"vendor entry {index}: 'aliases' must be a list of non-empty strings"
                )
            role = raw.get("role")
            if role is not None and role not in ROLES:
                raise ValueError(f"vendor entry {index}: 'role' must be one of {ROLES} or absent")
            name = " ".join(name.split())
            cleaned = tuple(dict.fromkeys(" ".join(a.split()) for a in aliases))
            for phrase in (name, *cleaned):
                key = _key(phrase)
                if key in owner and owner[key] != index:
                    raise ValueError(
                        f"vendor entry {index}: {phrase!r} is already used by entry {owner[key]}"
                    )
                owner[key] = index
            parsed.append(Vendor(name, category.strip(), cleaned, role))
        return cls(parsed)

    @classmethod
    def default(cls) -> Vendors:
        return _default()

    def to_entries(self) -> list[dict[str, Any]]:
        out = []
        for v in self.vendors:
            entry: dict[str, Any] = {"name": v.name, "category": v.category}
            entry["aliases"] = list(v.aliases)
            if v.role:
                entry["role"] = v.role
            out.append(entry)
        return out

    def get(self, phrase: str) -> Vendor | None:
        return self._by_phrase.get(_key(phrase))

    def may_start(self, lower: str) -> bool:
        return lower[:3] in self._prefixes

    def misspelt(self, word: str) -> Vendor | None:
        """The vendor a rare written word is one or two edits from ("quikbooks")."""
        lower = word.lower()
        if lower in self._misspelt:
            return self._misspelt[lower]
        found = self._misspelt[lower] = self._near(lower)
        return found

    def _near(self, lower: str) -> Vendor | None:
        if len(lower) < 5 or not lower.isalpha() or zipf_frequency(lower, "en") >= _RARE_ZIPF:
            return None
        limit = 1 if len(lower) < 8 else 2
        found = process.extractOne(lower, self._single, scorer=OSA.distance, score_cutoff=limit)
        return self._by_phrase[found[0]] if found else None

    def __len__(self) -> int:
        return len(self.vendors)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vendors) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"Vendors({len(self.vendors)} entries, fingerprint={self.fingerprint})"


@lru_cache(maxsize=1)
def _default() -> Vendors:
    with open(DEFAULT_PATH, encoding="utf-8") as f:
        return Vendors.from_entries(json.load(f)["vendors"])


@dataclass(frozen=True)
class Mention:
    start: int  # token indices
    end: int
    vendor: Vendor
    written: str
    fuzzy: bool = False

    def spoken(self) -> str:
        """The name as a rep says it: the vocabulary's case where the lead wrote it in another
        case ("netsuite" -> "NetSuite"), else as written."""
        written = self.written
        if self.fuzzy:
            return self.vendor.name
        for phrase in self.vendor.phrases():
            at = phrase.lower().find(written.lower())
            if at >= 0 and phrase != phrase.lower():
                return phrase[at : at + len(written)]
        if written.islower() and " " not in written and written.isalpha():
            return self.vendor.name
        return written


# words right before a name that say it is a system ("use slack", "on epic", "off oracle")
NAME_CUES = frozenset(
    {"use", "using", "uses", "used", "on", "off", "from", "replacing", "replace", "vs", "vs.",
     "versus", "via", "into", "run", "runs", "running", "migrating", "leaving", "ditching"}
)  # fmt: skip


NAME_AFTER = frozenset({"shop", "house", "user", "users", "customer", "instance", "tenant"})
CONTRACT_WORDS = frozenset({"contract", "agreement", "renewal", "licence", "license"})


def mentions(doc: Doc, vendors: Vendors) -> list[Mention]:
    """Vendors named in the doc, longest first, each token in at most one mention."""
    found: list[Mention] = []
    i = 0
    n = len(doc)
    lowers: list[str] = []
    spaces: list[str] = []
    for t in doc:  # one pass: iterating a Doc makes a Token per step
        lowers.append(t.lower_)
        spaces.append(t.whitespace_)
    while i < n:
        hit = None
        if vendors.may_start(lowers[i]):
            for j in range(min(n, i + _MAX_WORDS), i, -1):
                text = "".join(lowers[k] + spaces[k] for k in range(i, j - 1)) + lowers[j - 1]
                vendor = vendors._by_phrase.get(text) or (
                    vendors.get(text) if "  " in text else None
                )
                if vendor is not None and _counts(doc, doc[i:j], vendors):
                    hit = Mention(i, j, vendor, doc[i:j].text)
                    break
        if hit is None and lowers[i].isalpha() and lowers[i] not in STOP_WORDS:
            vendor = vendors.misspelt(lowers[i])
            if vendor is not None:
                hit = Mention(i, i + 1, vendor, doc[i].text, fuzzy=True)
        if hit is not None and found and found[-1].vendor == hit.vendor and found[-1].end == i:
            last = found.pop()  # "Cisco Meraki": one vendor named twice over
            hit = Mention(last.start, hit.end, hit.vendor, doc[last.start : hit.end].text)
        if hit is not None:
            found.append(hit)
            i = hit.end
        else:
            i += 1
    return found


def _counts(doc: Doc, span: Span, vendors: Vendors) -> bool:
    """A name that is also an ordinary word counts when capitalised or right after a cue."""
    text = span.text
    if any(not c.isalpha() for c in text if c != " ") or len(span) > 1:
        return True  # "S/4HANA", "monday.com", "power bi": no ordinary word
    if zipf_frequency(text.lower(), "en") < _COMMON_ZIPF:
        return True
    first = span.start == 0 or doc[span.start].is_sent_start
    if text[:1].isupper() and not (first and text.istitle()):
        return True
    if text.isupper() and len(text) > 1:
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if nxt in NAME_AFTER:
        return True  # "azure shop", "veeam user"
    if before in ("and", "or", "n", "&", ",", "/") and span.start > 1:
        return _after_name(
            doc, span.start - 1, vendors
        )  # "workday for hr and greenhouse for hiring"
    if before == "with" and span.start > 1 and doc[span.start - 2].lemma_ in CONTRACT_WORDS:
        return True  # "contract with adp"
    if first and text.istitle():
        return nxt == "is"
    if before == "to" and span.start > 1 and doc[span.start - 2].lower_ == "thanks":
        return True  # "thanks to stripe our payments are sorted"
    return before in NAME_CUES or cue_word(before) in RIVAL_WORDS


def _after_name(doc: Doc, at: int, vendors: Vendors) -> bool:
    """A word of the list that starts at a name: "rippling and gusto", "(asana, smartsheet"."""
    window = doc[max(0, at - 6) : at]
    return any(t.pos_ == "PROPN" or vendors.get(t.text) is not None for t in window)
