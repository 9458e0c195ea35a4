"""A lead's question said back by the rep: reported, not quoted, when it can be."""

import pytest

from callprep.briefs.facts import spoken_facts
from callprep.trackengine.speech import question_phrase


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("wondering if you do SSO", "whether we do SSO"),
        ("just curious how your gateway handles outages", "how our gateway handles outages"),
        ("i'd like to know whether it runs on-prem", "whether it runs on-prem"),
        ("how the reports get exported", "how the reports get exported"),
        ("does it work with Xero?", "whether it works with Xero"),
    ],
)
def test_indirect_questions_are_reported(asked, said):
    assert question_phrase(asked) == said


def test_a_direct_question_is_quoted_in_their_words():
    assert question_phrase("how long does setup take?") == "“how long does setup take?”"


class _Row:
    def __init__(self, kind, value):
        self.kind, self.value = kind, value
        self.interaction_id, self.start, self.end, self.time_ref = 1, 0, len(value), None


@pytest.mark.parametrize(
    ("value", "said"),
    [("friend at Stripe", "your friend at Stripe"),
     ("old manager at Contoso", "your old manager at Contoso"),
     ("Dana Whitfield", "Dana Whitfield")],
)  # fmt: skip
def test_a_referrer_who_is_someone_at_a_place_is_spoken_as_theirs(value, said):
    from datetime import UTC, datetime

    views = spoken_facts([_Row("referrer", value)], datetime.now(UTC)).views
    assert [v.value for v in views] == [said]


@pytest.mark.parametrize(
    ("name", "found", "said"),
    [("medical device", ("Medical Devices", "HIPAA,"), "medical devices"),  # a list, not a name
     ("edge gateway", ("Edge Gateway", "WidgetIQ"), "Edge Gateway"),  # a brand's product
     ("cold storage", ("Cold Storage", "SOC 2:"), "cold storage")],
)  # fmt: skip
def test_a_title_cased_topic_is_a_name_only_when_a_name_runs_into_it(name, found, said):
    from callprep.trackengine.topic_speech import spoken_case

    assert spoken_case(name, found) == said
