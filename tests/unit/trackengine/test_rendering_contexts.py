"""DESIGN.md's two leads as track contexts (shared by the rendering tests), and the context's
derived views."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callprep.trackengine.context import (
    FactView,
    FreshnessView,
    InteractionView,
    LeadView,
    RepView,
    TopicView,
    TrackContext,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # a Sunday
REP = RepView(first_name="Dana", name="Dana Reed", email="dana@callprep.example")

JOE_COMMENT = (
    "My colleague Sarah Lee referred me. We need a widget ROI solution, budget is approved, "
    "and we want it in place before Q3."
)


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def jon_context(situation: str = "researcher") -> TrackContext:
    """The researcher: two downloads, an email click, three weeks."""
    interactions = (
        InteractionView(
            14, "content_download", ago(days=2), "The Lifecycle of a Widget", "infographic"
        ),
        InteractionView(13, "email_click", ago(days=9), "Widgets in the wild"),
        InteractionView(12, "email_open", ago(days=9), "Widgets in the wild"),
        InteractionView(
            11,
            "content_download",
            ago(days=20),
            "10 Tips for Improving your Widget ROI",
            "white_paper",
        ),
        InteractionView(10, "web_visit", ago(days=21), "Widget ROI | Acme", url="https://x/roi"),
    )
    topics = (
        TopicView("widget ROI", 0.9, (11, 10)),
        TopicView("widget lifecycle", 0.6, (14,)),
    )
    return TrackContext(
        lead=LeadView(1, "jon@initech.example", "Jon", "Doe", "Initech", "Ops lead"),
        rep=REP,
        situation=situation,
        freshness=FreshnessView("fresh", 48.0, ago(hours=-1), False),
        topics=topics,
        facts=(),
        interactions=interactions,
        now=NOW,
    )


def joe_context(situation: str = "hand_raiser") -> TrackContext:
    """The hand-raiser: a contact-sales form with referrer, need, budget and timeline."""
    form = InteractionView(
        20, "form_submission", ago(minutes=40), "Contact sales", comment=JOE_COMMENT
    )

    def fact(kind: str, value: str) -> FactView:
        start = JOE_COMMENT.index(value)
        return FactView(kind, value, form.id, start, start + len(value))

    return TrackContext(
        lead=LeadView(2, "joe@globex.example", "Joe", "Bloggs", "Globex", "CFO"),
        rep=REP,
        situation=situation,
        freshness=FreshnessView("fresh", 0.7, ago(minutes=-20), False),
        topics=(TopicView("widget ROI", 1.0, (20,)),),
        facts=(
            fact("referrer", "Sarah Lee"),
            fact("need", "a widget ROI solution"),
            fact("budget", "budget is approved"),
            fact("timeline", "before Q3"),
        ),
        interactions=(form,),
        now=NOW,
    )


def bare_context(situation: str = "cold", **lead: str | None) -> TrackContext:
    """A lead we know nothing about."""
    return TrackContext(
        lead=LeadView(3, "x@example.com", **lead),
        rep=RepView(),
        situation=situation,
        freshness=FreshnessView("stale"),
        topics=(),
        facts=(),
        interactions=(),
        now=NOW,
    )


def test_derived_lists_pick_interactions_by_type_newest_first():
    ctx = jon_context()
    assert [d.id for d in ctx.downloads] == [14, 11]
    assert ctx.forms == ()
    assert joe_context().forms[0].id == 20


def test_events_are_webinars_and_events_registered_or_attended():
    kinds = ("webinar_attended", "event_attended", "webinar_registered", "email_open")
    interactions = tuple(
        InteractionView(i, kind, ago(days=i)) for i, kind in enumerate(kinds, start=1)
    )
    ctx = TrackContext(
        LeadView(1, "a@b.c"), REP, "event_attendee", FreshnessView("fresh"), (), (), interactions,
        NOW,
    )  # fmt: skip
    assert [e.id for e in ctx.events] == [1, 2, 3]


def test_latest_downloads_are_distinct_titles_at_most_three():
    titles = ["A guide", "a  GUIDE", "B", '""', "C", "D"]
    interactions = tuple(
        InteractionView(i, "content_download", ago(days=i), title)
        for i, title in enumerate(titles, start=1)
    )
    ctx = TrackContext(
        LeadView(1, "a@b.c"), REP, "researcher", FreshnessView("fresh"), (), (), interactions, NOW
    )
    assert [d.title for d in ctx.latest_downloads] == ["A guide", "B", "C"]


def test_facts_read_by_kind_and_missing_kind_is_none():
    ctx = joe_context()
    assert str(ctx.facts.referrer) == "Sarah Lee"
    assert ctx.fact("need").value == "a widget ROI solution"
    assert ctx.facts.request is None
    assert ctx.facts.kinds == ("referrer", "timeline", "budget", "need")
    with pytest.raises(ValueError, match="unknown fact kind"):
        ctx.facts.of("mood")


def test_context_refuses_naive_times_and_unknown_situations():
    with pytest.raises(ValueError, match="timezone-aware"):
        InteractionView(1, "web_visit", datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="situation"):
        bare_context("lukewarm")
