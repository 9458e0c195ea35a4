"""How much a topic counts for a lead: what kind of interaction mentioned it, how recently,
how often.

A lead's topic weight is sum(source_weight * 2 ** ((occurred_at - EPOCH) / HALF_LIFE)),
stored as its logarithm. Every topic of every lead decays at the same rate, so the stored
value orders topics correctly forever, new mentions are added in O(1) at ingest, and today's
weight is one subtraction away."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
HALF_LIFE = timedelta(days=14)
_LN2 = math.log(2)
# exp() of more than about 709 overflows a float; e**700 outweighs any real history.
_MAX_EXPONENT = 700.0

# A comment the lead wrote outweighs a download or webinar, which outweighs a click or visit,
# which outweighs an open. Delivered emails say nothing about the lead.
SOURCE_WEIGHTS = {
    "comment": 4.0,
    "content_download": 2.0,
    "webinar_attended": 2.0,
    "event_attended": 2.0,
    "form_submission": 2.0,
    "webinar_registered": 1.5,
    "email_click": 1.0,
    "web_visit": 1.0,
    "email_open": 0.5,
    "email_delivered": 0.0,
}


def mention_log_weight(source: str, occurred_at: datetime) -> float | None:
    """log of one mention's weight, or None for sources that carry no weight."""
    weight = SOURCE_WEIGHTS.get(source, 0.0)
    if weight <= 0:
        return None
    return math.log(weight) + _LN2 * (occurred_at - EPOCH) / HALF_LIFE


def add_log_weights(a: float | None, b: float | None) -> float | None:
    """log(exp(a) + exp(b)) without overflow."""
    if a is None:
        return b
    if b is None:
        return a
    high, low = max(a, b), min(a, b)
    return high + math.log1p(math.exp(low - high))


def current_weight(log_weight: float, now: datetime) -> float:
    """Today's weight: a fresh comment mention is 4.0, one two weeks old 2.0. A stored weight
    from a date far ahead (a typo kept from before dates were checked) is capped, never an
    overflow that would fail the brief."""
    exponent = log_weight - _LN2 * (now - EPOCH) / HALF_LIFE
    return math.exp(min(exponent, _MAX_EXPONENT))
