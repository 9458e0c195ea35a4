"""Generated leads, hostile text included: a brief always comes back, and every format is safe."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from callprep.briefs.build import build_brief
from callprep.briefs.formats import brief_html, brief_text
from callprep.leads.activity import refresh_lead_activity
from callprep.models import Interaction, Lead, LeadFact
from callprep.talktracks.store import seed_default_tracks
from tests.support.briefkit import NOW

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }} {% debug %}",
        "Robert'); DROP TABLE leads;--",
        "\x1b[2J\r\n\t\x07",
        "‮evil‭",
        "",
        "   ",
    ]
)
# PostgreSQL text cannot hold NUL; everything else goes.
# What can be stored: NUL and lone surrogates are refused at every entry point (and cannot be
# encoded), so a stored lead never holds them.
CHARS = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
TEXT = st.one_of(st.none(), HOSTILE, st.text(CHARS, max_size=60))
KINDS = st.sampled_from(
    [
        "web_visit",
        "content_download",
        "form_submission",
        "email_delivered",
        "email_open",
        "webinar_attended",
        "event_attended",
    ]
)
EVENT = st.tuples(KINDS, st.integers(min_value=0, max_value=400 * 24), TEXT, TEXT)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first_name=TEXT,
    company=TEXT,
    events=st.lists(EVENT, max_size=8),
    fact_value=st.one_of(st.none(), HOSTILE, st.text(CHARS, min_size=1, max_size=40)),
)
def test_any_lead_gets_a_safe_brief_in_every_format(
    session, first_name, company, events, fact_value
):
    seed_default_tracks(session)
    lead = Lead(email="generated@example.com", first_name=first_name, company=company)
    session.add(lead)
    session.flush()
    try:
        if events:
            session.execute(
                insert(Interaction),
                [
                    {
                        "lead_id": lead.id,
                        "type": kind,
                        "occurred_at": NOW - timedelta(hours=hours),
                        "title": title,
                        "comment": comment,
                        "source": "gen",
                    }
                    for kind, hours, title, comment in events
                ],
            )
            refresh_lead_activity(session, lead.id)
            if fact_value is not None:
                first = session.scalar(select(Interaction).where(Interaction.lead_id == lead.id))
                session.add(
                    LeadFact(
                        lead_id=lead.id,
                        interaction_id=first.id,
                        kind="need",
                        value=fact_value,
                        start=0,
                        end=0,
                        occurred_at=first.occurred_at,
                    )
                )
                session.flush()
        brief = build_brief(session, lead, NOW)
        assert brief.opening_line.strip()
        assert len(brief.interactions) == len(events)
        page = brief_html(brief)
        assert "<script" not in page.lower() and "<img" not in page.lower()
        text = brief_text(brief)
        assert not _CONTROL.search(text.replace("\n", ""))
    finally:
        session.rollback()
        session.execute(delete(Lead).where(Lead.email == "generated@example.com"))
        session.commit()
