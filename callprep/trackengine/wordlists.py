"""Word knowledge for speaking lead data aloud: how common a word is in English (wordfreq),
and whether its capitals mean it is a name. The word list is loaded once, at import, so no
brief pays for loading it."""

from __future__ import annotations

import re
from functools import lru_cache

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
