"""The brief's account section: the colleagues the lead's rep owns with what they really did,
other reps as facts, the account's topics; a bounded cost; the ETag; the track context;
erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from callprep.accounts import users as accounts
from callprep.accounts.users import Principal
from callprep.briefs.build import build_brief, lead_shown
from callprep.briefs.formats import brief_html, brief_text
from callprep.briefs.stamp import brief_etag
from callprep.config import current_brief_settings
from callprep.db import utcnow
from callprep.ingest import events as ingest
from callprep.leads.topic_weights import mention_log_weight
from callprep.models import Company, Lead, LeadActivity
from callprep.privacy import erasure
from callprep.talktracks.store import seed_default_tracks
from callprep.trackengine.public import TrackRenderError, render_track
from callprep.trackengine.samples import sample_contexts
from callprep.trackengine.validate import validate_track
from tests.support.briefkit import NOW, add_topic, ago, event, make_lead
from tests.support.statements import statements_of

RITA, SAM = "rita@vendor.test", "sam@vendor.test"


@pytest.fixture
def contoso(session):
    """Joe the hand-raiser, Rita's; his CFO Dana (Rita's) downloaded the pricing guide two days
    ago; Lee (Rita's, no title) was only sent emails; Kim and Ola are Sam's; Noor is nobody's."""
    accounts.create_user(session, email=SAM, role="rep", password="password-123", name="Sam Rivera")
    joe = make_lead(
        session,
        "joe@contoso.test",
        [event("form_submission", ago(minutes=40), "Contact Sales", comment="Call me")],
        first_name="Joe",
        company="Contoso",
        owner_email=RITA,
    )
    make_lead(
        session,
        "dana@contoso.test",
        [
            event("web_visit", ago(days=2, hours=1), "Pricing"),
            event("content_download", ago(days=2), "Widget Pricing Guide"),
        ],
        first_name="Dana",
        last_name="Whitfield",
        title="Chief Financial Officer",
        owner_email=RITA,
    )
    make_lead(
        session,
        "lee@contoso.test",
        [event("email_delivered", ago(days=1), "November newsletter")],
        first_name="Lee",
        owner_email=RITA,
    )
    kim = make_lead(
        session,
        "kim@contoso.test",
        [event("form_submission", ago(days=1), "Request a Demo", comment="Kim's secret plans")],
        first_name="Kim",
        title="CEO",
        owner_email=SAM,
    )
    make_lead(session, "ola@contoso.test", first_name="Ola", owner_email=SAM)
    make_lead(session, "noor@contoso.test", first_name="Noor")
    session.execute(
        LeadActivity.__table__.update()
        .where(LeadActivity.lead_id == kim.id)
        .values(last_outcome_at=ago(days=3))
    )
    session.commit()
    return joe


def test_the_brief_names_the_reps_own_colleagues_with_what_they_really_did(session, contoso):
    brief = build_brief(session, contoso, NOW, record=False)
    account = brief.as_dict()["account"]
    assert account["name"] == "Contoso" and account["people"] == 6
    dana, lee = account["colleagues"]
    assert dana["summary"] == (
        "Their CFO, Dana Whitfield, downloaded “Widget Pricing Guide” last Friday."
    )
    assert (dana["role"], dana["action_type"]) == ("CFO", "content_download")
    # The interaction it came from is Dana's own download.
    assert session.get(Lead, dana["lead_id"]).email == "dana@contoso.test"
    # A delivered email is something we did: no action is claimed for Lee, and no role.
    assert lee["summary"] == "Lee: nothing in the last 30 days."
    assert lee["action"] is None and lee["role"] is None
    # Sam's people are a fact about Sam, never their names, titles or what they did.
    assert account["other_reps"] == [
        {
            "name": "Sam Rivera",
            "people": 2,
            "last_call_at": ago(days=3).isoformat(),
            "summary": "Sam Rivera is working with 2 people here, last call 3 days ago.",
        }
    ]
    assert account["unowned"] == 1
    shown = str(account)
    for hidden in ("Kim", "Ola", "Noor", "CEO", "Request a Demo", "secret"):
        assert hidden not in shown


def test_a_title_is_a_role_only_when_it_says_so_and_old_actions_are_left_out(session):
    make_lead(session, "a@initech.test", [event("form_submission", ago(hours=1), "Contact")])
    make_lead(
        session,
        "b@initech.test",
        [event("content_download", ago(days=45), "Old Guide")],
        first_name="Bo",
        title="Head of Finance",
    )
    lead = session.scalar(select(Lead).where(Lead.email == "a@initech.test"))
    (bo,) = build_brief(session, lead, NOW, record=False).account["colleagues"]
    assert bo["role"] is None and bo["action"] is None
    assert bo["summary"] == "Bo (Head of Finance): nothing in the last 30 days."


def test_the_brief_is_the_same_for_its_rep_and_an_admin(session, contoso):
    rep = Principal("rep", email=RITA)
    admin = Principal("admin")
    as_rep = build_brief(session, contoso, NOW, rep, record=False).as_dict()["account"]
    as_admin = build_brief(session, contoso, NOW, admin, record=False).as_dict()["account"]
    assert as_rep == as_admin


def test_a_lead_without_an_account_has_no_account_section(session):
    lead = make_lead(session, "solo@gmail.com", [event("web_visit", ago(hours=2), "Pricing")])
    brief = build_brief(session, lead, NOW, record=False)
    assert brief.as_dict()["account"] is None and brief.context.account is None
    assert "THE ACCOUNT" not in brief_text(brief)


def test_account_topics_add_up_the_peoples_topic_weights(session, contoso):
    dana = session.scalar(select(Lead).where(Lead.email == "dana@contoso.test"))
    kim = session.scalar(select(Lead).where(Lead.email == "kim@contoso.test"))
    fresh = mention_log_weight("comment", NOW)
    add_topic(session, dana, "zz pricing", fresh)
    add_topic(session, kim, "zz pricing", fresh)
    add_topic(session, kim, "zz other", fresh + 0.5)
    topics = build_brief(session, contoso, NOW, record=False).account["topics"]
    by_name = {t["name"]: t for t in topics}
    assert by_name["zz pricing"]["people"] == 2
    assert by_name["zz pricing"]["score"] == pytest.approx(8.0, abs=0.01)
    assert by_name["zz pricing"]["score"] > by_name["zz other"]["score"]
    assert [t["name"] for t in topics][:2] == ["zz pricing", "zz other"]


def _colleagues(session, n: int, domain: str, owner: str):
    rows = [
        {"email": f"p{i}@{domain}", "first_name": f"P{i}", "owner_email": owner} for i in range(n)
    ]
    leads = []
    for row in rows:
        leads.append(
            make_lead(
                session,
                row["email"],
                [event("web_visit", ago(days=1), "Pricing")],
                **{k: v for k, v in row.items() if k != "email"},
            )
        )
    return leads


def test_the_account_costs_the_same_statements_for_1_and_30_colleagues(session, engine):
    seed_default_tracks(session)
    session.commit()
    counts = {}
    for size in (1, 30):
        domain = f"size{size}.test"
        _colleagues(session, size, domain, RITA)
        lead = make_lead(
            session,
            f"lead@{domain}",
            [event("form_submission", ago(minutes=30), "Contact Sales")],
            first_name="Lead",
            owner_email=RITA,
        )
        session.expire_all()
        lead = session.get(Lead, lead.id)
        # Built once first: one-time reads (the "what worked" table, cached per process
        # until an outcome changes) are not the account's cost.
        brief = build_brief(session, lead, NOW, record=False)
        counts[size] = len(
            statements_of(engine, lambda lead=lead: build_brief(session, lead, NOW))[1]
        )
        assert len(brief.account["colleagues"]) == min(size, 5)
        assert brief.account["more_colleagues"] == max(0, size - 5)
        session.commit()
    assert counts[1] == counts[30]
    # The brief's own reads (at most 8 without an account) plus five for the account.
    assert counts[30] <= 13


def _etag(session, lead, now):
    session.expire_all()
    lead = session.get(Lead, lead.id)
    return brief_etag(session, lead, "json", lead_shown(lead), now, current_brief_settings())


def test_the_etag_moves_when_the_accounts_people_or_their_activity_change(session):
    now = utcnow().replace(minute=1, second=0, microsecond=0)
    lead = make_lead(
        session,
        "joe@globex.test",
        [event("form_submission", now - timedelta(minutes=30), "Contact Sales")],
        first_name="Joe",
    )
    first = _etag(session, lead, now)
    assert _etag(session, lead, now) == first  # nothing changed
    dana = make_lead(session, "dana@globex.test", first_name="Dana")
    joined = _etag(session, lead, now)
    assert joined != first
    ingest.add_interactions(
        session, dana, [event("content_download", now - timedelta(minutes=5), "Pricing Guide")]
    )
    session.commit()
    active = _etag(session, lead, now)
    assert active != joined
    dana.title = "CFO"
    session.commit()
    titled = _etag(session, lead, now)
    assert titled != active
    erasure.erase_lead(session, session.get(Lead, dana.id), actor_role="admin")
    session.commit()
    assert _etag(session, lead, now) not in (titled, active)


def test_erasing_a_colleague_removes_them_and_the_last_person_takes_the_account(session, contoso):
    dana = session.scalar(select(Lead).where(Lead.email == "dana@contoso.test"))
    erasure.erase_lead(session, dana, actor_role="admin")
    session.commit()
    account = build_brief(session, contoso, NOW, record=False).account
    assert [c["name"] for c in account["colleagues"]] == ["Lee"]
    assert account["people"] == 5
    assert session.scalar(select(func.count()).select_from(Company)) == 1
    # An account left with nobody goes with its last person (its domain may name them).
    solo = make_lead(session, "me@jane-doe-vanity.test", first_name="Jane")
    result = erasure.erase_lead(session, solo, actor_role="admin")
    session.commit()
    assert result.counts["companies"] == 1
    assert (
        session.scalar(select(Company.id).where(Company.domain == "jane-doe-vanity.test")) is None
    )
    assert session.scalar(select(func.count()).select_from(Company)) == 1


def test_the_text_and_html_briefs_carry_the_account(session, contoso):
    brief = build_brief(session, contoso, NOW, record=False)
    text = brief_text(brief)
    assert "THE ACCOUNT: Contoso (6 people)" in text
    assert "- Their CFO, Dana Whitfield, downloaded “Widget Pricing Guide” last Friday." in text
    assert "- Sam Rivera is working with 2 people here, last call 3 days ago." in text
    html = brief_html(brief)
    assert "The account" in html and "Dana Whitfield" in html and "Kim" not in html


ACCOUNT_TRACK = """{% block opener %}Hi {{ lead|first_name_or('there') }}.
{% if account %}{% for c in account.colleagues if c.role and c.action %}
Your {{ c.role }}, {{ c.first_name }}, {{ c.action }} {{ c.action_at|relative_time }}.
{% endfor %}{% endif %}{% endblock %}"""


def test_a_track_can_speak_of_the_account_and_validation_covers_it(session, contoso):
    brief = build_brief(session, contoso, NOW, record=False)
    rendered = render_track(ACCOUNT_TRACK, brief.context)
    assert rendered.opening_line == (
        "Hi Joe. Your CFO, Dana, downloaded “Widget Pricing Guide” last Friday."
    )
    for situation in ("hand_raiser", "researcher", "cold"):
        assert validate_track(ACCOUNT_TRACK, sample_contexts(situation)) == []
    # Unguarded, the sample lead without an account fails at save time, not in front of a rep.
    unguarded = "{% block opener %}Hi, {{ account.name }}.{% endblock %}"
    errors = validate_track(unguarded, sample_contexts("hand_raiser"))
    messages = " ".join(error["message"] for error in errors)
    assert "sample lead 2" in messages  # an account known by its domain alone: no name
    assert "'None' has no attribute 'name' (test render for sample lead 3" in messages
    # Only the documented attributes: the sandbox refuses the rest.
    probe = "{% block opener %}{{ account.colleagues[0].email }}{% endblock %}"
    with pytest.raises(TrackRenderError, match="colleague has no attribute 'email'"):
        render_track(probe, brief.context)
