"""The situation rules, freshness bands, follow-up deadlines and queue order (no database)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callprep.config import BriefSettings, brief_settings_from_env
from callprep.leads.activity import summarise
from callprep.leads.situations import (
    freshness_of,
    priority_of,
    queue_sort_key,
    situation_of,
)
from callprep.models import LeadActivity
from tests.support.briefkit import NOW, ago

SETTINGS = BriefSettings()


def activity(*events, outcome_at=None):
    """Summarise (type, when, title) events, given in any order, as ingest does."""
    rows = sorted(
        ((n, kind, when, title) for n, (kind, when, title) in enumerate(events, 1)),
        key=lambda row: (row[2], row[0]),
    )
    summary = summarise(LeadActivity(lead_id=1, meaningful_count=0), rows, SETTINGS)
    summary.last_outcome_at = outcome_at
    return summary


def situation(*events):
    return situation_of(activity(*events), NOW, SETTINGS)


def test_a_contact_form_in_the_last_30_days_makes_a_hand_raiser():
    assert situation(("form_submission", ago(days=3), "Contact Sales")) == "hand_raiser"


@pytest.mark.parametrize(
    "title", ["Newsletter signup", "Email Subscription Center", "Update your preferences"]
)
def test_newsletter_subscription_and_preference_forms_are_not_hand_raises(title):
    assert situation(("form_submission", ago(days=3), title)) == "cold"


def test_the_hand_raise_window_ends_at_30_days():
    assert situation(("form_submission", ago(days=30), "Contact Sales")) == "hand_raiser"
    assert situation(("form_submission", ago(days=30, seconds=1), "Contact Sales")) == "cold"


def test_an_attended_webinar_or_event_in_14_days_makes_an_event_attendee():
    assert situation(("webinar_attended", ago(days=14), "Webinar")) == "event_attendee"
    assert situation(("event_attended", ago(days=2), "Expo")) == "event_attendee"
    assert situation(("webinar_attended", ago(days=14, seconds=1), "Webinar")) == "cold"


def test_registering_for_a_webinar_is_not_attending_it():
    assert situation(("webinar_registered", ago(days=1), "Webinar")) == "cold"


def test_activity_after_90_days_of_silence_with_earlier_history_is_re_engaged():
    assert (
        situation(("web_visit", ago(days=200), "Home"), ("web_visit", ago(days=10), "Pricing"))
        == "re_engaged"
    )


def test_a_gap_shorter_than_90_days_is_not_re_engagement():
    assert (
        situation(("web_visit", ago(days=99), "Home"), ("web_visit", ago(days=10), "Pricing"))
        == "cold"
    )


def test_a_first_ever_visit_is_not_re_engagement():
    assert situation(("web_visit", ago(days=3), "Pricing")) == "cold"


def test_delivered_emails_do_not_break_a_silence():
    assert (
        situation(
            ("web_visit", ago(days=200), "Home"),
            ("email_delivered", ago(days=100), "Nurture 3"),
            ("web_visit", ago(days=5), "Pricing"),
        )
        == "re_engaged"
    )


def test_a_download_in_30_days_makes_a_researcher():
    assert situation(("content_download", ago(days=29), "10 Tips")) == "researcher"
    assert situation(("content_download", ago(days=31), "10 Tips")) == "cold"


def test_three_meaningful_interactions_in_30_days_make_a_researcher():
    opens = [("email_open", ago(days=d), "Nurture") for d in (1, 5, 29)]
    assert situation(*opens) == "researcher"
    assert situation(*opens[:2], ("email_open", ago(days=31), "Nurture")) == "cold"


def test_delivered_emails_do_not_count_as_meaningful():
    delivered = [("email_delivered", ago(days=d), "Nurture") for d in range(1, 6)]
    assert situation(("email_open", ago(days=2), "Nurture"), *delivered) == "cold"


def test_first_match_wins_in_the_documented_order():
    hand_raise = ("form_submission", ago(days=20), "Contact Sales")
    webinar = ("webinar_attended", ago(days=3), "Webinar")
    old = ("web_visit", ago(days=300), "Home")
    back = ("web_visit", ago(days=150), "Home")
    download = ("content_download", ago(days=4), "10 Tips")
    assert situation(hand_raise, webinar, download) == "hand_raiser"
    assert situation(old, back, webinar, download) == "event_attendee"
    # The download starts a new streak after 146 days of silence: re-engaged beats researcher.
    assert situation(old, download) == "re_engaged"
    assert situation(download, ("email_open", ago(days=1), "N")) == "researcher"


def test_out_of_order_history_gives_the_same_summary():
    events = [
        ("web_visit", ago(days=250), "Home"),
        ("form_submission", ago(days=2), "Contact Sales"),
        ("form_submission", ago(days=40), "Get Pricing"),
        ("content_download", ago(days=9), "Guide"),
    ]
    forward, backward = activity(*events), activity(*reversed(events))
    for name in ("hand_raise_at", "download_at", "reengaged_at", "third_meaningful_at"):
        assert getattr(forward, name) == getattr(backward, name)
    assert forward.hand_raise_at == ago(days=2)


def test_a_new_hand_raiser_is_fresh_and_due_within_the_hour():
    summary = activity(("form_submission", ago(minutes=40), "Contact Sales"))
    fresh = freshness_of(summary, "hand_raiser", NOW, SETTINGS)
    assert fresh.status == "fresh"
    assert fresh.follow_up_due_at == ago(minutes=-20)
    assert not fresh.overdue
    assert fresh.hours_since_last == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("hours", "status", "overdue"),
    [(0.5, "fresh", False), (1.5, "aging", True), (4, "aging", True), (5, "aging", True),
     (24, "aging", True), (25, "stale", True)],
)  # fmt: skip
def test_hand_raiser_bands_and_deadline(hours, status, overdue):
    summary = activity(("form_submission", ago(hours=hours), "Contact Sales"))
    fresh = freshness_of(summary, "hand_raiser", NOW, SETTINGS)
    assert (fresh.status, fresh.overdue) == (status, overdue)


@pytest.mark.parametrize(
    ("hours", "status", "overdue"),
    [(47, "fresh", False), (48, "fresh", False), (49, "aging", True), (24 * 7, "aging", True),
     (24 * 7 + 1, "stale", True)],
)  # fmt: skip
def test_follow_up_bands_and_deadline(hours, status, overdue):
    summary = activity(("content_download", ago(hours=hours), "Guide"))
    fresh = freshness_of(summary, "researcher", NOW, SETTINGS)
    assert (fresh.status, fresh.overdue) == (status, overdue)
    assert fresh.follow_up_due_at == ago(hours=hours) + timedelta(hours=48)


def test_an_outcome_after_the_hand_raise_stops_the_overdue_clock():
    form = ("form_submission", ago(hours=3), "Contact Sales")
    called = freshness_of(activity(form, outcome_at=ago(hours=1)), "hand_raiser", NOW, SETTINGS)
    assert not called.overdue and called.followed_up
    before = freshness_of(activity(form, outcome_at=ago(hours=5)), "hand_raiser", NOW, SETTINGS)
    assert before.overdue and not before.followed_up


def test_a_cold_lead_is_stale_with_no_deadline():
    fresh = freshness_of(activity(("email_open", ago(days=60), "N")), "cold", NOW, SETTINGS)
    assert (fresh.status, fresh.follow_up_due_at, fresh.overdue) == ("stale", None, False)


def test_settings_from_the_environment_change_the_numbers():
    settings = brief_settings_from_env(
        {
            "CALLPREP_BRIEF_HAND_RAISER_DUE": "2",
            "CALLPREP_BRIEF_NON_HAND_RAISE_FORM_WORDS": "webinar, survey",
            "CALLPREP_BRIEF_RESEARCH_MIN_INTERACTIONS": "5",
        }
    )
    assert settings.hand_raiser_due == timedelta(hours=2)
    assert settings.is_hand_raise("form_submission", "Newsletter")
    assert not settings.is_hand_raise("form_submission", "Customer Survey")
    assert settings.research_min_interactions == 5


def test_priority_reasons_read_as_words():
    summary = activity(("form_submission", ago(minutes=40), "Contact Sales"))
    fresh = freshness_of(summary, "hand_raiser", NOW, SETTINGS)
    priority = priority_of("hand_raiser", fresh, 1, NOW, "asked for a demo 40 minutes ago")
    assert priority.reasons == ["asked for a demo 40 minutes ago", "due in 20 minutes"]
    assert 0 < priority.score <= 100


def test_queue_order_puts_overdue_hand_raisers_first_then_deadline_recency_engagement():
    def key(kind, when, title, situation_name, count=1, outcome_at=None):
        summary = activity((kind, when, title), outcome_at=outcome_at)
        fresh = freshness_of(summary, situation_name, NOW, SETTINGS)
        return queue_sort_key(situation_name, fresh, count)

    overdue_hand_raiser = key("form_submission", ago(hours=3), "Contact", "hand_raiser")
    due_hand_raiser = key("form_submission", ago(minutes=10), "Contact", "hand_raiser")
    researcher_due_sooner = key("content_download", ago(hours=40), "Guide", "researcher")
    researcher_due_later = key("content_download", ago(hours=2), "Guide", "researcher")
    cold_recent = key("email_open", ago(days=40), "N", "cold", count=9)
    cold_old = key("email_open", ago(days=90), "N", "cold", count=9)
    called = key("form_submission", ago(hours=3), "C", "hand_raiser", outcome_at=ago(hours=1))
    ordered = [
        overdue_hand_raiser,
        due_hand_raiser,
        researcher_due_sooner,
        researcher_due_later,
        cold_recent,
        cold_old,
        called,
    ]
    assert sorted(ordered) == ordered
