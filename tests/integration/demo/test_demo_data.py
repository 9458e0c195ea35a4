"""The demo data set is well formed and provably covers every call situation.

Pure Python over the JSON file: no app, no database. The situation classifier here is a
deliberately small, independent reading of the rules in issue 4, so a mismatch with the
service's classifier points at one of the two.
"""

import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from callprep.vocabulary import INTERACTION_TYPES as MODEL_INTERACTION_TYPES

DEMO_FILE = Path(__file__).resolve().parents[3] / "callprep" / "demo" / "demo_data.json"

INTERACTION_TYPES = set(MODEL_INTERACTION_TYPES)  # the types the API accepts
ASSET_TYPES = {
    "white_paper",
    "ebook",
    "infographic",
    "case_study",
    "report",
    "webinar",
    "video",
    "datasheet",
    "page",
    "email",
    "event",
    "form",
}
SOURCES = {"marketo", "hubspot", "mautic", "salesforce", "website"}
ROLES = {"admin", "marketing", "rep"}
LEAD_KEYS = {
    "key",
    "email",
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "owner_email",
    "external_ids",
    "interactions",
    # Where the lead is, for the demo's routing rules.
    "country",
    "region",
    "state",
}
INTERACTION_KEYS = {
    "type",
    "ago",
    "title",
    "asset_type",
    "url",
    "comment",
    "campaign",
    "source",
    "external_id",
}
SITUATIONS = ("hand_raiser", "event_attendee", "re_engaged", "researcher", "cold")

AGO = re.compile(r"^(\d+)([mhdw])$")
AGO_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# 555-0100..0199 is the block set aside for fiction in North America.
FICTIONAL_PHONE = re.compile(r"^\+1 \d{3} 555 01\d{2}$")
NOT_A_HAND_RAISE_FORM = re.compile(r"newsletter|subscri|preference", re.IGNORECASE)
RESERVED_SUFFIXES = (".example.com", ".example.org", ".example.net", ".example", ".test")
RESERVED_DOMAINS = {"example.com", "example.org", "example.net"}


def parse_ago(text: str) -> timedelta:
    match = AGO.match(text)
    if not match:
        raise ValueError(f"not a duration like 40m, 3h, 2d, 11w: {text!r}")
    return timedelta(**{AGO_UNITS[match.group(2)]: int(match.group(1))})


def is_reserved_domain(domain: str) -> bool:
    domain = domain.lower()
    return domain in RESERVED_DOMAINS or domain.endswith(RESERVED_SUFFIXES)


def classify(interactions: list[dict], later: timedelta = timedelta(0)) -> str:
    """The situation of a lead `later` after loading, first matching rule wins."""
    dated = [(parse_ago(i["ago"]) + later, i) for i in interactions]

    def recent(days: int) -> list[dict]:
        return [i for age, i in dated if age <= timedelta(days=days)]

    if any(
        i["type"] == "form_submission" and not NOT_A_HAND_RAISE_FORM.search(i.get("title", ""))
        for i in recent(30)
    ):
        return "hand_raiser"
    if any(i["type"] in {"webinar_attended", "event_attended"} for i in recent(14)):
        return "event_attendee"
    meaningful = [(age, i) for age, i in dated if i["type"] != "email_delivered"]
    recent_ages = [age for age, _ in meaningful if age <= timedelta(days=30)]
    earlier_ages = [age for age, _ in meaningful if age > timedelta(days=30)]
    silence = timedelta(days=90)
    if recent_ages and earlier_ages and min(earlier_ages) - max(recent_ages) >= silence:
        return "re_engaged"
    recent_meaningful = [i for age, i in meaningful if age <= timedelta(days=30)]
    if any(i["type"] == "content_download" for i in recent_meaningful):
        return "researcher"
    if len(recent_meaningful) >= 3:
        return "researcher"
    return "cold"


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def leads(demo) -> dict[str, dict]:
    return {lead["key"]: lead for lead in demo["leads"]}


def all_interactions(demo):
    for lead in demo["leads"]:
        for interaction in lead["interactions"]:
            yield lead, interaction


# --- the classifier itself, so the coverage claim below rests on something tested ----------


def test_classifier_follows_the_first_matching_rule():
    form = {"type": "form_submission", "ago": "2d", "title": "Request a Demo"}
    webinar = {"type": "webinar_attended", "ago": "3d"}
    assert classify([form, webinar]) == "hand_raiser"
    assert classify([webinar]) == "event_attendee"
    assert classify([{"type": "webinar_attended", "ago": "15d"}]) == "cold"
    assert classify([{"type": "event_attended", "ago": "150d"}, webinar]) == "event_attendee"


def test_classifier_ignores_newsletter_and_preference_forms_as_hand_raises():
    for title in ("Newsletter Signup", "Subscription Preferences", "Email Preferences"):
        assert classify([{"type": "form_submission", "ago": "1h", "title": title}]) == "cold"


def test_classifier_needs_ninety_days_of_silence_and_earlier_history_for_re_engaged():
    old = {"type": "content_download", "ago": "120d"}
    new = {"type": "web_visit", "ago": "5d"}
    assert classify([old, new]) == "re_engaged"
    assert classify([{"type": "content_download", "ago": "80d"}, new]) == "cold"
    assert classify([new]) == "cold"


def test_classifier_counts_meaningful_interactions_not_deliveries_for_researcher():
    delivered = [{"type": "email_delivered", "ago": f"{n}d"} for n in (1, 2, 3, 4)]
    assert classify(delivered) == "cold"
    opens = [{"type": "email_open", "ago": f"{n}d"} for n in (1, 2, 3)]
    assert classify(opens) == "researcher"
    assert classify(opens[:2]) == "cold"
    assert classify([{"type": "content_download", "ago": "29d"}]) == "researcher"


def test_ago_parses_the_four_units_and_rejects_anything_else():
    assert parse_ago("40m") == timedelta(minutes=40)
    assert parse_ago("11w") == timedelta(weeks=11)
    for bad in ("", "3", "3 d", "-3d", "1.5h", "3y", "d3"):
        with pytest.raises(ValueError):
            parse_ago(bad)


# --- the file -----------------------------------------------------------------------------


def test_users_are_the_four_demo_accounts_with_known_roles(demo):
    users = demo["users"]
    assert {u["role"] for u in users} == ROLES
    assert sum(u["role"] == "rep" for u in users) == 2
    for user in users:
        # team and routing_pool: the reps' round-robin team and unassigned queue.
        assert (
            {"email", "role", "name"}
            <= set(user)
            <= {"email", "role", "name", "team", "routing_pool"}
        )
        assert user["email"].endswith("@demo.callprep.test")
        assert user["name"].strip()


def test_leads_have_only_known_fields_and_the_required_ones(demo):
    for lead in demo["leads"]:
        assert set(lead) <= LEAD_KEYS, lead["key"]
        assert {"key", "email", "interactions"} <= set(lead), lead.get("key")
        assert re.fullmatch(r"[a-z0-9-]+", lead["key"]), lead["key"]
        for field in LEAD_KEYS - {"external_ids", "interactions"}:
            if field in lead:
                assert isinstance(lead[field], str) and lead[field].strip(), (lead["key"], field)


def test_lead_keys_and_emails_are_unique(demo):
    keys = Counter(lead["key"] for lead in demo["leads"])
    emails = Counter(lead["email"].lower() for lead in demo["leads"])
    assert [k for k, n in keys.items() if n > 1] == []
    assert [e for e, n in emails.items() if n > 1] == []


def test_every_email_and_url_is_on_a_reserved_domain(demo):
    for email in [u["email"] for u in demo["users"]] + [lead["email"] for lead in demo["leads"]]:
        local, _, domain = email.partition("@")
        assert local and is_reserved_domain(domain), email
    for _, interaction in all_interactions(demo):
        if "url" in interaction:
            parts = urlsplit(interaction["url"])
            assert parts.scheme == "https", interaction["url"]
            assert is_reserved_domain(parts.hostname or ""), interaction["url"]


def test_phone_numbers_are_fictional(demo):
    phones = [lead["phone"] for lead in demo["leads"] if "phone" in lead]
    assert phones
    for phone in phones:
        assert FICTIONAL_PHONE.match(phone), phone


def test_leads_are_owned_by_the_demo_reps_roughly_evenly_with_two_unowned(demo):
    reps = {u["email"] for u in demo["users"] if u["role"] == "rep"}
    owners = Counter(lead.get("owner_email") for lead in demo["leads"])
    assert owners.pop(None) == 2
    assert set(owners) == reps
    assert max(owners.values()) - min(owners.values()) <= 3


def test_external_ids_are_unique_per_crm_system(demo):
    seen: dict[str, set[str]] = {}
    for lead in demo["leads"]:
        for system, external_id in lead.get("external_ids", {}).items():
            assert system in {"salesforce", "hubspot"}, system
            assert external_id not in seen.setdefault(system, set()), (system, external_id)
            seen[system].add(external_id)
            if system == "salesforce":
                assert re.fullmatch(r"00Q[0-9A-Za-z]{15}", external_id), external_id
            else:
                assert external_id.isdigit(), external_id


def test_interactions_have_known_types_fields_and_parseable_times(demo):
    for lead, interaction in all_interactions(demo):
        where = interaction.get("external_id", lead["key"])
        assert set(interaction) <= INTERACTION_KEYS, where
        assert interaction["type"] in INTERACTION_TYPES, where
        parse_ago(interaction["ago"])
        assert interaction["source"] in SOURCES, where
        if "asset_type" in interaction:
            assert interaction["asset_type"] in ASSET_TYPES, where
        if "comment" in interaction:
            assert interaction["type"] == "form_submission", where
            assert 0 < len(interaction["comment"]) <= 2000, where


def test_interaction_external_ids_are_present_and_unique_across_the_file(demo):
    ids = Counter(i["external_id"] for _, i in all_interactions(demo))
    assert all(isinstance(i, str) and i for i in ids)
    assert [i for i, n in ids.items() if n > 1] == []


def test_interactions_fall_in_the_last_ninety_days_except_re_engaged_history(demo):
    for lead in demo["leads"]:
        ages = [parse_ago(i["ago"]) for i in lead["interactions"]]
        old = [age for age in ages if age > timedelta(days=90)]
        if old:
            assert classify(lead["interactions"]) in {"re_engaged", "event_attendee"}, lead["key"]
            assert max(old) <= timedelta(days=365), lead["key"]


# --- the two leads of DESIGN.md ------------------------------------------------------------


def test_joe_filled_in_contact_sales_forty_minutes_ago_with_referrer_need_budget_timeline(
    leads,
):
    joe = leads["joe"]
    assert joe["first_name"] == "Joe"
    forms = [i for i in joe["interactions"] if i["type"] == "form_submission"]
    assert len(forms) == 1
    (form,) = forms
    assert form["title"] == "Contact Sales"
    assert timedelta(minutes=30) <= parse_ago(form["ago"]) <= timedelta(minutes=50)
    comment = form["comment"]
    assert re.search(r"colleague [A-Z][a-z]+ [A-Z][a-z]+ referred", comment)
    assert "widget ROI" in comment
    assert "budget is approved" in comment.lower()
    assert "before Q3" in comment
    assert {i["type"] for i in joe["interactions"]} <= {"form_submission", "web_visit"}
    assert classify(joe["interactions"]) == "hand_raiser"


def test_jon_researched_for_three_weeks_white_paper_nurture_email_then_infographic(leads):
    jon = leads["jon"]
    assert jon["first_name"] == "Jon"
    steps = sorted(jon["interactions"], key=lambda i: parse_ago(i["ago"]), reverse=True)
    assert steps[0]["type"] == "web_visit"
    assert timedelta(days=18) <= parse_ago(steps[0]["ago"]) <= timedelta(days=24)
    assert not any(i["type"] == "form_submission" or "comment" in i for i in steps)

    downloads = [i for i in steps if i["type"] == "content_download"]
    assert [(d["title"], d["asset_type"]) for d in downloads] == [
        ("10 Tips for Improving your Widget ROI", "white_paper"),
        ("The Lifecycle of a Widget", "infographic"),
    ]
    infographic_age = parse_ago(downloads[1]["ago"])
    assert timedelta(days=1) <= infographic_age <= timedelta(days=2)

    emails = [i for i in steps if i["type"].startswith("email_")]
    assert [e["type"] for e in emails] == ["email_delivered", "email_open", "email_click"]
    assert len({e["title"] for e in emails}) == 1
    assert parse_ago(downloads[0]["ago"]) > parse_ago(emails[0]["ago"]) > infographic_age
    assert classify(jon["interactions"]) == "researcher"


# --- coverage of the situations and of the awkward cases ------------------------------------


def test_there_are_at_least_thirty_four_leads(demo):
    assert len(demo["leads"]) >= 34


def test_every_situation_has_at_least_four_leads(demo):
    counts = Counter(classify(lead["interactions"]) for lead in demo["leads"])
    assert set(counts) == set(SITUATIONS)
    assert min(counts.values()) >= 4, counts


def test_situations_do_not_flip_in_the_hours_after_loading(demo):
    # The demo is loaded and then shown: no lead may sit right on a rule's boundary.
    for lead in demo["leads"]:
        now = classify(lead["interactions"])
        assert classify(lead["interactions"], later=timedelta(hours=6)) == now, lead["key"]


def test_re_engaged_leads_have_no_interaction_of_any_kind_during_their_silence(demo):
    # So they stay re_engaged even for a classifier that counts deliveries as activity.
    for lead in demo["leads"]:
        if classify(lead["interactions"]) != "re_engaged":
            continue
        ages = sorted(parse_ago(i["ago"]) for i in lead["interactions"])
        gaps = [later - sooner for sooner, later in zip(ages, ages[1:], strict=False)]
        assert max(gaps) >= timedelta(days=90), lead["key"]


def test_newsletter_and_preference_forms_are_present_and_are_not_hand_raises(demo):
    leads_with_such_forms = [
        lead
        for lead in demo["leads"]
        if any(
            i["type"] == "form_submission" and NOT_A_HAND_RAISE_FORM.search(i["title"])
            for i in lead["interactions"]
        )
    ]
    assert len(leads_with_such_forms) >= 3
    titles = {
        i["title"]
        for lead in leads_with_such_forms
        for i in lead["interactions"]
        if i["type"] == "form_submission"
    }
    assert {"Newsletter Signup", "Subscription Preferences"} <= titles
    for lead in leads_with_such_forms:
        assert classify(lead["interactions"]) != "hand_raiser", lead["key"]


def test_hand_raisers_include_fresh_and_overdue_ones(demo):
    ages = [
        parse_ago(i["ago"])
        for lead in demo["leads"]
        if classify(lead["interactions"]) == "hand_raiser"
        for i in lead["interactions"]
        if i["type"] == "form_submission"
    ]
    assert sum(age <= timedelta(hours=1) for age in ages) >= 2
    assert any(timedelta(hours=2) <= age <= timedelta(hours=6) for age in ages)
    assert any(timedelta(days=1) <= age < timedelta(days=2) for age in ages)
    assert any(timedelta(days=4) <= age <= timedelta(days=7) for age in ages)


def test_comments_carry_hostile_markup_a_loader_must_store_verbatim(demo):
    comments = [i["comment"] for _, i in all_interactions(demo) if "comment" in i]
    assert len(comments) >= 10
    assert any("<script>alert(1)</script>" in c for c in comments)
    assert any("{{ config }}" in c and "{% debug %}" in c for c in comments)


def test_some_leads_lack_a_first_name_or_a_company(demo):
    assert sum("first_name" not in lead for lead in demo["leads"]) >= 2
    assert sum("company" not in lead for lead in demo["leads"]) >= 2
    assert any(lead["interactions"] == [] for lead in demo["leads"])
