"""Synthetic sample leads for validating and previewing a track without a database.

Validation should also use real demo leads; these add the awkward cases real leads may not
cover at save time: no first name, no company, no facts, no downloads, every fact present.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callprep.trackcontext import (
    FactView,
    FreshnessView,
    InteractionView,
    LeadView,
    RepView,
    TopicView,
    TrackContext,
)

_COMMENT = (
    "My colleague Sarah Lee referred me. We need a widget ROI solution, budget is approved, "
    "we are comparing WidgetCo and it is urgent: we want it before Q3. Can we get a demo?"
)
_FACTS = (
    ("referrer", "Sarah Lee"),
    ("need", "a widget ROI solution"),
    ("budget", "budget is approved"),
    ("competitor", "WidgetCo"),
    ("urgency", "urgent"),
    ("timeline", "before Q3"),
    ("request", "demo"),
)


def sample_contexts(situation: str, now: datetime | None = None) -> list[TrackContext]:
    """A rich lead, a researcher-like lead and a lead we know nothing about, in ``situation``."""
    now = now or datetime.now(UTC)

    def at(**ago: float) -> datetime:
        return now - timedelta(**ago)

    form = InteractionView(9001, "form_submission", at(minutes=40), "Contact sales",
                           comment=_COMMENT)  # fmt: skip
    rich_interactions = (
        form,
        InteractionView(9002, "webinar_attended", at(days=1), "Widget ROI in Practice"),
        InteractionView(
            9003, "content_download", at(days=2), "The Lifecycle of a Widget", "infographic"
        ),  # fmt: skip
        InteractionView(
            9004,
            "content_download",
            at(days=20),
            "10 Tips for Improving your Widget ROI",
            "white_paper",
        ),  # fmt: skip
        InteractionView(9005, "web_visit", at(days=21), "Pricing"),
    )
    facts = tuple(
        FactView(kind, value, form.id, _COMMENT.index(value), _COMMENT.index(value) + len(value))
        for kind, value in _FACTS
    )
    topics = (
        TopicView("widget ROI", 0.9, (9004, 9001)),
        TopicView("widget lifecycle", 0.5, (9003,)),
    )
    rep = RepView("Dana", "Dana Reed", "dana@example.com")
    rich = TrackContext(
        LeadView(9001, "joe@example.com", "Joe", "Bloggs", "Globex", "CFO"), rep, situation,
        FreshnessView("fresh", 0.7, at(minutes=-20), False), topics, facts, rich_interactions,
        now,
    )  # fmt: skip
    reader = TrackContext(
        LeadView(9002, "jon@example.com", "Jon"), rep, situation,
        FreshnessView("aging", 50.0, at(hours=2), True), topics[1:], (),
        rich_interactions[2:], now,
    )  # fmt: skip
    unknown = TrackContext(
        LeadView(9003, "someone@example.com"), RepView(), situation, FreshnessView("stale"), (),
        (), (), now,
    )  # fmt: skip
    return [rich, reader, unknown]
