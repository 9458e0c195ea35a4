"""Word knowledge for speaking lead data aloud: how common a word is in English (wordfreq),
and whether its capitals mean it is a name. The word list is loaded once, at import, so no
brief pays for loading it."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

# A lone word this common in English is a word, not a subject a rep can name.
COMMON_WORD_ZIPF = 2.5
# A short lowercase word no dictionary knows is an acronym written in lowercase ("haccp").
ACRONYM_ZIPF = 2.1


@lru_cache(maxsize=4096)
def zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@lru_cache(maxsize=16384)
def is_everyday_word(word: str) -> bool:
    """A word that is ordinary English in lowercase ("pricing", "customers"), not a name."""
    bare = word.strip(".,:;!?()\"'“”‘’")
    inner = any(ch.isupper() for ch in bare[1:])
    return bool(bare) and not inner and zipf(bare.lower()) >= COMMON_WORD_ZIPF + 1


@lru_cache(maxsize=16384)
def acronym_case(word: str) -> str:
    """ "haccp" → "HACCP": a short lowercase word no dictionary knows is an acronym."""
    if 2 <= len(word) <= 5 and word.isalpha() and word.islower() and zipf(word) < ACRONYM_ZIPF:
        return word.upper()
    return word


@lru_cache(maxsize=16384)
def _rare(word: str) -> bool:
    # "Shelf-Widget" is two ordinary words; "Northwind" is a name.
    parts = [part for part in re.split(r"[-/]", word.lower()) if part]
    return bool(parts) and all(zipf(part) < COMMON_WORD_ZIPF for part in parts)


@lru_cache(maxsize=16384)
def is_name_word(word: str) -> bool:
    """A word whose capitals mean something: an acronym ("SAP", not "IT" or "A", which are
    also ordinary words), an inner capital ("WidgetIQ"), or a capitalised word that ordinary
    English does not use ("Northwind")."""
    if len(word) < 2:
        return False
    inner = any(ch.isupper() and word[i - 1] not in "-/" for i, ch in enumerate(word) if i > 0)
    if word.isupper():
        return zipf(word.lower()) < 5.0
    return inner or (word[:1].isupper() and _rare(word))


# Where the message ends and the sign-off, signature or disclaimer begins.
_SIGN_OFF = re.compile(
    r"^\s*(--|__|best regards|kind regards|regards|best,|thanks,|thank you,|cheers,|sincerely|"
    r"mit freundlichen|viele grüße|cordialement|saludos|sent from my|get outlook|"
    r"this e-?mail (?:and any|may|is)|confidential|disclaimer|registered (?:office|in)|"
    r"amtsgericht|geschäftsführer|company (?:number|registration)|vat (?:no|number))",
    re.IGNORECASE | re.MULTILINE,
)


def message_part(comment: str | None) -> str:
    """A comment without its sign-off, signature or legal footer."""
    text = comment or ""
    found = _SIGN_OFF.search(text)
    return text[: found.start()] if found else text


zipf("the")  # load the word list now, not during the first brief


def _vendor_names() -> tuple[dict[str, str], dict[str, str]]:
    """The vendor vocabulary's names as spoken (nlp/data/vendors.json, read as data: no NLP
    is loaded): rare single words ("asana" → "Asana") and multi-word names ("github
    actions" → "GitHub Actions") by their lowercase form."""
    spec = importlib.util.find_spec("nlp")
    words: dict[str, str] = {}
    phrases: dict[str, str] = {}
    if spec is None or not spec.submodule_search_locations:
        return words, phrases
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "vendors.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get("vendors", [])
    except (OSError, ValueError):
        return words, phrases
    for entry in entries:
        name = " ".join(str(entry.get("name", "")).split())
        if not name or name.islower():
            continue
        if " " in name:
            phrases.setdefault(name.lower(), name)
        elif zipf(name.lower()) < VENDOR_WORD_ZIPF and name.lower().isalpha():
            # "Toast", "Opera" are everyday words too: only a rare word is surely the name.
            words.setdefault(name.lower(), name)
    return words, phrases


# A vendor name more common than this in lowercase English is also an ordinary word.
VENDOR_WORD_ZIPF = 3.0
_VENDOR_WORDS, _VENDOR_PHRASES = _vendor_names()
_VENDOR_PHRASE = (
    re.compile(
        r"(?<![\w])("
        + "|".join(re.escape(p) for p in sorted(_VENDOR_PHRASES, key=len, reverse=True))
        + r")(?![\w])",
        re.IGNORECASE,
    )
    if _VENDOR_PHRASES
    else None
)


def brand_case(text: str) -> str:
    """Vendor names written in lowercase said with their own capitals: "consolidate asana"
    → "consolidate Asana", "github actions" → "GitHub Actions"; other words untouched."""
    if not text:
        return text
    if _VENDOR_PHRASE is not None:
        text = _VENDOR_PHRASE.sub(
            lambda m: _VENDOR_PHRASES[m.group(0).lower()] if m.group(0).islower() else m.group(0),
            text,
        )
    return re.sub(
        r"[A-Za-z]+",
        lambda m: _VENDOR_WORDS.get(m.group(0), m.group(0)) if m.group(0).islower() else m.group(0),
        text,
    )
