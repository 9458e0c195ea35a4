"""Misspelt ordinary words put right before a rep says them ("predictve maintanance" →
"predictive maintenance").

Only a lower-case word no dictionary knows (wordfreq below 2) is read as a misspelling, and
only when a far more common English word is one edit away (two for long words): a rare
trade word ("reefer", "telematics") or a lower-case brand the vendor vocabulary knows is left
as written, and nothing is guessed when no such word is near.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list, zipf_frequency

_UNKNOWN_ZIPF = 2.0
_MARGIN = 2.0  # the correction is at least 100 times as common as the written word
_WORD = re.compile(r"[a-z]{5,}")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    # most common first, so the nearest word found first is the most common of its distance
    return tuple(w for w in top_n_list("en", 40_000) if w.isalpha() and len(w) >= 4)


@lru_cache(maxsize=20_000)
def corrected_word(word: str) -> str:
    if not _WORD.fullmatch(word):
        return word
    written = zipf_frequency(word, "en")
    if written >= _UNKNOWN_ZIPF:
        return word
    cutoff = 2 if len(word) >= 8 else 1
    found = process.extractOne(word, _vocabulary(), scorer=OSA.distance, score_cutoff=cutoff)
    if found is None:
        return word
    candidate = found[0]
    if candidate[0] != word[0] or zipf_frequency(candidate, "en") < written + _MARGIN:
        return word
    return candidate


def corrected(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with each misspelt lower-case word corrected; words in ``keep`` (known names,
    lower-cased) stay as written."""
    return re.sub(
        r"[a-z]{5,}",
        lambda m: m.group(0) if m.group(0) in keep else corrected_word(m.group(0)),
        text,
    )
