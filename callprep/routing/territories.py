"""Countries and states as people write them: "DE", "DEU", "Germany" are one country; "CA",
"US-CA", "California" one US state. ISO 3166 data comes from pycountry; a value it does not
know matches only itself (case-insensitively), never a guess."""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Everyday names ISO does not list under these spellings.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "russia": "RU",
    "holland": "NL",
    "the netherlands": "NL",
}


@lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name or code, or None when unknown."""
    text = (value or "").strip()
    if not text:
        return None
    alias = _COUNTRY_ALIASES.get(text.casefold())
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


@lru_cache(maxsize=256)
def _subdivisions(country: str) -> dict[str, str]:
    """casefolded name, full code ("us-ca") and short code ("ca") -> full code, for a country."""
    found: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country) or ():
        for key in (sub.name, sub.code, sub.code.split("-", 1)[-1]):
            found.setdefault(key.casefold(), sub.code)
    return found


@lru_cache(maxsize=4096)
def state_code(country: str | None, value: str | None) -> str | None:
    """The ISO 3166-2 code of a state or province ("US-CA"), or None when unknown."""
    text = (value or "").strip()
    if not text:
        return None
    if "-" in text:
        sub = pycountry.subdivisions.get(code=text.upper())
        if sub is not None:
            return sub.code
    return _subdivisions(country).get(text.casefold()) if country else None


def state_key(country: str | None, value: str | None) -> str | None:
    """What a state is compared by: its ISO code when known, else the casefolded text."""
    text = (value or "").strip()
    if not text:
        return None
    return state_code(country, text) or text.casefold()


def text_key(value: str | None) -> str | None:
    text = (value or "").strip()
    return text.casefold() if text else None
