"""Routing a new lead on a real database: each rule kind, the order, away and inactive reps
skipped, an owner from the source kept, every decision recorded with its reason."""

from __future__ import annotations

from sqlalchemy import select

from callprep.demo import load_demo
from callprep.leads import service as leads
from callprep.models import LeadAssignment, RoundRobinState, RoutingRule


def history(session, lead):
    return session.scalars(
        select(LeadAssignment).where(LeadAssignment.lead_id == lead.id).order_by(LeadAssignment.id)
    ).all()


def test_an_owner_given_by_the_source_is_kept_and_recorded_as_such(session, make_rep, add_rule):
    make_rep("rita@corp.test", team="emea")
    add_rule(kind="round_robin", team="emea")
    lead = leads.create_lead(session, {"email": "a@acme.io", "owner_email": "Crm.Rep@Corp.test"})
    assert lead.owner_email == "crm.rep@corp.test"
    assert lead.routing_reason == "given by the source"
    [entry] = history(session, lead)
    assert (entry.owner_email, entry.assigned_by, entry.rule_id) == (
        "crm.rep@corp.test",
        "source",
        None,
    )


def test_round_robin_takes_turns_and_skips_away_and_inactive_reps(session, make_rep, add_rule):
    for email in ("ann@corp.test", "bob@corp.test", "cy@corp.test", "dee@corp.test"):
        make_rep(email, team="EMEA")
    make_rep("away@corp.test", team="EMEA", away=True)
    make_rep("gone@corp.test", team="EMEA", active=False)
    rule = add_rule(kind="round_robin", team="EMEA")
    owners = [
        leads.create_lead(session, {"email": f"p{n}@free{n}.example.com"}).owner_email
        for n in range(6)
    ]
    assert owners == [
        "ann@corp.test",
        "bob@corp.test",
        "cy@corp.test",
        "dee@corp.test",
        "ann@corp.test",
        "bob@corp.test",
    ]
    state = session.get(RoundRobinState, "EMEA")
    assert (state.last_email, state.assigned) == ("bob@corp.test", 6)
    lead = leads.find_lead_by_email(session, "p0@free0.example.com")
    assert lead.routing_reason == "round-robin in EMEA"
    assert history(session, lead)[0].rule_id == rule.id


def test_account_owner_follows_the_company_domain_but_not_free_mail(session, make_rep, add_rule):
    make_rep("ann@corp.test", team="t")
    make_rep("bob@corp.test", team="t")
    add_rule(kind="account_owner")
    add_rule(kind="round_robin", team="t")
    leads.create_lead(session, {"email": "first@tailspin.io", "owner_email": "bob@corp.test"})
    second = leads.create_lead(session, {"email": "second@TAILSPIN.io"})
    assert second.owner_email == "bob@corp.test"
    assert second.routing_reason == "account owner of tailspin.io"
    # gmail.com is no account: the two gmail leads go round-robin instead.
    leads.create_lead(session, {"email": "x@gmail.com", "owner_email": "bob@corp.test"})
    third = leads.create_lead(session, {"email": "y@gmail.com"})
    assert third.routing_reason == "round-robin in t"


def test_an_away_account_owner_is_passed_over(session, make_rep, add_rule):
    make_rep("away@corp.test", away=True)
    add_rule(kind="account_owner")
    add_rule(kind="fallback", pool="inbound")
    leads.create_lead(session, {"email": "first@acme.io", "owner_email": "away@corp.test"})
    second = leads.create_lead(session, {"email": "second@acme.io"})
    assert second.owner_email is None
    assert (second.routing_pool, second.routing_reason) == (
        "inbound",
        "unassigned: waiting in the inbound queue",
    )


def test_territory_matches_codes_names_and_states_and_the_first_rule_wins(
    session, make_rep, add_rule
):
    make_rep("dach@corp.test")
    make_rep("cal@corp.test")
    for email in ("na1@corp.test", "na2@corp.test"):
        make_rep(email, team="NA")
    add_rule(
        kind="territory",
        name="DACH",
        countries=["Germany", "AT", "che"],
        owner_email="dach@corp.test",
    )
    add_rule(kind="territory", countries=["US"], states=["California"], owner_email="cal@corp.test")
    add_rule(kind="territory", name="North America", countries=["USA", "Canada"], team="NA")
    add_rule(kind="fallback", pool="rest")

    def route(**fields):
        return leads.create_lead(
            session,
            {
                "email": f"{len(fields)}{sorted(fields.values())[0]}@x.example.com".replace(
                    " ", ""
                ),
                **fields,
            },
        )

    assert route(country="deu").owner_email == "dach@corp.test"
    assert route(country="Austria").routing_reason == "territory DACH"
    ca = route(country="United States", state="CA")
    assert (ca.owner_email, ca.routing_reason) == ("cal@corp.test", "territory US, California")
    tx = route(country="us", state="Texas")
    assert tx.owner_email == "na1@corp.test"
    assert tx.routing_reason == "territory North America: round-robin in NA"
    assert route(country="Canada", state="Ontario").owner_email == "na2@corp.test"
    nowhere = route(country="Brazil")
    assert (nowhere.owner_email, nowhere.routing_pool) == (None, "rest")


def test_regions_match_case_insensitively(session, make_rep, add_rule):
    make_rep("emea@corp.test")
    add_rule(kind="territory", regions=["EMEA"], owner_email="emea@corp.test")
    assert leads.create_lead(
        session, {"email": "a@b.example.com", "region": "emea"}
    ).owner_email == ("emea@corp.test")
    assert (
        leads.create_lead(session, {"email": "c@d.example.com", "region": "APAC"}).owner_email
        is None
    )


def test_an_away_territory_owner_or_an_empty_team_passes_to_the_next_rule(
    session, make_rep, add_rule
):
    make_rep("away@corp.test", away=True)
    make_rep("only@corp.test", team="backup")
    add_rule(kind="territory", countries=["FR"], owner_email="away@corp.test")
    add_rule(kind="round_robin", team="nobody-here")
    add_rule(kind="round_robin", team="backup")
    lead = leads.create_lead(session, {"email": "a@b.example.com", "country": "FR"})
    assert (lead.owner_email, lead.routing_reason) == ("only@corp.test", "round-robin in backup")


def test_no_rule_at_all_leaves_the_lead_in_the_unassigned_queue_with_a_record(session):
    lead = leads.create_lead(session, {"email": "a@b.example.com"})
    assert (lead.owner_email, lead.routing_pool) == (None, None)
    assert lead.routing_reason == "unassigned: no routing rule matched"
    [entry] = history(session, lead)
    assert (entry.owner_email, entry.assigned_by) == (None, "routing")


def test_a_batch_routes_in_a_few_statements_and_keeps_accounts_together(
    session, make_rep, add_rule
):
    for email in ("ann@corp.test", "bob@corp.test"):
        make_rep(email, team="t")
    add_rule(kind="account_owner")
    add_rule(kind="round_robin", team="t")
    rows = [{"email": f"p{n}@acme{n % 3}.io"} for n in range(9)]
    claimed = leads.claim_new_leads(session, rows)
    assert len(claimed) == 9
    owners = {}
    for email in claimed:
        lead = leads.find_lead_by_email(session, email)
        owners.setdefault(lead.company_domain, set()).add(lead.owner_email)
    # Three accounts: the first lead of each goes round-robin, its colleagues follow it.
    assert all(len(o) == 1 for o in owners.values()) and len(owners) == 3
    assert session.get(RoundRobinState, "t").assigned == 3


def test_patching_the_owner_records_who_changed_it(session, make_rep):
    lead = leads.create_lead(session, {"email": "a@b.example.com"})
    leads.update_lead(session, lead, {"owner_email": "Rita@Corp.test"}, actor="admin@corp.test")
    assert lead.owner_email == "rita@corp.test"
    assert lead.routing_reason == "set through the leads API by admin@corp.test"
    assert [e.owner_email for e in history(session, lead)] == [None, "rita@corp.test"]


def test_the_demo_routes_tailspin_retail_and_queues_the_ownerless_lead(session):
    load_demo(session)
    tailspin = leads.find_lead_by_email(session, "procurement@tailspin-retail.example.com")
    assert tailspin.owner_email == "rita.rep@demo.callprep.test"
    assert tailspin.routing_reason == "territory North America: round-robin in North America"
    pat = leads.find_lead_by_email(session, "pat.lee@fineartschool.example.org")
    assert (pat.owner_email, pat.routing_pool) == (None, "inbound")
    # A second load changes nothing: no rule added twice, no second turn taken.
    load_demo(session)
    assert len(session.scalars(select(RoutingRule)).all()) == 3
    assert session.get(RoundRobinState, "North America").assigned == 1
