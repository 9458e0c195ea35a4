"""Sample leads every talk track is test-rendered against before it is saved.

For each situation: a lead with everything a track might use (names, rep, topics, every kind
of fact, downloads, forms, events) and a lead with only what that situation implies (no
names, no rep, no facts or topics, untitled interactions). A track that renders for both
renders for the real leads in between; one that prints a missing value fails here, at save
time, not in front of a rep. Shapes follow ``callprep/demo/demo_data.json``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callprep.trackengine.context import (
    AccountView,
    ColleagueView,
    FactView,
    FreshnessView,
    InteractionView,
    LeadView,
    OtherRepView,
    RepView,
    TopicView,
    TrackContext,
)
from callprep.vocabulary import SITUATIONS

# Fixed, so a validation result never depends on the day it ran.
SAMPLE_NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # a Wednesday afternoon
_REP = RepView(first_name="Rita", name="Rita Patel", email="rita.rep@demo.callprep.test")
_COMMENT = (
    "My colleague Dana Whitfield referred me to you. We need a widget ROI solution for our "
    "three plants. Budget is approved and we want it in place before Q3. We are also looking "
    "at Northwind Widgets. Please send pricing, this is urgent."
)
_FACTS = {
    "referrer": "Dana Whitfield",
    "need": "a widget ROI solution for our three plants",
    "budget": "Budget is approved",
    "timeline": "before Q3",
    "competitor": "Northwind Widgets",
    "request": "pricing",
    "urgency": "this is urgent",
}


def _ago(**delta: float) -> datetime:
    return SAMPLE_NOW - timedelta(**delta)


def _interaction(id_: int, type_: str, when: datetime, title: str | None = None, **more):
    return InteractionView(id=id_, type=type_, occurred_at=when, title=title, **more)


def _rich_interactions(situation: str) -> tuple[InteractionView, ...]:
    recent = {
        "hand_raiser": _ago(minutes=40),
        "event_attendee": _ago(days=1),
        "researcher": _ago(days=2),
        "re_engaged": _ago(days=3),
        "cold": _ago(days=200),
    }[situation]
    items = [
        _interaction(
            9006,
            "form_submission",
            recent,
            "Contact Sales",
            asset_type="form",
            url="https://widgets.example.com/contact",
            comment=_COMMENT,
            campaign="Website - Contact Sales",
        ),
        _interaction(
            9005,
            "webinar_attended",
            recent - timedelta(hours=2),
            "Widget Analytics Live: Forecasting Downtime",
            asset_type="webinar",
            campaign="2026-Q4 Webinar Series",
        ),
        _interaction(
            9004,
            "content_download",
            recent - timedelta(days=1),
            "The Lifecycle of a Widget",
            asset_type="infographic",
            url="https://widgets.example.com/resources/lifecycle",
        ),
        _interaction(
            9003, "email_click", recent - timedelta(days=8), "Widgets in the wild: 5 stories"
        ),
        _interaction(
            9002,
            "content_download",
            recent - timedelta(days=19),
            "10 Tips for Improving your Widget ROI",
            asset_type="white_paper",
        ),
        _interaction(
            9001,
            "web_visit",
            recent - timedelta(days=20),
            "Widget ROI Calculator",
            asset_type="page",
            url="https://widgets.example.com/tools/roi-calculator",
        ),
    ]
    if situation == "re_engaged":
        # Earlier history, a long silence, then a visit back.
        items = [_interaction(9007, "web_visit", recent, "Pricing")] + [
            InteractionView(**{**vars(i), "occurred_at": i.occurred_at - timedelta(days=120)})
            for i in items
        ]
    return tuple(items)


def _rich_account() -> AccountView:
    """An account with a colleague who did something telling and one who did nothing lately,
    and another rep at work there."""
    return AccountView(
        name="Contoso Manufacturing",
        domain="contoso-mfg.example.com",
        people=5,
        colleagues=(
            ColleagueView(
                first_name="Dana",
                last_name="Whitfield",
                name="Dana Whitfield",
                title="Chief Financial Officer",
                role="CFO",
                action="downloaded “Widget Pricing Guide”",
                action_type="content_download",
                action_title="Widget Pricing Guide",
                action_at=_ago(days=1),
            ),
            ColleagueView(title="Plant Manager"),
        ),
        topics=("widget ROI", "pricing"),
        other_reps=(OtherRepView(name="Sam Rivera", people=2, last_call_at=_ago(days=3)),),
    )


def _minimal_interactions(situation: str) -> tuple[InteractionView, ...]:
    if situation == "hand_raiser":
        return (_interaction(9101, "form_submission", _ago(minutes=5)),)
    if situation == "event_attendee":
        return (_interaction(9111, "webinar_attended", _ago(days=2)),)
    if situation == "researcher":
        return (
            _interaction(9123, "email_click", _ago(days=1)),
            _interaction(9122, "email_open", _ago(days=1)),
            _interaction(9121, "web_visit", _ago(days=3)),
        )
    if situation == "re_engaged":
        return (
            _interaction(9132, "web_visit", _ago(days=4)),
            _interaction(9131, "email_open", _ago(days=160)),
        )
    return ()


def _rich_context(situation: str) -> TrackContext:
    interactions = _rich_interactions(situation)
    form = next(i for i in interactions if i.type == "form_submission")
    facts = tuple(
        FactView(
            kind=kind,
            value=value,
            interaction_id=form.id,
            start=_COMMENT.index(value),
            end=_COMMENT.index(value) + len(value),
        )
        for kind, value in _FACTS.items()
    )
    return TrackContext(
        lead=LeadView(
            id=9000,
            email="joe.smith@contoso-mfg.example.com",
            first_name="Joe",
            last_name="Smith",
            company="Contoso Manufacturing",
            title="Director of Plant Operations",
        ),
        rep=_REP,
        situation=situation,
        freshness=FreshnessView(
            status="fresh",
            hours_since_last=(SAMPLE_NOW - interactions[0].occurred_at).total_seconds() / 3600,
            follow_up_due_at=SAMPLE_NOW + timedelta(minutes=20),
            overdue=False,
        ),
        topics=(
            TopicView("widget ROI", 2.4, (9006, 9002, 9001)),
            TopicView("widget lifecycle", 1.1, (9004,)),
            TopicView("downtime forecasting", 0.7, (9005,)),
        ),
        facts=facts,
        interactions=interactions,
        now=SAMPLE_NOW,
        account=_rich_account(),
    )


def _reader_context(situation: str) -> TrackContext:
    interactions = tuple(i for i in _rich_interactions(situation) if i.type != "form_submission")
    return TrackContext(
        lead=LeadView(id=9200, email="jon.baker@fourthcoffee-foods.example.com", first_name="Jon"),
        rep=_REP,
        situation=situation,
        freshness=FreshnessView(
            status="aging",
            hours_since_last=50.0,
            follow_up_due_at=SAMPLE_NOW - timedelta(hours=2),
            overdue=True,
        ),
        topics=(TopicView("widget lifecycle", 1.1, (9004,)),),
        facts=(),
        interactions=interactions,
        now=SAMPLE_NOW,
        # An account known by its domain alone: no name, nobody else the rep owns.
        account=AccountView(domain="fourthcoffee-foods.example.com", people=2),
    )


def _minimal_context(situation: str) -> TrackContext:
    interactions = _minimal_interactions(situation)
    return TrackContext(
        lead=LeadView(id=9100, email="info@example.org"),
        rep=RepView(),
        situation=situation,
        freshness=FreshnessView(
            status="stale" if situation == "cold" else "aging",
            hours_since_last=None if not interactions else 30.0,
            follow_up_due_at=None,
            overdue=situation != "cold",
        ),
        topics=(),
        facts=(),
        interactions=interactions,
        now=SAMPLE_NOW,
    )


SAMPLE_KINDS = ("rich", "reader", "minimal")


def sample_context(situation: str, kind: str = "rich") -> TrackContext:
    """One sample lead: ``kind`` is "rich" (everything present), "reader" (a first name and
    content, but no company, form or facts) or "minimal" (the bare least)."""
    if situation not in SITUATIONS:
        raise ValueError(f"unknown situation {situation!r}")
    if kind not in SAMPLE_KINDS:
        raise ValueError(f"unknown sample kind {kind!r}; known: {', '.join(SAMPLE_KINDS)}")
    builders = {"rich": _rich_context, "reader": _reader_context, "minimal": _minimal_context}
    return builders[kind](situation)


def sample_contexts(situation: str) -> list[TrackContext]:
    """The sample leads a track for ``situation`` must render for."""
    return [sample_context(situation, kind) for kind in SAMPLE_KINDS]
