"""Topic noise seen in real briefs: form titles, generic nouns, names, mass nouns."""

import pytest

import nlp
from nlp.topic_words import MASS_NOUNS


def names(text, kind="title"):
    return [t.name for t in nlp.extract_topics(text, kind)]


@pytest.mark.parametrize(
    "title",
    ["Contact Sales", "Request a Demo", "Newsletter Signup", "Subscription Preferences",
     "Talk to Sales", "Contact Us"],
)  # fmt: skip
def test_form_titles_give_no_topics(title):
    assert names(title) == []


def test_generic_nouns_from_comments_are_no_topics():
    assert names("We want something in place before Q3 for our plant.", "comment") == []


@pytest.mark.parametrize(
    ("title", "topic"),
    [("Churn Analytics for SaaS", "churn analytics"), ("Robotics in Logistics", "robotics"),
     ("DevOps Metrics That Matter", "DevOps metric"),
     ("Retail Sales Forecasting", "retail sales forecasting")],
)  # fmt: skip
def test_mass_nouns_are_kept_as_written(title, topic):
    assert topic in names(title)


def test_mass_noun_list_holds_the_words_seen_singularised():
    assert {"analytics", "sales", "logistics", "operations", "news", "series", "economics",
            "diagnostics", "robotics", "devops"} <= MASS_NOUNS  # fmt: skip


def test_a_relational_head_before_of_is_read_as_one_topic():
    assert names("The Lifecycle of a Widget") == ["widget lifecycle"]
    assert names("The Anatomy of a Phishing Attack")[0] == "phishing attack anatomy"


def test_a_capitalised_verb_in_a_title_splits_its_phrases():
    assert "onboarding time" in names("How Contoso Slashes Onboarding Time by Half")
    assert "automated reminder" in names("Why Clinics Need Automated Reminders for No-Shows")


def test_referrer_and_competitor_names_are_facts_not_topics():
    text = "Referred by Maya at Quorvex. We use Zendesk today and need better ticket routing."
    found = names(text, "comment")
    assert "Quorvex" not in found and "Zendesk" not in found
    assert "ticket routing" in found


def test_newsletter_words_are_not_topics_on_their_own():
    from nlp import extract_topics

    names = [
        t.name.lower() for t in extract_topics("Widget Ops Digest: the November update", "title")
    ]
    assert "digest" not in names and "update" not in names


def test_script_bodies_pasted_into_a_comment_are_not_read_as_prose():
    from nlp import extract_facts

    text = "We need a compliance dashboard <script>alert(1)</script> next week."
    needs = [f for f in extract_facts(text) if f.kind == "need"]
    assert needs and all("alert" not in f.value for f in needs)


def test_a_misspelt_something_is_not_a_need():
    from nlp import extract_facts

    assert not [f for f in extract_facts("need somthing by end of next month") if f.kind == "need"]


@pytest.mark.parametrize(
    ("text", "not_a_topic"),
    [
        ("my cousin at the bank told me about you, we need freight tracking", "cousin"),
        ("our QA tester submitted this by mistake, real ask: fleet telemetry", "QA tester"),
        ("demo for the finance team please", "finance team"),
        ("need 40 licences and an RFQ response by friday", "RFQ"),
        ("school project on cold storage sensors", "school project"),
    ],
)
def test_people_buying_words_and_a_writers_context_are_not_subjects(text, not_a_topic):
    assert not_a_topic.lower() not in [n.lower() for n in names(text, "comment")]


def test_a_site_page_named_as_a_page_is_not_a_subject():
    assert names("Product Tour") == []
    assert "fleet telemetry" in names("Fleet Telemetry FAQ")


@pytest.mark.parametrize(
    ("title", "topic"),
    [("Cold Chain Loss Calculator", "cold chain loss"),
     ("Fleet Savings Estimator", "fleet savings"),
     ("Data Readiness Scorecard", "data readiness")],
)  # fmt: skip
def test_an_interactive_asset_is_named_by_its_subject(title, topic):
    assert names(title) == [topic]
