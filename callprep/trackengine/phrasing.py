"""Natural-English helpers for talk tracks: lists, articles, plurals, relative times, titles.

Built on inflect (articles, plurals, list joining) and humanize (relative times, AP-style
number words) so the grammar comes from maintained libraries rather than our own rules.
Every function accepts missing data (None, empty) and returns something a sentence can hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import humanize
import inflect

from callprep.trackengine.wordlists import acronym_case

#: A "first name" longer than this is form junk, not a name to greet someone with.
MAX_NAME_CHARS = 30
#: What testers and form fillers type when they have nothing to say: never spoken.
PLACEHOLDER_WORDS = frozenset(
    {"test", "testing", "tester", "lorem", "ipsum", "asdf", "qwerty", "foo", "bar", "xxx",
     "n/a", "na", "none", "null", "nil", "sample", "dummy", "example", "placeholder", "tbd",
     "unknown", "name", "first", "firstname", "first name", "abc", "aaa", "demo user"}
)  # fmt: skip
# Names have letters, spaces, hyphens, apostrophes and full stops; not brackets or semicolons.
_NOT_NAME_CHARS = re.compile(r"[^\w\s'’.\-]|\d|_")
#: Whether ``join_and`` writes "a, b, and c" (True) or "a, b and c" (False) by default.
OXFORD_COMMA = False

_inflect = inflect.engine()

# Spellings a rep would say that a plain underscore-to-space would get wrong.
_ASSET_KIND_WORDS = {
    "ebook": "e-book",
    "e_book": "e-book",
    "datasheet": "data sheet",
    "whitepaper": "white paper",
    "casestudy": "case study",
    "faq": "FAQ",
    "roi_calculator": "ROI calculator",
    "pdf": "PDF",
}
_LEADING_ARTICLE = re.compile(r"^(The|A|An)\s+(?=\S)")
_WHITESPACE = re.compile(r"\s+")
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def _clean(text: Any) -> str:
    return _WHITESPACE.sub(" ", str(text)).strip() if text is not None else ""


def join_and(items: Iterable[Any] | None, oxford: bool | None = None, conj: str = "and") -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``; empty and missing items are skipped."""
    words = [_clean(item) for item in (items or ())]
    words = [w for w in words if w]
    if not words:
        return ""
    use_oxford = OXFORD_COMMA if oxford is None else oxford
    return _inflect.join(words, conj=conj, final_sep=None if use_oxford else "")


def a_an(phrase: Any) -> str:
    """``"infographic"`` → ``"an infographic"``; empty stays empty."""
    text = _clean(phrase)
    return _inflect.a(text) if text else ""


def plural(word: Any, n: int | None = 2) -> str:
    """The form of ``word`` that goes with ``n`` things: ``plural("white paper", 2)``."""
    text = _clean(word)
    if not text:
        return ""
    count = 2 if n is None else n
    return _inflect.plural_noun(text, count) or text


def number_word(n: int | None) -> str:
    """AP style: one to nine in words, 10 and up in digits."""
    return humanize.apnumber(0 if n is None else n)


def names_a_product(phrase: Any) -> bool:
    """A phrase written as a name ("Edge Gateway", "WidgetIQ Predictive Maintenance"), not a
    subject ("widget ROI") nor an acronym alone ("HIPAA"): said as "the Edge Gateway", never
    "Edge Gateway initiatives"."""
    words = [w for w in _clean(phrase).split() if any(c.isalpha() for c in w)]
    return (
        bool(words) and all(w[:1].isupper() for w in words) and not all(w.isupper() for w in words)
    )


# Nouns that stay plural before another noun: "sales team", "operations initiatives".
_PLURAL_MODIFIERS = frozenset(
    {"sales", "operations", "goods", "news", "earnings", "savings", "communications",
     "relations", "affairs", "arms", "customs", "humanities", "means", "series", "species"}
)  # fmt: skip


def attributive(phrase: Any) -> str:
    """A noun phrase ready to stand before another noun: "field technicians" → "field
    technician" ("field technician initiatives"); acronyms, names and mass nouns stay."""
    text = _clean(phrase)
    words = text.split()
    if not words:
        return ""
    last = words[-1]
    if (
        last.islower()
        and last.endswith("s")
        and not last.endswith(("ss", "ics", "us", "is"))
        and last not in _PLURAL_MODIFIERS
    ):
        single = _inflect.singular_noun(last)
        if single:
            words[-1] = single
    return " ".join(words)


def count_noun(n: int | None, word: Any) -> str:
    """``count_noun(2, "white paper")`` → ``"two white papers"``; zero → ``"no white papers"``."""
    count = 0 if n is None else int(n)
    noun = plural(word, count)
    if count == 0:
        return f"no {plural(word, 2)}"
    return f"{number_word(count)} {noun}"


def relative_time(when: datetime | None, now: datetime) -> str:
    """How a rep says when something happened: "40 minutes ago", "yesterday",
    "last Tuesday", "three weeks ago", "in 20 minutes", "tomorrow".

    Calendar words ("yesterday", weekday names) use ``now``'s time zone.
    """
    if when is None:
        return ""
    if when.tzinfo is None or now.tzinfo is None:
        raise ValueError("relative_time needs timezone-aware datetimes")
    local = when.astimezone(now.tzinfo)
    delta = now - local
    day_gap = (now.date() - local.date()).days
    if delta < timedelta(0):
        return _future(-delta, -day_gap, local)
    if day_gap == 0:
        if delta < timedelta(minutes=1):
            return "just now"
        return _words(humanize.naturaltime(delta))
    if day_gap == 1:
        return "yesterday"
    if day_gap < 7:
        return f"last {local.strftime('%A')}"
    if day_gap < 14:
        return "last week"
    if day_gap < 60:
        # "20 days ago": weeks or "a month" would round 16-29 days to something untrue.
        return f"{day_gap} days ago"
    if day_gap < 365:
        return _words(humanize.naturaltime(delta, months=True))
    years = day_gap // 365
    return "a year ago" if years == 1 else f"{number_word(years)} years ago"


def _future(ahead: timedelta, day_gap: int, local: datetime) -> str:
    if day_gap == 0:
        return f"in {_words(humanize.naturaldelta(ahead))}"
    if day_gap == 1:
        return "tomorrow"
    if day_gap < 7:
        return f"on {local.strftime('%A')}"
    return f"in {_words(humanize.naturaldelta(ahead, months=True))}"


def _words(phrase: str) -> str:
    # humanize writes "3 weeks ago"; reps say "three weeks ago" (AP style numbers).
    return re.sub(r"\b(\d+)\b", lambda m: number_word(int(m.group(1))), phrase)


def asset_kind(asset_type: Any, default: str = "resource") -> str:
    """``"white_paper"`` → ``"white paper"``; missing → ``default``."""
    raw = _clean(asset_type)
    if not raw:
        return default
    key = raw.lower().replace("-", "_").replace(" ", "_")
    if key in _ASSET_KIND_WORDS:
        return _ASSET_KIND_WORDS[key]
    return key.replace("_", " ")


def shorten(text: Any, max_chars: int = 90, ellipsis: str = "…") -> str:
    """Cut ``text`` at a word boundary so it fits ``max_chars`` (ellipsis included)."""
    clean = _clean(text)
    if len(clean) <= max_chars:
        return clean
    cut = clean[: max_chars - len(ellipsis) + 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    cut = cut[: max_chars - len(ellipsis)].rstrip(" ,;:-–—&")
    return f"{cut}{ellipsis}"


def strip_quotes(title: Any) -> str:
    """Remove one pair of quotes wrapping the whole title (sources often add them)."""
    text = _clean(title)
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def title_in_sentence(title: Any, max_chars: int = 90) -> str:
    """An asset title placed mid-sentence: "The Lifecycle of a Widget" → "the Lifecycle of a
    Widget". The title's own capitals are kept (no title-casing); a trailing full stop is
    dropped so the sentence's own punctuation follows cleanly; very long titles are shortened.
    """
    text = strip_quotes(title).rstrip(". ")
    # "Webinar: Predictive Maintenance" is said as "our webinar on predictive maintenance".
    text = _KIND_PREFIX.sub("", text) or text
    text = _LEADING_ARTICLE.sub(lambda m: m.group(1).lower() + " ", text)
    return shorten(text, max_chars)


def quoted(title: Any, max_chars: int = 90) -> str:
    """A title in typographic quotes, without doubling quotes it already has."""
    text = shorten(strip_quotes(title).rstrip(". "), max_chars)
    return f"“{text}”" if text else ""


def asset_phrase(
    title: Any, asset_type: Any = None, owner: str = "our", max_chars: int = 70
) -> str:
    """An asset named the way a rep says it, grammatical whatever the title is.

    A title that names a subject follows its kind: "our infographic on the Lifecycle of a
    Widget", "our white paper on 10 Tips for…". A title that is a sentence, a question, a story
    or has a subtitle is quoted after its kind: "our case study “How Acme Cut Downtime”". A
    title that names its own kind needs no kind: "our 2026 State of Widget Operations Report",
    quoted when it starts with a possessive or has a subtitle: "“The CFO's Guide to ROI”".
    """
    kind = asset_kind(asset_type, default="")
    prefix = f"{owner} " if owner else ""
    if not any(ch.isalnum() for ch in strip_quotes(title)):
        return f"{prefix}{kind}".strip() if kind else ""
    # "Case Study: How Acme…" is already named by its kind.
    bare = spoken_title(title) or strip_quotes(title)
    if not kind:
        return f"{prefix}{quoted(bare, max_chars)}"
    if any(word.lower().strip(".,:;!?") in _KIND_WORDS for word in bare.split()):
        # "The 2026 State of Widget Operations Report" names its own kind.
        own = re.sub(r"^(the|a|an)\s+", "", bare, flags=re.I)
        year_first = re.sub(r"^(19|20)\d\d\s+", "", own)
        if kind in _SESSION_KINDS and kind not in bare.lower():
            # A webinar titled "The Plant Manager's Guide to OEE" is joined, not read.
            return f"{prefix}{kind} {quoted(bare, max_chars)}"
        if _is_subject_title(year_first) and not any(_POSSESSIVE.search(w) for w in own.split()):
            return f"{prefix}{shorten(own, max_chars)}"
        return quoted(bare, max_chars)
    if kind not in _STORY_KINDS and _is_subject_title(bare):
        return f"{prefix}{kind} on {title_in_sentence(bare, max_chars)}"
    return f"{prefix}{kind} {quoted(bare, max_chars)}"


# Kinds whose titles tell a story ("How Acme Cut Downtime 32%"): never "a case study on …".
_STORY_KINDS = frozenset({"case study", "customer story", "video", "podcast", "blog post"})
_POSSESSIVE = re.compile(r"['’]s?$")
# Kinds that are sessions a lead joins or watches, whatever their title calls itself.
_SESSION_KINDS = frozenset({"webinar", "video", "podcast", "workshop"})
# First words that make a title a sentence, a question or a list rather than a subject.
_SENTENCE_STARTS = frozenset(
    {"how", "why", "what", "when", "where", "who", "which", "can", "do", "does", "is", "are",
     "should", "will", "from", "your", "our", "my", "top", "get", "make", "build", "stop",
     "start", "meet", "inside", "beyond", "ask", "learn", "see", "watch", "join"}
)  # fmt: skip


def _is_subject_title(title: str) -> bool:
    """Whether a title reads as a subject ("Predictive Maintenance for Mid-Market Plants")
    that can follow "on", rather than a sentence, question, list or title with a subtitle."""
    words = title.split()
    if not words or any(mark in title for mark in (":", "?", "!", " – ", " — ", " - ", "|")):
        return False
    first = words[0].lower().strip("\"'“‘")
    if first in _SENTENCE_STARTS:
        return False
    return len(words) <= 10


def event_phrase(title: Any, max_chars: int = 70) -> str:
    """An event's name as said after "at": "Widget World Expo 2026, Chicago" → "Widget World
    Expo 2026 in Chicago"; "Roadshow: Dallas" → "Roadshow in Dallas"; anything else with
    punctuation inside is quoted; a plain name stays as it is."""
    text = spoken_title(title)
    if not any(ch.isalnum() for ch in text):
        return ""
    if text.islower():
        text = title_case(text)  # "food safety forum dublin 2026" is a name: said as one
    # "The Widget Summit" mid-sentence is "the Widget Summit".
    text = _LEADING_ARTICLE.sub(lambda m: m.group(1).lower() + " ", text)
    place = _EVENT_PLACE.match(text)
    if place:
        return shorten(
            f"{place.group('name').strip()} in {place.group('place').strip()}", max_chars
        )
    if any(mark in text for mark in (":", ",", "?", "!", " – ", " — ", " - ", "|")):
        return quoted(text, max_chars)
    return shorten(text, max_chars)


# Words a title keeps in lowercase unless they start it.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "vs", "via", "with"}
)  # fmt: skip


def title_case(text: Any) -> str:
    """An event or asset name exported in lowercase, given the capitals of a name: "food
    safety forum dublin 2026" → "Food Safety Forum Dublin 2026" (small words stay small)."""
    said = []
    for n, word in enumerate(_clean(text).split(" ")):
        upper = acronym_case(word)  # "iot" is IoT's acronym, said "IOT"
        if upper != word or (n and word in _SMALL_WORDS) or not word[:1].isalpha():
            said.append(upper)
        else:
            said.append(word[:1].upper() + word[1:])
    return " ".join(said)


def event_place(title: Any) -> str:
    """The place an event title ends with ("Roadshow: Dallas" → "Dallas"), else ""."""
    place = _EVENT_PLACE.match(strip_quotes(title))
    return place.group("place").strip() if place else ""


# "<Name>, <Place>" / "<Name>: <Place>" / "<Name> - <Place>" where the place is one to three
# capitalised words with no digits (a city, "New York", "São Paulo").
_EVENT_PLACE = re.compile(
    r"^(?P<name>.*\w)\s*(?:,|:|\s[–—-])\s+"
    r"(?P<place>(?:[A-ZÀ-Ý][\w.'’-]*)(?:\s(?:[A-ZÀ-Ý][\w.'’-]*))?)$"
)


_KIND_WORDS = frozenset(
    {"report", "checklist", "guide", "playbook", "ebook", "e-book", "webinar", "datasheet",
     "infographic", "whitepaper", "toolkit", "workbook", "template", "calculator", "survey",
     "handbook", "benchmark"}
)  # fmt: skip
_KIND_PREFIX = re.compile(
    r"^(case study|customer story|webinar|on-demand webinar|on-demand|live webinar|live|"
    r"datasheet|data sheet|report|e-?book|white ?paper|infographic|video|guide|checklist|"
    r"solution brief|brief|workshop|docs|documentation|download|recording|replay|session|"
    r"podcast|template|toolkit)"
    r"\s*[:|–—-]\s+",
    re.IGNORECASE,
)
# "(Recording)", "(Virtual)", "(complimentary copy)", "[PDF]": about the file, not the title.
_TRAILING_NOTE = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$")
_NOTE = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]")
# Words that make a title the name of an event rather than a session or a subject.
EVENT_WORDS = frozenset(
    {"expo", "summit", "forum", "conference", "day", "days", "week", "roadshow", "meetup",
     "congress", "fair", "show", "tour", "live", "con", "symposium", "convention", "festival",
     "world", "exchange", "connect", "kickoff", "bootcamp", "hackathon"}
)  # fmt: skip


def spoken_title(title: Any) -> str:
    """A title as said aloud: outer quotes, a format prefix ("Workshop:", "Docs:") and a
    trailing note about the file ("(Recording)", "(Virtual)") left off."""
    text = strip_quotes(title).rstrip(". ")
    for _ in range(2):
        text = _KIND_PREFIX.sub("", text) or text
        text = _NOTE.sub("", text) or text
    return text.strip()


def sentence_start(text: Any) -> str:
    """Capitalise only the first letter (Jinja's ``capitalize`` lowercases the rest)."""
    clean = _clean(text)
    if not clean:
        return ""
    first = clean[0].upper()
    return (first if len(first) == 1 else clean[0]) + clean[1:]


def first_name_or(person: Any, default: str = "there") -> str:
    """A usable first name, or ``default`` when it is missing or not a name.

    Accepts a name or anything with a ``first_name`` attribute. An all-lowercase name is
    given its capital ("jon" → "Jon"); anything else is kept as the person wrote it.
    """
    name = getattr(person, "first_name", person)
    clean = _clean(name) if isinstance(name, str) else ""
    # Symbol-only, email-like or essay-length "names" come from bad form data, and so do
    # code ("Robert'); DROP TABLE") and placeholders ("Test", "Lorem").
    if not any(ch.isalpha() for ch in clean) or "@" in clean or len(clean) > MAX_NAME_CHARS:
        return default
    if _NOT_NAME_CHARS.search(clean) or clean.casefold() in PLACEHOLDER_WORDS:
        return default
    if clean.islower():
        clean = sentence_start(clean)
    return clean


# Words that already say when ("before Q3", "by May", "in two weeks", "ASAP").
_TIME_LEAD_WORDS = frozenset(
    {"before", "by", "in", "within", "until", "till", "after", "around", "during", "no",
     "next", "this", "asap", "soon", "early", "late", "end", "mid", "sometime", "over",
     "for", "at", "on", "from", "starting", "beginning", "once", "as", "ahead", "later"}
)  # fmt: skip
# Requests that take no article ("pricing", not "a pricing").
_MASS_NOUNS = frozenset(
    {"pricing", "information", "info", "help", "support", "access", "details", "advice"}
)


def when_phrase(timeline: Any) -> str:
    """A timeline that can follow a verb: "before Q3" stays, "Q1 2027" → "by Q1 2027"."""
    text = _clean(timeline)
    if not text:
        return ""
    first = text.split()[0].lower().strip(",.")
    return text if first in _TIME_LEAD_WORDS else f"by {text}"


def request_phrase(request: Any) -> str:
    """What the lead asked for, ready after "asked for": "a demo", "pricing", "a call back"."""
    text = _clean(request)
    if not text:
        return ""
    words = text.lower().split()
    if words[0] in {"a", "an", "the", "some", "your", "our"} or words[-1] in _MASS_NOUNS:
        return text
    return a_an(text)


def topic_theme(topics: Iterable[Any] | None, max_topics: int = 2) -> str:
    """What the lead's strongest topics have in common, to name in one breath.

    ``["widget ROI", "widget lifecycle"]`` → ``"widget"``; topics with nothing in common give
    the strongest one; none give ``""``.
    """
    names = [_clean(topic) for topic in (topics or ())][:max_topics]
    names = [name for name in names if name]
    if not names:
        return ""
    shared = names[0].split()
    for name in names[1:]:
        words = name.split()
        common = 0
        while (
            common < min(len(shared), len(words))
            and shared[common].casefold() == words[common].casefold()
        ):
            common += 1
        shared = shared[:common]
    return " ".join(shared) if shared else names[0]


# What the lead wrote about themselves, as the rep says it back to them.
_SECOND_PERSON = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "i'm": "you're",
    "we're": "you're",
    "i've": "you've",
    "we've": "you've",
}
_PERSON_WORD = re.compile(r"\b(" + "|".join(map(re.escape, _SECOND_PERSON)) + r")\b", re.I)


def in_your_words(text: Any) -> str:
    """The lead's own words turned to face them: "our three plants" → "your three plants"."""

    def turn(match: re.Match) -> str:
        word = match.group(1)
        if len(word) > 1 and word.isupper():
            return word  # "US" is a country, "WE" an acronym
        # Lower case: a fact is spoken mid-sentence (sentence_start capitalises a line start).
        return _SECOND_PERSON[word.lower()]

    return _PERSON_WORD.sub(turn, _clean(text))


_DETERMINERS = frozenset({"a", "an", "the", "some", "any", "this", "that", "these", "those"})


# Endings of nouns that take no article after "you need" ("maintenance", "automation"), less
# the countable ones ("a solution", "an integration").
_UNCOUNTED_ENDINGS = ("ment", "ance", "ence", "ity", "ics", "ness", "ware", "ion", "ship")
_COUNTED = frozenset(
    {"solution", "option", "application", "station", "extension", "connection", "version",
     "question", "region", "location", "function", "session", "integration", "instance",
     "licence", "license", "partnership", "relationship"}
)  # fmt: skip


def need_phrase(need: Any) -> str:
    """A need ready after "you need": "widget ROI solution" → "a widget ROI solution",
    "better reporting" stays, first person turned to second."""
    text = in_your_words(need)
    if not text:
        return ""
    words = text.split()
    first, last = words[0].lower(), words[-1].lower().strip(",.")
    head = text.split(" for ")[0].split()[-1].lower().strip(",.")
    if first in _DETERMINERS | {"your", "to"} or first.endswith("ing"):
        return text
    if head.endswith(("s", "ing")) or head in _MASS_NOUNS or last in _MASS_NOUNS:
        return text
    if head.endswith(_UNCOUNTED_ENDINGS) and head not in _COUNTED:
        return text  # "yard management", "traceability", "software": no "a"
    return a_an(text)


def budget_phrase(budget: Any) -> str:
    """A budget fact as a clause: "$40k" → "you have $40k budgeted", "approved" → "your budget
    is approved", "no budget yet" → "there's no budget set aside yet"."""
    text = in_your_words(budget)
    if not text:
        return ""
    lowered = text.lower()
    text = text[0].lower() + text[1:]  # it follows "you mentioned"; keep "Q1", "$40k" as written
    if lowered.startswith("not "):
        return f"your budget isn't {text[len('not ') :]}"
    if lowered.startswith(("no ", "none", "there")) or "no budget" in lowered:
        return "there's no budget set aside yet"
    if re.match(r"^(about |around |roughly |~)?[$€£]|^\d", text):
        settled = any(word in lowered for word in ("budget", "approved", "allocated", "set aside"))
        return f"you have {text}" if settled else f"you have {text} budgeted"
    if lowered.startswith(("approved", "signed off", "allocated", "in place", "confirmed")):
        return f"your budget is {text}"
    if lowered.startswith("budget "):
        rest = text[len("budget ") :]
        verb_first = rest.lower().startswith(("approved", "allocated", "signed", "confirmed"))
        return f"your budget is {rest}" if verb_first else f"your {text}"
    return text if " " in text else f"your budget is {text}"
