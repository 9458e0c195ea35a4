"""How the brief says a colleague: a role only when the title states it, an action only from
an interaction of a kind we can say, the time as a rep says it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callprep.briefs.account import action_phrase, colleague_line, role_of
from callprep.trackengine.context import ColleagueView

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # a Tuesday


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("CFO", "CFO"),
        ("Chief Financial Officer, EMEA", "CFO"),
        ("chief executive officer", "CEO"),
        ("Co-founder & CTO", "CTO"),
        ("CISO", "CISO"),
        ("Head of Finance", None),
        ("VP Finance", None),
        ("Director of Plant Operations", None),
        ("Cfoundry Engineer", None),
        ("", None),
        (None, None),
    ],
)
def test_a_role_is_said_only_when_the_title_states_it(title, role):
    assert role_of(title) == role


def test_actions_are_said_by_their_kind_and_quoted_title():
    assert action_phrase("content_download", "Pricing Guide") == "downloaded “Pricing Guide”"
    assert action_phrase("content_download", "  ") == "downloaded content"
    assert action_phrase("webinar_attended", None) == "attended a webinar"
    assert action_phrase("form_submission", "Contact Sales") == "filled in “Contact Sales”"
    # Something we did, not the colleague: nothing to say.
    assert action_phrase("email_delivered", "Newsletter") is None


def test_the_line_names_role_title_and_time_as_far_as_the_data_goes():
    did = {
        "action": "downloaded “Pricing Guide”",
        "action_at": NOW - timedelta(days=1),
    }
    cfo = ColleagueView(name="Dana Whitfield", title="CFO", role="CFO", **did)
    assert (
        colleague_line(cfo, NOW)
        == "Their CFO, Dana Whitfield, downloaded “Pricing Guide” yesterday."
    )
    titled = ColleagueView(name="Bo Lund", title="Head of Finance", **did)
    assert colleague_line(titled, NOW) == (
        "Bo Lund (Head of Finance) downloaded “Pricing Guide” yesterday."
    )
    nameless = ColleagueView(role="CFO", title="CFO", **did)
    assert colleague_line(nameless, NOW) == (
        "A colleague (CFO) downloaded “Pricing Guide” yesterday."
    )
    quiet = ColleagueView(name="Lee")
    assert colleague_line(quiet, NOW) == "Lee: nothing in the last 30 days."
