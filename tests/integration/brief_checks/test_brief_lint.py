"""`callprep briefs lint`: clean on the demo and a generated corpus, and it catches each
class of defect it claims to (proved with a track written to commit them)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from callprep.brief_checks.lint import check_brief
from callprep.brief_checks.lint_corpus import _synthetic_leads, load_corpus
from callprep.briefs.build import build_brief
from callprep.cli import main
from callprep.models import Interaction, Lead, LeadFact
from callprep.spoken_time import resolve_time_ref
from callprep.talktracks.store import create_track
from tests.support.briefkit import NOW, ago, make_lead
from tests.support.briefkit import event as evt

# Briefs read the shipped tracks as `callprep db upgrade` stores them (reads never seed).
pytestmark = pytest.mark.usefixtures("default_tracks")

BAD_TRACK = """{% block opener %}
Hi {{ lead.first_name|lower }} from {{ lead.company|lower }}, you asked for a quote so I wanted to call right away.
{% endblock %}
{% block questions %}
Quick one, Would you share the plan?
Did you like our case study on How Fabrikam Foods Cut Waste?
You mentioned a rollout this week, right?
Is {{ facts.referrer }} a None?
Is {{ facts.referrer }} a None?
I know you're also looking at zorbex.
{% endblock %}
"""  # noqa: E501


def _lead_who_asked_not_to_be_called(session: Session):
    when = ago(days=9)
    lead = make_lead(
        session,
        events=[evt("form_submission", when, "Contact Sales")],
        first_name="Ingrid",
        company="Borealis Mining",
    )
    form = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
    comment = "quote please, by email only, no calls. rollout this week. Per Olsen sent me."
    session.execute(update(Interaction).where(Interaction.id == form.id).values(comment=comment))
    for kind, value in (("contact_preference", "no_call"), ("timeline", "this week"),
                        ("referrer", "Per Olsen"), ("competitor", "zorbex")):  # fmt: skip
        ref = resolve_time_ref(value, when)
        session.add(LeadFact(lead_id=lead.id, interaction_id=form.id, kind=kind, value=value,
                             start=0, end=1, occurred_at=when,
                             time_ref=ref.as_dict() if ref else None))  # fmt: skip
    session.commit()
    return lead


def test_each_class_of_defect_is_flagged(session):
    create_track(session, name="careless", situation="hand_raiser", body=BAD_TRACK, publish=True)
    session.commit()
    lead = _lead_who_asked_not_to_be_called(session)
    brief = build_brief(session, lead, NOW, record=False)
    checks = {flag.check for flag in check_brief(brief, "lead")}
    assert checks >= {
        "lowercased proper noun",
        "calls someone who asked not to be called",
        "broken title",
        "placeholder",
        "repeated line",
        "past date spoken as future",
        "broken sentence",
    }


def test_the_shipped_tracks_say_none_of_it_for_the_same_lead(session, default_tracks):
    lead = _lead_who_asked_not_to_be_called(session)
    brief = build_brief(session, lead, NOW, record=False)
    assert check_brief(brief, "lead") == []
    assert any("asked not to be called" in warning for warning in brief.warnings)


def test_an_email_address_read_out_is_not_a_lowercased_name(session, default_tracks):
    # "Is tomas.novak@… the best address?" spells the address as written; only the name
    # spoken as a word must keep its capital.
    lead = make_lead(
        session,
        email="tomas.novak@vltava-brewing.example",
        events=[evt("form_submission", ago(hours=2), "Contact Sales",
                    comment="send the price list by email please, no calls")],
        first_name="Tomas",
    )  # fmt: skip
    brief = build_brief(session, lead, NOW, record=False)
    spoken = "\n".join(line["text"] for line in brief.talk_track["lines"])
    assert "tomas.novak@" in spoken
    assert check_brief(brief, "lead") == []


def test_the_generated_corpus_is_repeatable_and_covers_every_situation(session):
    ids = load_corpus(session, 25, seed=3, now=NOW)
    assert list(_synthetic_leads(25, 3, NOW)) == list(_synthetic_leads(25, 3, NOW))
    situations = {build_brief(session, session.get(Lead, i), NOW, record=False).situation
                  for i in ids}  # fmt: skip
    assert situations == {"hand_raiser", "researcher", "event_attendee", "re_engaged", "cold"}


def test_briefs_lint_is_clean_on_the_demo_and_500_generated_leads(monkeypatch):
    monkeypatch.delenv("CALLPREP_DATABASE_URL", raising=False)
    result = CliRunner().invoke(main, ["briefs", "lint", "--corpus", "500"])
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("speech check: ") and summary.endswith(", clean")
    assert int(summary.split()[2]) >= 537  # the demo's 37 leads and the generated 500


OWN_WORDS_TRACK = """{% block opener %}
Hi {{ lead.first_name }}, thanks for getting in touch.
{% endblock %}
{% block next_step %}
Could we set up 30 minutes this week to go through it?
{% endblock %}
"""

REPORTED_TRACK = """{% block opener %}
Hi {{ lead.first_name }}. You wanted this in place this week.
{% endblock %}
"""


@pytest.mark.parametrize(("body", "flagged"), [(OWN_WORDS_TRACK, False), (REPORTED_TRACK, True)])
def test_a_past_this_week_is_flagged_when_reported_not_in_the_reps_own_offer(
    session, body, flagged
):
    # The lead wrote "rollout this week" nine days ago: "you wanted this in place this week"
    # reports it as still ahead; "could we set up 30 minutes this week" is the rep's offer.
    # Named to sort before the shipped track, so it is the one chosen (as "careless" above).
    create_track(session, name="a-week", situation="hand_raiser", body=body, publish=True)
    session.commit()
    lead = _lead_who_asked_not_to_be_called(session)
    brief = build_brief(session, lead, NOW, record=False)
    assert brief.talk_track["name"] == "a-week"
    checks = {flag.check for flag in check_brief(brief, "lead")}
    assert ("past date spoken as future" in checks) is flagged
