"""Facts from comments with the real pipeline: each kind found, near-misses not."""

import pytest

import nlp
from nlp.model import FACT_KINDS


@pytest.fixture(scope="module")
def analyse():
    cache: dict[str, list] = {}

    def run(text: str):
        if text not in cache:
            cache[text] = nlp.analyse_texts([text], "comment")[0].facts
        return cache[text]

    return run


def spans(text, facts, kind):
    return [text[f.start : f.end] for f in facts if f.kind == kind]


FOUND = [
    ("referrer", "My colleague Sarah Lee referred me to you.", "Sarah Lee"),
    ("referrer", "We were referred by our partner Accenture.", "Accenture"),
    ("referrer", "Heard about you from Tom at Northwind.", "Tom"),
    ("referrer", "John Miller from Deloitte suggested we talk to you.", "John Miller"),
    ("referrer", "My former boss at Stripe, Dana Wu, swears by you.", "Dana Wu"),
    ("referrer", "Sarah at Globex gave me your name.", "Sarah"),
    ("timeline", "We want it live before Q3.", "before Q3"),
    ("timeline", "Rollout by the end of next month.", "by the end of next month"),
    ("timeline", "Decision in two weeks.", "in two weeks"),
    ("timeline", "Targeting Q1 2027 for go-live.", "Q1 2027"),
    ("timeline", "Delivery to Rotterdam by 15 Nov please.", "by 15 Nov"),
    ("timeline", "The CFO wants it in place for fiscal year end.", "fiscal year end"),
    ("timeline", "Timeline: 60-90 days. Budget: TBD.", "60-90 days"),
    ("timeline", "We must switch before the holiday peak.", "before the holiday peak"),
    ("budget", "We have $40k budgeted for this.", "$40k"),
    ("budget", "The budget is approved.", "approved"),
    ("budget", "No budget yet, just researching.", "none yet"),
    ("budget", "Budget ~£60k.", "£60k"),
    ("budget", "Three year deal, ~$250k total.", "$250k"),
    ("need", "We need a widget ROI solution.", "widget ROI solution"),
    ("need", "Looking for a helpdesk with SLA reporting.", "helpdesk with SLA reporting"),
    ("need", "Interested in SSO for NetSuite.", "SSO for NetSuite"),
    ("need", "need: replace legacy on-prem PBX with cloud phone system", "replacement for legacy"),
    ("urgency", "This is urgent, please hurry.", "urgent"),
    ("urgency", "Call me ASAP.", "ASAP"),
    ("urgency", "Our contract expires in March.", "contract expires"),
    ("urgency", "Our current system goes end-of-life on March 31.", "end-of-life"),
    ("competitor", "We are currently using Zendesk.", "Zendesk"),
    ("competitor", "Comparing you vs Gusto for payroll.", "Gusto"),
    ("competitor", "we use hubspot today", "HubSpot"),
    ("request", "Can we schedule a demo next week?", "demo"),
    ("request", "Please send me pricing.", "pricing"),
    ("request", "Please call me back tomorrow.", "call back"),
    ("request", "We would like a free trial.", "trial"),
    ("request", "Can you send a quote for 20 licenses?", "quote"),
    ("request", "Can someone walk me through the forecasting module?", "demo"),
    ("request", "Do you offer a 30 day trial?", "trial"),
    ("request", "Any discounts for nonprofits?", "pricing"),
    ("request", "What does implementation typically cost?", "pricing"),
]


@pytest.mark.parametrize(("kind", "text", "value"), FOUND)
def test_fact_kind_is_found_with_value_and_span(analyse, kind, text, value):
    facts = [f for f in analyse(text) if f.kind == kind]
    assert facts, f"no {kind} in {text!r}"
    fact = facts[0]
    assert value in fact.value
    assert text[fact.start : fact.end]  # the span is real evidence in the text
    assert fact.start < fact.end <= len(text)


NEAR_MISSES = [
    ("referrer", "I was referred to your pricing page from a search."),
    ("request", "I was referred to your pricing page from a search."),
    ("request", "We don't need a demo, just answers."),
    ("need", "We don't need a demo, just answers."),
    ("request", "I watched the demo video yesterday."),
    ("budget", "We saved $40k last year by switching suppliers."),
    ("timeline", "We have used it for two years."),
    ("urgency", "This is not urgent."),
    ("competitor", "We use email to share reports."),
    ("need", "I need to know how the API works."),
    ("referrer", "We recommend you read the docs first."),
    ("budget", "We have around 40 users in two offices."),
    ("request", "Interested in your API rate limits."),
]


@pytest.mark.parametrize(("kind", "text"), NEAR_MISSES)
def test_near_miss_is_not_a_fact(analyse, kind, text):
    assert spans(text, analyse(text), kind) == []


def test_hand_raiser_comment_gives_every_fact_of_the_design(analyse):
    text = (
        "My colleague Sarah Lee referred me. We need a widget ROI solution, "
        "budget is approved, and we want it before Q3."
    )
    kinds = {f.kind for f in analyse(text)}
    assert {"referrer", "need", "budget", "timeline"} <= kinds


def test_fact_kinds_are_exactly_the_contract_ones():
    assert FACT_KINDS == (
        "referrer",
        "timeline",
        "budget",
        "need",
        "urgency",
        "competitor",
        "request",
        "stack",
        "question",
        "contact_preference",
        "deadline",
        "seats",
    )


def test_titles_get_no_facts():
    [analysis] = nlp.analyse_texts(["Demo: budget approved before Q3"], "title")
    assert analysis.facts == []


def test_extract_facts_is_the_comment_analysis():
    text = "Please call me back ASAP."
    assert nlp.extract_facts(text) == nlp.analyse_texts([text], "comment")[0].facts


def test_each_coordinated_competitor_is_its_own_fact(analyse):
    text = "Evaluating Gong and Chorus for call recording."
    assert spans(text, analyse(text), "competitor") == ["Evaluating Gong", "Chorus"]


def test_every_competitor_of_a_list_is_its_own_fact(analyse):
    text = "Competitors we're looking at: Rippling, Deel and Remote."
    values = [f.value for f in analyse(text) if f.kind == "competitor"]
    assert values == ["Rippling", "Deel", "Remote"]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # Vendors of categories the vocabulary lacked (CI, version control, dental and
        # hotel systems, towing dispatch, Chinese ERP), written lowercase as prospects do.
        ("we're switching from circleci, builds take forever", "competitor", "CircleCI"),
        ("comparing teamcity and buildkite for our monorepo", "competitor", "TeamCity"),
        ("our front desk runs on open dental", "stack", "Open Dental"),
        ("does it sync with cloudbeds?", "stack", "Cloudbeds"),
        ("also talking to omadi about dispatch", "competitor", "Omadi"),
        ("it must integrate with yonyou", "stack", "Yonyou"),
    ],
)
def test_vendors_of_newer_categories_are_named(analyse, text, kind, value):
    facts = analyse(text)
    assert value in [f.value for f in facts if f.kind == kind], [(f.kind, f.value) for f in facts]


@pytest.mark.parametrize(
    ("text", "need"),
    [
        # A rep's shorthand and a prospect's "wants X" state what they are after.
        ("came by the stand, asked about forklift telemetry", "forklift telemetry"),
        ("int in shelf-edge labels for 30 stores", "shelf-edge labels"),
        ("our ops lead wants automated rota planning", "automated rota planning"),
        ("intrested in contract lifecycle tools", "contract lifecycle tools"),
    ],
)
def test_wants_and_asked_about_state_a_need(analyse, text, need):
    assert need in [f.value for f in analyse(text) if f.kind == "need"]


@pytest.mark.parametrize(
    "text",
    [
        "she asked about you at the stand",
        "asked about pricing for next year",
        "the board wants options compared first",
        "they want it by friday",
    ],
)
def test_no_need_from_what_is_not_a_thing_wanted(analyse, text):
    assert [f.value for f in analyse(text) if f.kind == "need"] == []


@pytest.mark.parametrize(
    ("text", "stack"),
    [
        ("we keep xero for the books, need payroll", "Xero"),
        ("single sign-on is a must (azure ad)", "Azure AD"),
        ("deploy into our own gcp project please", "Google Cloud"),
        ("need route planning that talks to our samsara tablets", "Samsara"),
    ],
)
def test_the_systems_a_lead_runs_are_stack_not_rivals(analyse, text, stack):
    """A system named without a rivalry is theirs: saying "you're also looking at it" would
    claim an evaluation they never wrote."""
    facts = analyse(text)
    assert any(f.kind == "stack" and f.value.lower() == stack.lower() for f in facts), facts
    assert not [f for f in facts if f.kind in ("competitor", "request")], facts


def test_software_that_talks_to_a_system_is_no_call_request(analyse):
    facts = analyse("looking for inventory counts that talk to our POS")
    assert not [f for f in facts if f.kind == "request"]
