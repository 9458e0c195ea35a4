"""The speech check: render briefs and flag what a rep must never read aloud.

``callprep briefs lint`` renders every lead in the database (the demo set, on a temporary
SQLite database when none is configured) and a generated corpus of synthetic leads built from
combinatorial templates of titles, comments and facts (seeded, so a run is repeatable). Each
brief's spoken text (the opener and every track line) is checked for:

- placeholders: ``None``, ``null``, ``nan``, ``{{``, ``[]``, escaped markup;
- broken sentences: a sentence opener after a comma, where two lines were joined;
- lowercased proper nouns: a name the lead's data spells with capitals spoken without them;
- unknown-word names: a word no dictionary knows (wordfreq), spoken outside quotes, that the
  lead's data does not spell that way either (a garbled or misspelt "name");
- repeated facts (a fact listed twice) and repeated lines;
- broken titles: "on How…", "on the CFO's Guide…", an unquoted subtitle, "at X, Chicago";
- contradictory states: fresh and overdue, followed up and overdue;
- a past date spoken as future;
- calling someone who asked not to be called.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from wordfreq import zipf_frequency

from callprep.brief_checks.lint_corpus import load_corpus
from callprep.briefs.build import Brief, build_brief
from callprep.models import Lead
from callprep.trackengine.wordlists import is_name_word

PLACEHOLDERS = ("None", "null", "undefined", "nan", "NaN")
MARKUP = ("{{", "}}", "{%", "%}", "[]", "<br", "&amp;", "&lt;", "&gt;", "&#")
_PLACEHOLDER = re.compile(r"(?<![\w])(" + "|".join(PLACEHOLDERS) + r")(?![\w])")
_BROKEN_TITLES = (
    (re.compile(r"\b(?:on|about) (?:How|Why|What|When|Where|Who|Can|Do|Does|Is|Are|From)\b"),
     "a sentence-like title spoken after 'on'"),
    (re.compile(r"\b(?:on|about) the [A-Z][\w]*['’]s\b"), "a possessive title spoken after 'on'"),
    (re.compile(r"\bour (?:[A-Za-z-]+ ){0,3}on [^“”.?!]*: "), "an unquoted subtitle"),
    (re.compile(r"\bat [A-Z][^“”.?!,]*, [A-Z][a-z]+ (?:last|yesterday|today|this|on)\b"),
     "an event title with its place spoken as is"),
    (re.compile(r"““|””|“\s*”"), "doubled or empty quotes"),
)  # fmt: skip
# A sentence opener after a comma: two template lines joined where one ended without its
# full stop ("Hi Tomasz, Would it help..."). Function words only: a name may follow a comma.
_RUN_ON = re.compile(
    r",\s+(Would|Could|Can|Is|Are|Do|Does|Did|What|How|Why|When|Where|Who|Which|Thanks|"
    r"Thank|We|You|Your|Our|It|It's|This|That|There|These|Those|Let's|Have|Has|So|But|And)\b"
)
_CALLING = re.compile(
    r"\b(wanted to call|calling you|call you (?:right away|back)|I'm calling|to call right away"
    r"|give you a call|call back)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|\([^)]*\)")


@dataclass(frozen=True)
class Flag:
    lead: str
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.lead}: {self.check}: {self.detail}"


@dataclass
class LintReport:
    briefs: int = 0
    flags: list[Flag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags

    def summary(self) -> str:
        counts = Counter(flag.check for flag in self.flags)
        detail = ", ".join(f"{check}: {n}" for check, n in sorted(counts.items()))
        state = "clean" if self.ok else f"{len(self.flags)} flagged ({detail})"
        return f"speech check: {self.briefs} briefs, {state}"


def spoken_text(brief: Brief) -> str:
    """The opener and every track line (the opener is usually the first line: once)."""
    lines = [line["text"] for line in brief.talk_track["lines"]]
    if brief.opening_line and brief.opening_line not in lines:
        lines.insert(0, brief.opening_line)
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=20000)
def _known(word: str) -> bool:
    parts = [p for p in re.split(r"[-'’]", word.lower()) if p]
    return all(zipf_frequency(p, "en") > 0 for p in parts) if parts else True


_NAMED_KINDS = ("competitor", "stack", "referrer")


def _source_texts(brief: Brief) -> list[str]:
    lead = brief.lead
    texts = [lead.get(k) or "" for k in ("first_name", "last_name", "company", "title")]
    for interaction in brief.context.interactions if brief.context else ():
        texts += [interaction.title or "", interaction.comment or ""]
    texts += [fact["value"] for fact in brief.facts]
    texts += [rep for rep in (brief.rep.get("name") or "",)]
    return [text for text in texts if text]


def _name_spellings(brief: Brief) -> dict[str, set[str]]:
    """How the lead's data spells its names, by lowercase form: {"salesforce": {"Salesforce"}}.

    Names are the lead's own and company names, named facts (competitor, stack, referrer),
    and words that look like names wherever they appear: acronyms, inner capitals, and
    capitalised words that ordinary English does not use (wordfreq). Title Case in titles
    and sentence starts prove nothing."""
    texts = [f["value"] for f in brief.facts if f["kind"] in _NAMED_KINDS]
    spellings: dict[str, set[str]] = {}
    for text in texts:
        for word in _WORD.findall(text):
            if any(ch.isupper() for ch in word):
                spellings.setdefault(word.lower(), set()).add(word)
    for text in _source_texts(brief):
        for word in _WORD.findall(text):
            if len(word) > 1 and is_name_word(word):
                spellings.setdefault(word.lower(), set()).add(word)
    return spellings


# Email addresses and links are read as written: "helen.obrien@..." is not a lowercased name.
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+")


def check_brief(brief: Brief, label: str) -> list[Flag]:
    """The flags one brief raises (empty when a rep could read it aloud as it is)."""
    flags: list[Flag] = []
    text = spoken_text(brief)

    def flag(check: str, detail: str) -> None:
        flags.append(Flag(label, check, detail))

    for match in _PLACEHOLDER.finditer(text):
        flag("placeholder", repr(match.group(0)))
    for needle in MARKUP:
        if needle in text:
            flag("placeholder", repr(needle))
    source_blob = "\n".join(_source_texts(brief))
    spellings = _name_spellings(brief)
    named = {w.lower() for f in brief.facts if f["kind"] in _NAMED_KINDS
             for w in _WORD.findall(f["value"])}  # fmt: skip
    unquoted = _ADDRESS.sub(" ", _QUOTED.sub(" ", text))
    for sentence in re.split(r"(?<=[.!?])\s+|\n", unquoted):
        for word in _WORD.findall(sentence):
            known_as = spellings.get(word.lower())
            if known_as and word not in known_as and word.islower():
                flag("lowercased proper noun", f"{word!r} (written {sorted(known_as)[0]!r})")
            elif not _known(word) and word not in source_blob:
                flag("unknown-word name", f"{word!r} (in no dictionary and not in the data)")
            elif not _known(word) and word.islower() and word in named:
                flag("unknown-word name", f"{word!r} (a misspelt word spoken as a name)")
    keys = Counter(
        (fact["kind"], " ".join(fact["value"].casefold().split())) for fact in brief.facts
    )
    for (kind, value), n in keys.items():
        if n > 1:
            flag("repeated fact", f"{kind} {value!r} x{n}")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line, n in Counter(lines).items():
        if n > 1:
            flag("repeated line", repr(line[:60]))
    # An email address is read out as it is written ("helen.obrien@…"): not a name to case.
    for key in ("company", "first_name", "last_name"):
        name = (brief.lead.get(key) or "").strip()
        if len(name) > 1 and not name.islower():
            for match in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", unquoted, re.I):
                if match.group(0) != name:
                    flag("lowercased proper noun", f"{match.group(0)!r} (written {name!r})")
    for pattern, what in _BROKEN_TITLES:
        for match in pattern.finditer(text):
            flag("broken title", f"{what}: {match.group(0)!r}")
    for match in _RUN_ON.finditer(unquoted):
        flag("broken sentence", f"a sentence opener after a comma: {match.group(0)!r}")
    fresh = brief.freshness
    if fresh.overdue and fresh.status == "fresh":
        flag("contradictory state", "fresh and overdue")
    if fresh.overdue and fresh.followed_up:
        flag("contradictory state", "followed up and overdue")
    if brief.situation == "cold" and fresh.follow_up_due_at is not None:
        flag("contradictory state", "cold with a follow-up deadline")
    # What the lead said, reported back: sentences that start "You asked/mentioned/said…".
    reported = " ".join(
        sentence
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text)
        if re.match(r"^(You|And you|I know you|As you)\b", sentence)
    ).lower()
    for fact in brief.facts:
        if not fact.get("date_passed"):
            continue
        words = fact["date"]["words"].lower()
        written = fact["value"].lower()
        # A value that is only its date ("this week") is the lead's only where the brief
        # reports the lead; the rep's own "30 minutes this week" is not their past date.
        says_more = " ".join(written.split()) != " ".join(words.split())
        if (says_more and written in text.lower()) or re.search(
            r"(?<![\w])" + re.escape(words) + r"(?![\w])", reported
        ):
            flag("past date spoken as future", repr(fact["value"]))
    contact = brief.context.contact if brief.context else None
    if contact is not None and not contact.call_ok:
        for match in _CALLING.finditer(text):
            flag("calls someone who asked not to be called", repr(match.group(0)))
        if not any("email" in warning or "called" in warning for warning in brief.warnings):
            flag("calls someone who asked not to be called", "no warning for the rep")
    return flags


def lint_leads(session: Session, lead_ids: Sequence[int], now: datetime) -> LintReport:
    report = LintReport()
    for lead_id in lead_ids:
        lead = session.get(Lead, lead_id)
        brief = build_brief(session, lead, now, record=False)
        report.briefs += 1
        label = f"lead {lead.id} ({lead.email})"
        report.flags += check_brief(brief, label)
    return report


def lint_database(session: Session, now: datetime, corpus: int = 500, seed: int = 11
                  ) -> LintReport:  # fmt: skip
    """Every lead already stored, then the generated corpus."""
    stored = list(session.scalars(select(Lead.id).order_by(Lead.id)))
    report = lint_leads(session, stored, now)
    if corpus:
        generated = load_corpus(session, corpus, seed, now)
        more = lint_leads(session, generated, now)
        report.briefs += more.briefs
        report.flags += more.flags
    return report
