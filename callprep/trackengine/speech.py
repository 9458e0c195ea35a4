"""Phrases for the newer fact kinds (question, deadline, stack, seats) and for events, so a
talk track can say them back grammatically. Each returns "" for missing input."""

from __future__ import annotations

import re
from typing import Any

from callprep.trackengine.phrasing import (
    EVENT_WORDS,
    PLACEHOLDER_WORDS,
    asset_phrase,
    event_phrase,
    in_your_words,
    shorten,
    spoken_title,
)
from callprep.trackengine.wordlists import is_everyday_word

_AUX = re.compile(
    r"^(?P<aux>does|do|can|could|will|would|is|are|has|have)\s+"
    r"(?P<subject>it|you|you guys|your (?:product|platform|tool|system|app)|this|that|there|"
    r"the (?:product|platform|tool|system|app))\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ES_ENDINGS = ("s", "sh", "ch", "x", "z", "o")


def _third_person(verb: str) -> str:
    lower = verb.lower()
    if lower in {"have"}:
        return "has"
    if lower in {"do", "go"}:
        return lower + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    if lower.endswith(_ES_ENDINGS):
        return verb + "es"
    return verb + "s"


# "wondering if it works offline", "just curious how the sensors work": the question inside
_INDIRECT = re.compile(
    r"^(?:(?:i|we)(?:'m|'d| am| are|'re| was| were)?\s+)?(?:just\s+|really\s+)?"
    r"(?:wondering|wonder|curious|(?:want|wanted|would like|need|like) to know)\s+"
    r"(?P<rest>(?:if|whether|how|what|why|which|when|where|who)\b.+)$",
    re.IGNORECASE,
)
# A wh-clause in reported order ("how the sensors work"), not a direct question ("how does
# it work").
_REPORTED_WH = re.compile(
    r"^(?:how|what|why|which|when|where|who|whether)\s+(?!(?:does|do|did|is|are|was|were|can|"
    r"could|will|would|should|much|many|long)\b)\w+",
    re.IGNORECASE,
)
# Who is who, turned round for the rep: the lead's "you" is us, their "we" is them.
_TURNED = {"i": "you", "we": "you", "me": "you", "us": "you", "my": "your", "our": "your",
           "you": "we", "your": "our", "yours": "ours", "u": "we", "ur": "our"}  # fmt: skip
_PRONOUN = re.compile(r"\b(" + "|".join(_TURNED) + r")\b", re.IGNORECASE)


def _turned_round(text: str) -> str:
    return _PRONOUN.sub(lambda m: _TURNED[m.group(1).lower()], text)


def question_phrase(question: Any, max_chars: int = 90) -> str:
    """A lead's yes/no question as the rep reports it: "does it work with SAP S/4HANA?" →
    "whether it works with SAP S/4HANA"; "do you support SSO" → "whether we support SSO";
    an indirect one without its lead-in: "wondering if you do SSO" → "whether we do SSO";
    any other question is quoted in the lead's own words."""
    text = " ".join(str(question or "").split()).strip()
    if not any(ch.isalnum() for ch in text):
        return ""
    bare = text.rstrip("?!. ").strip()
    indirect = _INDIRECT.match(bare)
    if indirect is not None and "?" not in bare:
        rest = indirect["rest"]
        if rest.lower().startswith("if "):
            rest = "whether " + rest[3:]
        return shorten(_turned_round(rest), max_chars)  # "how the sensors work"
    if _REPORTED_WH.match(bare) and "?" not in text:
        return shorten(_turned_round(bare), max_chars)  # already reported: "how it works"
    match = _AUX.match(bare)
    if match is None or "?" in bare:
        return f"“{shorten(in_your_words(text), max_chars)}”"
    aux, subject, rest = match["aux"].lower(), match["subject"].lower(), match["rest"].strip()
    rest = in_your_words(rest)
    if subject in ("you", "you guys"):
        subject = "we"  # the lead's "you" is us, said by the rep
    elif subject.startswith(("your ", "the ")):
        subject = "it"
    if subject == "there":
        clause = f"there {'is' if aux in ('is', 'has') else 'are'} {rest}"
    elif aux == "does" and subject != "you":
        words = rest.split(" ", 1)
        clause = f"{subject} {_third_person(words[0])} {words[1] if len(words) > 1 else ''}"
    elif aux in ("does", "do"):
        clause = f"{subject} {rest}"
    elif aux in ("is", "are"):
        clause = f"{subject} {'are' if subject == 'we' else 'is'} {rest}"
    else:
        clause = f"{subject} {aux} {rest}"
    return shorten(f"whether {clause.strip()}", max_chars)


_DETERMINED = re.compile(
    r"^(the|a|an|your|our|my|their|this|that|these|those|by|before|on|in|at|for|until|\d)\b",
    re.IGNORECASE,
)


def deadline_phrase(deadline: Any, max_chars: int = 80) -> str:
    """A dated commitment ready after "You mentioned": "RFP closes on December 15" → "the RFP
    closes on December 15"; "our board meeting next Tuesday" → "your board meeting next
    Tuesday"; a bare date → "a deadline on December 15"."""
    text = in_your_words(deadline)
    if not text:
        return ""
    first = text.split()[0]
    if re.match(r"^(by|before|on|until|till|due)\b", text, re.IGNORECASE):
        return shorten(f"a deadline {text}", max_chars)
    if not _DETERMINED.match(text):
        # Keep "RFP" and "SAP" as written; only an ordinary first word is lowercased.
        proper = first.isupper() or first[1:] != first[1:].lower()
        text = f"the {text if proper else text[0].lower() + text[1:]}"
    return shorten(text, max_chars)


def stack_phrase(stack: Any, max_chars: int = 40) -> str:
    """A system the lead runs, as written (its case kept): "Salesforce"."""
    return shorten(" ".join(str(stack or "").split()), max_chars)


def event_name(event: Any, max_chars: int = 70) -> str:
    """An event interaction (or title) said after "at": see ``phrasing.event_phrase``."""
    if isinstance(event, str) or event is None:
        return event_phrase(event, max_chars)
    if str(getattr(event, "type", "")).startswith("webinar"):
        # "our webinar on Predictive Maintenance", "our webinar “How to …”"
        return asset_phrase(event.title, "webinar", max_chars=max_chars) or "our webinar"
    return event_phrase(event.title, max_chars) or "our event"


# What a request or a form title asks for, in the kinds a rep acts on. Order matters: "demo
# and pricing" is a demo (the first thing named wins, see ``request_kind``).
_REQUEST_KINDS = (
    ("trial", r"\b(trial|sandbox|test account|poc|proof of concept|try it)\b"),
    ("demo", r"\b(demo|walk ?through|show (?:me|us) the product)\b"),
    ("quote", r"\b(quote|quotation|proposal|estimate)\b"),
    ("pricing", r"\b(pricing|price|prices|cost|how much)\b"),
    ("purchase", r"\b(buy|purchase|order|subscribe|upgrade|sign up)\b"),
    ("call", r"\b(call|callback|call back|phone|ring|meeting)\b"),
    ("contact_sales", r"\b(contact|talk|speak|get in touch|reach out|sales|expert)\b"),
)


def request_kind(text: Any) -> str:
    """ "a demo for the ops team" → "demo"; "Get Pricing" → "pricing"; nothing known → ""."""
    lowered = " ".join(str(text or "").lower().split())
    if not lowered:
        return ""
    found = [
        (match.start(), kind)
        for kind, pattern in _REQUEST_KINDS
        if (match := re.search(pattern, lowered)) is not None
    ]
    return min(found)[1] if found else ""


# "pricing for about 200 widgets", "a quote on 12 gateways": what comes after the ask is
# what it was for.
_ASK_OBJECT = re.compile(
    r"^(?:(?:a|an|the|some|your)\s+)?(?:rough\s+|formal\s+|full\s+)?"
    r"(?:pricing|price|prices|quote|quotation|proposal|estimate|demo|demonstration|trial)"
    r"\s+(?P<object>(?:for|on|of)\s+\S.*)$",
    re.IGNORECASE,
)


def request_object(request: Any, max_chars: int = 70) -> str:
    """What an ask was for, ready to follow it: "pricing for about 200 widgets across two
    warehouses" → "for about 200 widgets across two warehouses"; a bare ask → ""."""
    text = " ".join(str(request or "").split()).rstrip(".,;!? ")
    found = _ASK_OBJECT.match(text)
    if found is None:
        return ""
    return shorten(in_your_words(found["object"]), max_chars)


_TOOL_WORDS = frozenset(
    {"calculator", "assessment", "configurator", "estimator", "checker", "quiz", "tool",
     "benchmark", "demo", "tour", "sandbox", "playground"}
)  # fmt: skip
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]+$")


def page_phrase(page: Any, max_chars: int = 60) -> str:
    """A page the lead visited, as a rep says it: "Pricing" → "our pricing page", "Widget
    ROI Calculator" → "the Widget ROI Calculator", "WidgetIQ Edge Gateway" → "our WidgetIQ
    Edge Gateway page". Site names after "|" are dropped; a page without a title is ""."""
    title = page if isinstance(page, str) or page is None else getattr(page, "title", None)
    text = " ".join(str(title or "").split())
    text = spoken_title(_SITE_SUFFIX.sub("", text).strip())
    if not any(ch.isalnum() for ch in text):
        return ""
    words = text.split()
    if words[-1].lower() in _TOOL_WORDS:
        return shorten(f"the {text}", max_chars)
    if all(is_everyday_word(word) for word in words):
        text = text.lower()  # "Pricing", "Case Studies": ordinary words in title case
    if words[-1].lower() in ("page", "pages"):
        return shorten(f"our {text}", max_chars)
    return shorten(f"our {text} page", max_chars)


def is_code(word: str) -> bool:
    """An internal code rather than a word: "A77F3", "B-214", "LP-FY26-Q4" (letters and digits
    alternating, or a letter or two joined to digits); "SOC 2", "8D", "Q3", "2026" are not."""
    bare = word.strip(".,:;!?()[]#\"'")
    if re.fullmatch(r"(?:\d{4}|[A-Za-z]?\d{1,2}[A-Za-z]?|[A-Za-z]+)", bare):
        return False
    transitions = len(re.findall(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", bare))
    return transitions >= 2 or bool(re.fullmatch(r"[A-Za-z]{1,3}-\d{2,}|#\w+", bare))


def readable(text: Any) -> str:
    """``text`` when a rep can read it to the lead; "" for internal codes ("LP-FY26-Q4-EBOOK
    Form"), all-capital labels and placeholders ("test")."""
    clean = " ".join(str(text or "").split())
    words = clean.split()
    if not words or clean.casefold() in PLACEHOLDER_WORDS:
        return ""
    if any(is_code(word) for word in words):
        return ""
    return clean


_SESSION_PREFIX = re.compile(
    r"^(workshop|session|keynote|talk|panel|breakout|masterclass|track|lab|demo)\b", re.I
)


def main_event(events: Any) -> Any:
    """The event to name: the newest, except that a session ("Workshop: …") on the same day
    as the event it belongs to ("LabOps Live 2026") gives way to the event."""
    events = list(events or ())
    if not events:
        return None
    newest = events[0]
    if not _SESSION_PREFIX.match(spoken_title_of(newest)):
        return newest
    for other in events[1:]:
        same_day = other.occurred_at.date() == newest.occurred_at.date()
        title = spoken_title_of(other)
        if (
            same_day
            and not _SESSION_PREFIX.match(title)
            and (any(word.lower() in EVENT_WORDS for word in title.split()))
        ):
            return other
    return newest


def spoken_title_of(item: Any) -> str:
    return str(getattr(item, "title", None) or "")
