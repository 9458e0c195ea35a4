"""Misspelt ordinary words put right before a rep says them ("predictve maintanance" →
"predictive maintenance").

Only a lower-case word of six letters or more that no dictionary knows (wordfreq below 2) is
read as a misspelling, and only when a far more common English word is one edit away with
the same first two letters and last letter (a slip of the keys). A rare trade word
("reefer", "telematics"), a term built of words ("precoded", "infeed"), a word that differs
only by its ending ("onsets") and a lower-case brand are left as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list, zipf_frequency

_UNKNOWN_ZIPF = 2.0
_MARGIN = 2.0
_VERY_COMMON = 4.0  # the correction is at least 100 times as common as the written word
_WORD = re.compile(r"[a-z]{5,}")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    # most common first, so the nearest word found first is the most common of its distance
    return tuple(w for w in top_n_list("en", 40_000) if w.isalpha() and len(w) >= 4)


@lru_cache(maxsize=20_000)
def corrected_word(word: str) -> str:
    if not _WORD.fullmatch(word) or len(word) < 6:
        return word
    written = zipf_frequency(word, "en")
    if written >= _UNKNOWN_ZIPF or _made_of_words(word):
        return word
    found = process.extractOne(word, _vocabulary(), scorer=OSA.distance, score_cutoff=1)
    if found is not None:
        candidate = found[0]
        common = zipf_frequency(candidate, "en") >= written + _MARGIN
        return candidate if common and _same_shape(word, candidate) else word
    if len(word) < 10:
        return word
    # a long word two vowel slips away from a very common one: "maintainance"
    found = process.extractOne(word, _vocabulary(), scorer=OSA.distance, score_cutoff=2)
    if found is None:
        return word
    candidate = found[0]
    very_common = zipf_frequency(candidate, "en") >= _VERY_COMMON
    kept = _consonants(candidate) == _consonants(word)  # only vowels slipped
    return candidate if very_common and kept and _same_shape(word, candidate) else word


def _consonants(word: str) -> str:
    return re.sub(r"[aeiouy]", "", word)


def _same_shape(word: str, candidate: str) -> bool:
    """A slip of the keys keeps a word's start and end ("predictve", "maintanance"); a word
    that differs there ("animat", "passel") or only by an ending ("onsets") is another word."""
    if candidate[:2] != word[:2] or candidate[-1] != word[-1]:
        return False
    longer, shorter = (word, candidate) if len(word) > len(candidate) else (candidate, word)
    return not (longer.startswith(shorter) and longer[len(shorter) :] in ("s", "es", "d"))


_PREFIXES = ("pre", "re", "non", "multi", "over", "under", "inter", "sub", "super", "micro",
             "de", "un", "in", "co", "counter", "anti", "semi", "auto", "bi", "tri")  # fmt: skip


def _made_of_words(word: str) -> bool:
    """ "precoded", "infeed", "wordline": a prefix or a word before a known word is a term."""
    for cut in range(2, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if zipf_frequency(tail, "en") >= 3.0 and (
            head in _PREFIXES or zipf_frequency(head, "en") >= 3.0
        ):
            return True
    return False


def corrected(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with each misspelt lower-case word corrected; words in ``keep`` (known names,
    lower-cased) stay as written."""
    return re.sub(
        r"[a-z]{5,}",
        lambda m: m.group(0) if m.group(0) in keep else corrected_word(m.group(0)),
        text,
    )
