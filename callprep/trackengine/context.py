"""What a talk track can see: read-only views of one lead, filled by the brief service.

These frozen dataclasses are the whole surface a marketing-authored template touches. The
sandbox lets a template read only the attributes documented in ``CONTEXT_REFERENCE`` (in
``callprep.trackengine.reference``); reading a field of an interaction, topic or fact records
that interaction as evidence for the line being rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from callprep.trackengine.wordlists import message_part
from callprep.vocabulary import EVENT_TYPES, FACT_KINDS, SITUATIONS

COMEBACK_GAP = timedelta(days=45)
#: Pages looked at this long before a form belong to the same visit.
SITTING = timedelta(days=1)
# Words that say what the form asked for, not what it is about ("book demo", "call").
_ASK_WORDS = frozenset(
    {"book", "booking", "demo", "call", "callback", "pricing", "price", "quote", "trial",
     "meeting", "contact", "sales", "someone", "touch", "chat", "info", "information"}
)  # fmt: skip


_FILLER = re.compile(r"\b(?:lorem|ipsum|asdf|qwerty)\b", re.IGNORECASE)


# A date is no subject ("starts jan", "next FY").
_CALENDAR_WORDS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december", "q1", "q2", "q3", "q4", "fy", "week", "month",
     "year", "today", "tomorrow", "yesterday"}
)  # fmt: skip


def _is_ask(name: str) -> bool:
    words = name.lower().split()
    return all(word in _ASK_WORDS for word in words) or any(w in _CALENDAR_WORDS for w in words)


@dataclass(frozen=True)
class LeadView:
    id: int | str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class RepView:
    first_name: str | None = None
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class InteractionView:
    id: int | str
    type: str
    occurred_at: datetime
    title: str | None = None
    asset_type: str | None = None
    url: str | None = None
    comment: str | None = None
    campaign: str | None = None

    def __post_init__(self) -> None:
        if self.occurred_at.tzinfo is None or self.occurred_at.utcoffset() is None:
            raise ValueError("InteractionView.occurred_at must be timezone-aware")

    @property
    def evidence_ids(self) -> tuple[int | str, ...]:
        return (self.id,)

    def __str__(self) -> str:
        return self.title or self.type.replace("_", " ")


@dataclass(frozen=True)
class TopicView:
    name: str
    score: float
    evidence: tuple[int | str, ...] = ()

    @property
    def evidence_ids(self) -> tuple[int | str, ...]:
        return tuple(self.evidence)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class FactView:
    kind: str
    value: str
    interaction_id: int | str
    start: int = 0
    end: int = 0
    # The words as the lead wrote them when ``value`` re-says a date relative to the brief's
    # time ("in two weeks" written ten days ago is "by Thursday"); None when unchanged.
    written: str | None = None

    @property
    def evidence_ids(self) -> tuple[int | str, ...]:
        return (self.interaction_id,)

    def __str__(self) -> str:
        # Printing a fact prints what the lead said: ``{{ facts.need }}``.
        return self.value


@dataclass(frozen=True)
class ContactView:
    """How the lead asked to be contacted, from their ``contact_preference`` facts."""

    prefers: str | None = None  # "email" or "phone" when they said so
    call_ok: bool = True  # False when they prefer email or asked not to be called
    email_ok: bool = True  # False when they asked not to be emailed
    best_time: str | None = None  # their words, e.g. "after 3pm"
    evidence: tuple[int | str, ...] = ()

    @property
    def evidence_ids(self) -> tuple[int | str, ...]:
        return tuple(self.evidence)

    @classmethod
    def from_facts(cls, facts: tuple[FactView, ...]) -> ContactView:
        """The newest statement of each kind wins (facts come newest first)."""
        prefers = best_time = None
        call_ok = email_ok = True
        seen: set[str] = set()
        evidence: list[int | str] = []
        for fact in facts:
            if fact.kind != "contact_preference":
                continue
            value = (fact.value or "").strip().lower()
            topic = "time" if value.startswith("time:") else "channel"
            if topic in seen:
                continue
            seen.add(topic)
            evidence.append(fact.interaction_id)
            if topic == "time":
                best_time = fact.value.split(":", 1)[1].strip() or None
            elif value == "email":
                prefers, call_ok = "email", False
            elif value == "no_call":
                call_ok = False
            elif value == "phone":
                prefers = "phone"
            elif value == "no_email":
                prefers, email_ok = "phone", False
        return cls(prefers, call_ok, email_ok, best_time, tuple(dict.fromkeys(evidence)))


@dataclass(frozen=True)
class FreshnessView:
    status: str
    hours_since_last: float | None = None
    follow_up_due_at: datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class FactSet:
    """The lead's facts, readable as ``facts.referrer`` (the first fact of that kind, or None)."""

    all: tuple[FactView, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "all", tuple(self.all))

    def of(self, kind: str) -> tuple[FactView, ...]:
        if kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {kind!r}; known kinds: {', '.join(FACT_KINDS)}")
        return tuple(f for f in self.all if f.kind == kind)

    def first(self, kind: str) -> FactView | None:
        found = self.of(kind)
        return found[0] if found else None

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in FACT_KINDS if any(f.kind == k for f in self.all))

    @property
    def referrer(self) -> FactView | None:
        return self.first("referrer")

    @property
    def timeline(self) -> FactView | None:
        return self.first("timeline")

    @property
    def budget(self) -> FactView | None:
        return self.first("budget")

    @property
    def need(self) -> FactView | None:
        return self.first("need")

    @property
    def urgency(self) -> FactView | None:
        return self.first("urgency")

    @property
    def competitor(self) -> FactView | None:
        return self.first("competitor")

    @property
    def request(self) -> FactView | None:
        return self.first("request")

    @property
    def stack(self) -> FactView | None:
        return self.first("stack")

    @property
    def question(self) -> FactView | None:
        return self.first("question")

    @property
    def contact_preference(self) -> FactView | None:
        return self.first("contact_preference")

    @property
    def deadline(self) -> FactView | None:
        return self.first("deadline")

    @property
    def seats(self) -> FactView | None:
        return self.first("seats")

    def __iter__(self) -> Iterator[FactView]:
        return iter(self.all)

    def __getitem__(self, index: int | slice) -> FactView | tuple[FactView, ...]:
        return self.all[index]

    def __len__(self) -> int:
        return len(self.all)

    def __bool__(self) -> bool:
        return bool(self.all)


@dataclass(frozen=True)
class ColleagueView:
    """Another person at the lead's account, owned by the lead's own rep. ``action`` is their
    most telling recent interaction as a phrase ("downloaded “Pricing Guide”"), built only
    from that stored interaction; None when they did nothing lately."""

    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None  # "Dana Whitfield", or None when neither name is known
    title: str | None = None  # as stored
    role: str | None = None  # "CFO" only when the title says so; never guessed
    action: str | None = None
    action_type: str | None = None
    action_title: str | None = None
    action_at: datetime | None = None

    def __str__(self) -> str:
        return self.name or self.first_name or "a colleague"


@dataclass(frozen=True)
class OtherRepView:
    """Another rep already working people at the account: a fact, never their notes."""

    name: str | None = None
    people: int = 0
    last_call_at: datetime | None = None  # their newest logged outcome at the account


@dataclass(frozen=True)
class AccountView:
    """The company the lead works at and the people around them (``callprep.briefs.account``)."""

    name: str | None = None
    domain: str | None = None
    people: int = 1  # everyone at the account, the lead included
    colleagues: tuple[ColleagueView, ...] = ()
    topics: tuple[str, ...] = ()  # what the account's people are reading about, strongest first
    other_reps: tuple[OtherRepView, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "colleagues", tuple(self.colleagues))
        object.__setattr__(self, "topics", tuple(self.topics))
        object.__setattr__(self, "other_reps", tuple(self.other_reps))


@dataclass(frozen=True)
class TrackContext:
    """Everything one talk-track render may use. ``interactions`` are newest first."""

    lead: LeadView
    rep: RepView
    situation: str
    freshness: FreshnessView
    topics: tuple[TopicView, ...]
    facts: FactSet  # pass a tuple of FactView; read ctx.facts.referrer, ctx.facts.of("need")
    interactions: tuple[InteractionView, ...]
    now: datetime
    # The lead's account; None when the lead has none (free mail, no CRM account id).
    account: AccountView | None = None

    def __post_init__(self) -> None:
        if self.situation not in SITUATIONS:
            raise ValueError(f"unknown situation {self.situation!r}")
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise ValueError("TrackContext.now must be timezone-aware")
        # Tuples keep the context hashable and stop templates from mutating it.
        object.__setattr__(self, "topics", tuple(self.topics))
        if not isinstance(self.facts, FactSet):
            object.__setattr__(self, "facts", FactSet(tuple(self.facts)))
        object.__setattr__(self, "interactions", tuple(self.interactions))

    def _of_types(self, *types: str) -> tuple[InteractionView, ...]:
        return tuple(i for i in self.interactions if i.type in types)

    @property
    def downloads(self) -> tuple[InteractionView, ...]:
        return self._of_types("content_download")

    @property
    def latest_downloads(self) -> tuple[InteractionView, ...]:
        """Distinct downloaded assets (by title), newest first, at most three."""
        seen: set[str] = set()
        picked: list[InteractionView] = []
        for download in self.downloads:
            # Titles without a letter or digit name nothing a rep could mention.
            key = "".join(ch for ch in (download.title or "") if ch.isalnum()).casefold()
            if not key or key in seen:
                continue
            seen.add(key)
            picked.append(download)
            if len(picked) == 3:
                break
        return tuple(picked)

    @property
    def forms(self) -> tuple[InteractionView, ...]:
        return self._of_types("form_submission")

    @property
    def events(self) -> tuple[InteractionView, ...]:
        return self._of_types(*EVENT_TYPES)

    @property
    def top_topic(self) -> TopicView | None:
        return self.topics[0] if self.topics else None

    def fact(self, kind: str) -> FactView | None:
        return self.facts.first(kind)

    @property
    def comeback(self) -> tuple[InteractionView, ...]:
        """What the lead did in their latest streak of activity (no gap of 45 days or more),
        newest first, without our own email deliveries: what brought a re-engaged lead back."""
        streak: list[InteractionView] = []
        for interaction in self.interactions:
            if interaction.type == "email_delivered":
                continue
            if streak and streak[-1].occurred_at - interaction.occurred_at >= COMEBACK_GAP:
                break
            streak.append(interaction)
        return tuple(streak)

    @property
    def subject(self) -> TopicView | None:
        """The main subject of the newest comment: its strongest topic, in the lead's words
        and facing them ("our packaging line" → "your packaging line"), or None."""
        commented = next((i for i in self.interactions if i.comment and i.comment.strip()), None)
        if commented is None:
            return self._browsed_subject()
        text = message_part(commented.comment)
        if _FILLER.search(text):
            return None  # a form filled with "lorem ipsum" is about nothing
        for topic in self.topics:
            if commented.id not in topic.evidence or _is_ask(topic.name):
                continue
            found = re.search(
                r"(?:\b(?P<det>our|my|the)\s+)?(?<![\w])" + re.escape(topic.name) + r"(?![\w])",
                text,
                re.IGNORECASE,
            )
            if found is None:
                continue
            det = (found.group("det") or "").lower()
            words = found.group(0)[len(found.group("det") or "") :].strip()
            name = f"your {words}" if det in ("our", "my") else f"the {words}" if det else words
            # Lowercase words stay as written; names keep their capitals (topic.name's case).
            if words.lower() == topic.name.lower():
                name = name[: len(name) - len(words)] + topic.name
            return TopicView(name=name, score=topic.score, evidence=(commented.id,))
        return self._browsed_subject()

    def _browsed_subject(self) -> TopicView | None:
        """When the newest form says nothing with a subject ("talk to someone", "book demo"):
        the strongest topic of the pages and content the lead looked at in the same sitting
        (the day before the form), as the titles name it."""
        form = next((i for i in self.interactions if i.type == "form_submission"), None)
        if form is None:
            return None
        sitting = {
            i.id
            for i in self.interactions
            if i.type in ("web_visit", "content_download")
            and timedelta(0) <= form.occurred_at - i.occurred_at <= SITTING
        }
        for topic in self.topics:
            used = sitting.intersection(topic.evidence)
            if used and not _is_ask(topic.name):
                return TopicView(name=topic.name, score=topic.score, evidence=tuple(sorted(used)))
        return None

    @property
    def contact(self) -> ContactView:
        return ContactView.from_facts(self.facts.all)
