"""The sentence a token is in, found from its neighbours.

`Token.sent` and `Span.sent` walk every sentence of the doc up to the token; the extractors ask
for it once per match, so it is found here by walking to the nearest sentence starts instead.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def sentence_at(doc: Doc, i: int) -> Span:
    """The sentence of token i (the whole doc when it was parsed without sentences)."""
    if not doc.has_annotation("SENT_START"):
        return doc[:]
    start = min(i, len(doc) - 1)
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = start + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]
