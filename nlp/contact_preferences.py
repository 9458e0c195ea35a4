"""How the lead asked to be reached: `contact_preference` facts (exactly one of `email`,
`phone`, `no_call`, `no_email`, or `time: <the lead's words>`).

Read by `nlp.lead_facts`; the word lists are data in nlp/lead_words.py."""

from __future__ import annotations

import re

from spacy.tokens import Token

from nlp import lead_words as W
from nlp.fact_values import clean
from nlp.fact_values import token_fact as _fact
from nlp.model import Fact
from nlp.requests import _Clause

_EMAIL = frozenset(W.EMAIL_WORDS)
_PHONE = frozenset(W.PHONE_WORDS)
_CALLS = frozenset(W.CALL_WORDS)
_PREFER = frozenset(W.PREFER_WORDS)
_NEGATORS = frozenset(W.NEGATORS)
_REMOVALS = frozenset(W.REMOVAL_WORDS)
_TIME_START = frozenset(W.TIME_PREPOSITIONS)
_TIME_WORDS = frozenset(W.TIME_WORDS)
_CONTACT_VERBS = frozenset(W.CONTACT_VERBS)
_WEEKDAYS = frozenset(W.WEEKDAYS)
_ORDINAL = re.compile(r"^\d{1,2}(st|nd|rd|th)$", re.I)
_CLOCK = re.compile(r"^\d{1,2}([:.]\d{2})?(am|pm|a\.m\.|p\.m\.)?$", re.I)


def contact_preferences(c: _Clause) -> list[Fact]:
    out: list[Fact] = []
    words = c.words
    n = len(words)
    for i, word in enumerate(words):
        channel = _channel(word)
        if channel is None:
            continue
        before = words[max(0, i - 3) : i]
        after = words[i + 1 : i + 4]
        # "remove me from all emails", "take me off your mailing list"
        removal = channel == "email" and bool(set(words[max(0, i - 5) : i]) & _REMOVALS)
        negated = (
            removal
            or bool(set(before) & _NEGATORS)
            or after[:2] in (["is", "not"], ["not"])
            or (after[:1] == ["isnt"] or after[:2] == ["is", "n't"])
        )
        time = _time_after(c, i) if channel == "phone" else None
        if negated and time is not None:  # "dont ring before 11"
            out.append(_fact("contact_preference", f"time: not {time[0]}", c.toks[i], time[1]))
            continue
        if negated:
            value = "no_call" if channel == "phone" else "no_email"
            cues = _NEGATORS | _REMOVALS
            start = next((k for k in range(max(0, i - 5), i) if words[k] in cues), i)
            out.append(_fact("contact_preference", value, c.toks[start], c.toks[i]))
            continue
        if time is not None and (word in _CALLS or word in _CONTACT_VERBS):
            out.append(_fact("contact_preference", f"time: {time[0]}", c.toks[i], time[1]))
            continue
        if word in ("voicemail",):
            continue
        # "email is best", "reply by email", "email the quote rather than call", "call my mobile"
        near = set(before) | set(after)
        rival_before = bool(set(words[max(0, i - 2) : i]) & {"than", "over", "of"})
        by = i > 0 and words[i - 1] in ("by", "via", "through", "on", "over") and not rival_before
        # "reach me on my cell", "best reached at my office phone"
        owner = next((k for k in (i - 1, i - 2) if k > 0 and words[k] in ("my", "our")), None)
        by = by or (owner is not None and words[owner - 1] in ("on", "at", "via"))
        # "whatsapp me", "text me, i'm on the road": the channel as the verb that reaches them
        # (not "email me the pricing": sending a thing by email says no preference)
        bare = i + 2 >= n or c.toks[i + 2].is_punct or words[i + 2] in ("on", "at", "asap")
        by = by or (i == c.first and i + 1 < n and words[i + 1] in ("me", "us") and bare)
        by = by and not removal
        prefers = bool(near & _PREFER) or by or _contrasted(c, i)
        mobile = (
            word in _CALLS
            and i + 2 < n
            and words[i + 1] in ("my", "me")
            and (words[i + 2] in ("mobile", "cell", "cellphone", "phone", "number"))
        )
        if word in ("whatsapp", "text", "sms", "mobile", "cell") and (near & _PREFER or by):
            prefers = True
        if (prefers or mobile) and not rival_before:
            out.append(_fact("contact_preference", channel, c.toks[i], c.toks[i]))
    # "best time to reach me is tuesdays after 2pm", "can we talk after that"
    if not any(f.value.startswith("time:") for f in out):
        found = _best_time(c)
        if found is not None:
            out.append(found)
    return out


def _channel(word: str) -> str | None:
    if word in _EMAIL:
        return "email"
    if word in _PHONE or word in _CALLS:
        return "phone"
    return None


def _contrasted(c: _Clause, i: int) -> bool:
    """ "email the quote rather than call", "call instead": the channel chosen over another."""
    rest = c.words[i + 1 :]
    if rest[:1] == ["instead"] or "rather" in rest[:6] or "instead" in rest[:6]:
        return True
    return "only" in rest[:2]


def _time_after(c: _Clause, i: int) -> tuple[str, Token] | None:
    """The time words after a call or contact word: "at 9am est any weekday", "after 5"."""
    j = i + 1
    while j < len(c.words) and c.words[j] in ("me", "us", "back", "you", "to", "talk"):
        j += 1
    if j >= len(c.words) or c.words[j] not in _TIME_START:
        return None
    k = j + 1
    timely = False
    while k < len(c.words) and c.toks[k].text not in (",", ";", "—", "-"):
        tok = c.toks[k]
        if _time_like(tok) or c.words[k] == "that":
            timely = True
        k += 1
    if not timely:
        return None
    span = c.toks[j:k]
    return clean(c.toks[0].doc[span[0].i : span[-1].i + 1].text), span[-1]


def _time_like(tok: Token) -> bool:
    lower = tok.lower_.rstrip(".")
    return (
        bool(_CLOCK.match(lower) or _ORDINAL.match(lower))
        or lower in _TIME_WORDS
        or lower in _WEEKDAYS
        or lower.rstrip("s") in _WEEKDAYS
        or tok.ent_type_ in ("TIME", "DATE")
    )


_SUITS = frozenset({"best", "better", "good", "great", "ideal", "easiest", "easier"})


def _best_time(c: _Clause) -> Fact | None:
    words = c.words
    suits = _time_that_suits(c)
    if suits is not None:
        return suits
    for i, word in enumerate(words):
        best = i > 0 and words[i - 1] in ("best", "good", "ideal", "easiest")
        if word == "time" and best and "is" in words[i + 1 : i + 6]:
            j = words.index("is", i + 1) + 1
            if j < len(words):
                last = c.toks[-1]
                value = clean(c.toks[0].doc[c.toks[j].i : last.i + 1].text)
                return _fact("contact_preference", f"time: {value}", c.toks[i - 1], last)
        if word in ("talk", "chat", "speak", "meet") and c.modal and words[:i].count("we"):
            found = _time_after(c, i)
            if found is not None:
                return _fact("contact_preference", f"time: {found[0]}", c.toks[i], found[1])
        if word in ("available", "free", "reachable") and i + 1 < len(words):
            j = i + 1
            if any(_time_like(t) for t in c.toks[j : j + 4]):
                last = c.toks[-1]
                value = clean(c.toks[0].doc[c.toks[j].i : last.i + 1].text)
                return _fact("contact_preference", f"time: {value}", c.toks[i], last)
    return None


def _time_that_suits(c: _Clause) -> Fact | None:
    """ "mornings work best for a call", "tuesdays are better for me": a time said to suit,
    read as the time words before the verb."""
    words = c.words
    for k in range(1, min(len(words), 5)):
        verb, rest = words[k], words[k + 1 : k + 3]
        if verb not in ("work", "works", "is", "are", "'s", "suit", "suits") or not (
            set(rest) & _SUITS or verb in ("suit", "suits")
        ):
            continue
        said = [t for t in c.toks[c.first : k] if _time_like(t) or t.like_num]
        if said and all(_time_like(t) or t.lower_ in ("and", "or", "&") or t.like_num
                        for t in c.toks[c.first : k]):  # fmt: skip
            first, last = c.toks[c.first], c.toks[k - 1]
            value = clean(c.toks[0].doc[first.i : last.i + 1].text)
            return _fact("contact_preference", f"time: {value}", first, last)
    return None
