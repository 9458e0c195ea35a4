"""Which of a lead's topics a rep can say aloud, and how they are spelt.

A stored topic is lowercased for counting; spoken, it takes back the case its source gave
it ("WidgetIQ", "SAP", "HIPAA"). A topic is spoken only when it names a subject: not the place
an event was held in ("Roadshow: Dallas"), not the customer a case study is about ("How
Northwind Logistics Cut…"), not the name of a newsletter or email ("Widget Ops Digest"), and
not a lone everyday word ("customer", "config"). Pure functions over the brief's data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from callprep.trackengine.context import InteractionView, TopicView
from callprep.trackengine.phrasing import EVENT_WORDS, PLACEHOLDER_WORDS, event_place, strip_quotes
from callprep.trackengine.speech import is_code
from callprep.trackengine.wordlists import (
    COMMON_WORD_ZIPF,
    acronym_case,
    brand_case,
    is_name_word,
    message_part,
    zipf,
)
from nlp.topic_words import COMPANY_WORDS, TITLE_VERBS

EMAIL_TYPES = frozenset({"email_delivered", "email_open", "email_click"})
EVENT_TYPES = frozenset({"webinar_attended", "event_attended", "webinar_registered"})
# What a rep writes about the lead in a badge note, not a subject the lead works on.
LEAD_NOTES = frozenset(
    {"hot lead", "warm lead", "cold lead", "good lead", "great lead", "qualified lead",
     "decision maker", "follow-up", "follow up"}
)  # fmt: skip
# Words about attending, not about a subject: "badge scan", "booth B-214".
LOGISTICS_WORDS = frozenset(
    {"badge", "booth", "scan", "scanned", "lanyard", "registration", "check-in", "attendee",
     "visitor", "lead scan", "stand"}
)  # fmt: skip
# What a case study's title is about starts after its kind and "How": "Case Study: How
# Northwind Logistics Cut…" is about Northwind Logistics, the customer.
_KIND_LEAD = re.compile(r"^(?:case study|customer story)\s*$", re.I)
_CASE_STUDY_LEAD = re.compile(r"^(?:(?:case study|customer story)\s*[:|–—-]\s*)?(?:how\s+)?", re.I)


# A greeting is how a note starts, not what it is about ("Dear Sir", "hi team").
_SALUTATION = re.compile(r"^(?:dear|hi|hello|hey|attn|attention)\b|^(?:sir|madam|sirs|sir/madam)$")
# Someone's title before their name: "Dr. Lin Zhao" is a person, not a subject.
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir)\.?\s", re.IGNORECASE)
# Who presents a session and where they work: "… with Dr. Lin Zhao of Micronix", "… featuring
# Ana Ruiz from Contoso". A name needs a title or an employer here ("with Sigma Rules" has
# neither and is a subject).
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_SPEAKER = re.compile(
    r"\b(?:with|featuring|feat\.|ft\.|hosted by|presented by|by)\s+"
    r"(?:(?P<honorific>(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)(?P<titled>" + _NAME + r")"
    r"|(?P<person>" + _NAME + r")(?=\s*(?:,|of|from)\s+[A-Z]))"
    r"(?:\s*(?:,|of|from)\s+(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}))?"
)
# "Predictive Maintenance for Mid-Market Plants": who a title is for, not what it is about.
_FOR_AUDIENCE = re.compile(r"\s+for\s+", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’/&.+-]+", text)


def _find_cased(name: str, texts: Sequence[str]) -> tuple[str, str] | None:
    """``name`` as written in the first text containing it, and the word before it. Each
    word may carry a plural ending there: a stored "mid-market plant" is said as the title
    wrote it, "mid-market plants"."""
    first = name.split()[0].lower()
    texts = [text for text in texts if first in text.lower()]
    if not texts:
        return None
    body = r"\s+".join(re.escape(word) + r"(?:e?s)?" for word in name.split())
    pattern = re.compile(r"(?<![\w])" + body + r"(?![\w])", re.IGNORECASE)
    for text in texts:
        found = pattern.search(text)
        if found:
            before = text[: found.start()].split()
            said = found.group(0)
            number = re.match(r"\s+(\d{1,5})(?![\w%])", text[found.end() :])
            if number and said[-1:].isupper():
                said += f" {number.group(1)}"  # "SOC" is said as written: "SOC 2"
            return said, (before[-1] if before else "")
    return None


def spoken_case(name: str, found: tuple[str, str] | str | None) -> str:
    """Keep a word's capitals when the source shows it is a name (an acronym, an inner
    capital, a capital on a word that is rare in lowercase English, or capitals right after
    a brand: "WidgetIQ Edge Gateway"); else lowercase, in the form the source wrote it."""
    if not found:
        return name
    found, before = (found, "") if isinstance(found, str) else found
    source_words = found.split()
    capitalised = all(w[:1].isupper() or w.isdigit() for w in source_words)
    first = source_words[0]
    named_run = is_name_word(first) and not first.isupper()  # "Sunvale Growers", not "SAP X"
    # a name runs on from the word before unless punctuation ends it: "HIPAA, Medical Devices"
    run_on = not before.endswith((",", ";", ":", ".", "!", "?")) and is_name_word(
        before.strip("\"'“‘(")
    )
    if capitalised and (run_on or named_run):
        return found  # a product or company name: "WidgetIQ Edge Gateway", "Sunvale Growers"
    words = [word if is_name_word(word) else word.lower() for word in found.split()]
    return " ".join(words) if len(words) >= len(name.split()) else name


@lru_cache(maxsize=8192)
def _title_names(
    kind: str, raw_title: str | None, asset_type: str | None
) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """What one title says is not a subject (cached: the same assets recur across leads)."""
    names: set[str] = set()
    story_starts: list[str] = []
    event = None
    title = strip_quotes(raw_title or "")
    if not title:
        return (), (), None
    if kind in EVENT_TYPES:
        place = event_place(title)
        if place:
            names.add(place.casefold())
        if kind == "event_attended":
            event = title.casefold()
    if kind in EMAIL_TYPES or kind == "form_submission":
        names.add(title.casefold())
        head = re.split(r"\s*[:|–—-]\s+", title)[0]
        names.add(head.casefold())
        names.add(re.sub(r"^(the|a|an)\s+", "", head.casefold()))
    asset = (asset_type or "").lower().replace(" ", "_")
    if asset in ("case_study", "customer_story") or title.lower().startswith("case study"):
        # The customer leads the title, or its subtitle: "Drip Irrigation: How Sunvale…"
        parts = [_KIND_LEAD.sub("", p) for p in re.split(r"\s*[:|–—]\s+", title)]
        parts = [p for p in parts if p]
        told = [p[len("how ") :] for p in parts if p.lower().startswith("how ")]
        story_starts.extend(part.casefold() for part in (told or parts[:1]))
        for part in told or parts[:1]:
            customer = _customer(part)
            if customer:
                names.add(customer.casefold())
                names.update(w.casefold() for w in customer.split())
    for found in _SPEAKER.finditer(title):
        person = found["titled"] or found["person"]
        names.add(person.casefold())
        if found["honorific"]:
            names.add(f"{found['honorific'].strip()} {person}".casefold())
        if found["org"]:
            names.add(found["org"].rstrip(".").casefold())
    return tuple(names), tuple(story_starts), event


def _customer(story: str) -> str:
    """The customer a case study's story starts with: the words before its verb ("Tailspin
    Retail Reduces Shrink…" → "Tailspin Retail"), else its run of name and company words."""
    words = story.split()
    for n, word in enumerate(words[:5]):
        if n and word.lower().strip(",.") in TITLE_VERBS:
            return " ".join(words[:n])
    run = []
    for word in words:
        if not (is_name_word(word) or word.lower() in COMPANY_WORDS):
            break
        run.append(word)
    return " ".join(run) if any(is_name_word(w) for w in run) else ""


@lru_cache(maxsize=4096)
def _plural_pattern(name: str) -> re.Pattern:
    # A stored topic is singular ("craft brewery"); titles say "Craft Breweries".
    words = [
        re.escape(w[:-1]) + "(?:y|ies)" if w.endswith("y") else re.escape(w) + "(?:e?s)?"
        for w in name.split()
    ]
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])")


def _mentions(name: str, text: str) -> bool:
    return bool(name) and _plural_pattern(name).search(text) is not None


def _audiences(titles: Sequence[str]) -> tuple[set[str], str]:
    """What titles say a subject is *for* ("… for Mid-Market Plants"), and the text of the
    subjects they put before it."""
    audiences: set[str] = set()
    heads: list[str] = []
    for title in titles:
        parts = _FOR_AUDIENCE.split(strip_quotes(title), maxsplit=1)
        heads.append(parts[0])
        if len(parts) == 2:
            audiences.add(re.split(r"\s*[:|?!–—]\s*", parts[1])[0].casefold())
    return audiences, " ".join(heads).casefold()


def _not_subjects(
    interactions: Iterable[InteractionView], event_names: list[str] | None = None
) -> tuple[set[str], list[str]]:
    """Names in the lead's history that are not subjects (places, newsletter, email and form
    names), and what each case study's title is about (its customer comes first)."""
    names: set[str] = set()
    story_starts: list[str] = []
    events: list[str] = []
    event_names = [] if event_names is None else event_names
    for interaction in interactions:
        found, starts, event = _title_names(
            interaction.type, interaction.title, interaction.asset_type
        )
        names.update(found)
        story_starts.extend(starts)
        if event:
            events.append(event)
    event_names.extend(events)
    for title in events:
        # "Builders Tech Day Louisville": the event's name and its place are not subjects.
        words = re.findall(r"[\w'’&.-]+", title)
        for n, word in enumerate(words):
            if word in EVENT_WORDS:
                names.add(" ".join(words[: n + 1]))
                names.update(w for w in words[n + 1 :] if not w.isdigit())
                names.add(" ".join(w for w in words if not w.isdigit()))
    return names, story_starts


def speakable_topics(
    topics: Sequence[TopicView],
    interactions: Sequence[InteractionView],
    named: Iterable[str] = (),
) -> tuple[TopicView, ...]:
    """The topics a track may say, strongest first, each spelt as its source spelt it.

    ``named`` are the vendors and people the lead's facts name (competitor, stack, referrer):
    the lead's CRM or a rival's product is not a subject "we help teams with"."""
    named_folded = {" ".join(name.casefold().split()) for name in named}
    # A long history repeats a few titles: each distinct one is looked at once.
    distinct = list({(i.type, i.title, i.asset_type, i.comment): i for i in interactions}.values())
    interactions = distinct
    event_names: list[str] = []
    not_subjects, story_starts = _not_subjects(interactions, event_names)
    comments = list(dict.fromkeys(message_part(i.comment) for i in interactions if i.comment))
    titles = list(dict.fromkeys(i.title for i in interactions if i.title))
    # Text about a subject: not a newsletter's or form's name, a note in brackets
    # ("(complimentary copy)") or a comment's signature.
    unnoted = [
        re.sub(r"[(\[][^()\[\]]{1,40}[)\]]", " ", i.title or "")
        for i in interactions
        if i.type not in EMAIL_TYPES and i.type != "form_submission"
    ]
    subject_texts = " ".join([*unnoted, *comments]).casefold()
    everything = " ".join([*titles, *(i.comment or "" for i in interactions)]).casefold()
    publications = [name for name in not_subjects if " " in name]
    wanted = {word for topic in topics for word in topic.name.lower().split()}
    names_by_word = {
        word.lower(): word
        for text in (*titles, *comments)
        for word in re.findall(r"[\w'’/&.+-]*\w", text)
        if word.lower() in wanted and is_name_word(word)
    }
    subject_titles = [i.title for i in interactions if i.title and i.type not in EMAIL_TYPES
                      and i.type != "form_submission"]  # fmt: skip
    audiences, title_heads = _audiences(subject_titles)
    spoken = []
    for topic in topics:
        name = " ".join(topic.name.split())
        folded = name.casefold()
        if not name or folded in not_subjects or folded in named_folded:
            continue
        if _SALUTATION.search(folded) or _HONORIFIC.match(folded):
            continue  # "dear sir", "dr. lin zhao"
        if re.search(r"['’]s?$", folded):
            continue  # "the CFO's": the start of a title, cut at its possessive
        if (
            any(_mentions(folded, audience) for audience in audiences)
            and not _mentions(folded, title_heads)
            and not any(_mentions(folded, (c or "").casefold()) for c in comments)
            and any(_mentions(o.name.casefold(), title_heads) for o in topics if o is not topic)
        ):
            continue  # "mid-market plants": who a title is for; its subject comes first
        if any(start.startswith(folded + " ") for start in story_starts):
            continue  # the customer a case study is about
        if folded in PLACEHOLDER_WORDS or all(w in PLACEHOLDER_WORDS for w in folded.split()):
            continue  # "test test"
        if folded in LEAD_NOTES:
            continue  # "hot lead": the rep's note about the lead, not what they work on
        if any(is_code(word) for word in name.split()) or any(
            word in LOGISTICS_WORDS for word in folded.split()
        ):
            continue  # "scan #A77F3", "badge scan"
        if any(word in EVENT_WORDS for word in folded.split()) and any(
            folded in event for event in event_names
        ):
            continue  # part of an event's name: "widget world expo spring"
        if folded in everything and folded not in subject_texts:
            continue  # said only in a note ("(complimentary copy)") or after the sign-off
        if folded not in subject_texts and any(
            re.search(r"(?<!\w)" + re.escape(folded) + r"(?!\w)", p) for p in publications
        ):
            continue  # part of a newsletter's name, said nowhere else
        name = " ".join(acronym_case(word) for word in name.split())
        found = _find_cased(name, comments) or _find_cased(name, titles)
        cased = spoken_case(name, found)
        if cased == name:
            # Not found as one run ("Datasheet: WidgetIQ"): each name word keeps its case.
            cased = " ".join(names_by_word.get(word.lower(), word) for word in name.split())
        if found is None:
            # Capitals no source shows to be a name's are title case: lowercase them.
            cased = " ".join(w if is_name_word(w) else w.lower() for w in cased.split())
        cased = brand_case(cased)  # "gorgias" is the vendor Gorgias
        if cased.casefold() in named_folded:
            continue  # "gorgia" is said "Gorgias": the lead's helpdesk, named in a fact
        words = _words(cased)
        if len(words) == 1 and cased.islower() and zipf(cased) >= COMMON_WORD_ZIPF:
            continue  # "customer", "config": an ordinary word on its own
        spoken.append(TopicView(name=cased, score=topic.score, evidence=topic.evidence))
    return tuple(spoken)
