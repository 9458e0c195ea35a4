"""``track_context``: the context a lead's talk track renders with, read the way the brief
reads it, with nothing chosen, rendered or recorded (the editor's preview uses it)."""

from __future__ import annotations

from sqlalchemy import func, select

from callprep.briefs.build import build_brief, track_context
from callprep.models import BriefRecord
from callprep.talktracks.store import seed_default_tracks
from tests.support.briefkit import NOW, ago, make_lead
from tests.support.briefkit import event as evt


def test_the_track_context_is_the_briefs_own_and_records_nothing(session):
    seed_default_tracks(session)
    comment = "My colleague Sarah Lee referred me. We need a widget ROI solution before Q3."
    lead = make_lead(
        session,
        first_name="Joe",
        company="Acme",
        events=[
            evt("content_download", ago(days=3), "10 Tips for Improving your Widget ROI"),
            evt("form_submission", ago(hours=1), "Contact Sales", comment=comment),
        ],
    )

    ctx = track_context(session, lead, NOW)

    assert not session.new and not session.dirty
    assert session.scalar(select(func.count()).select_from(BriefRecord)) == 0
    assert ctx == build_brief(session, lead, NOW, record=False).context
    assert ctx.situation == "hand_raiser"
    assert [i.title for i in ctx.interactions][:2] == [
        "Contact Sales",
        "10 Tips for Improving your Widget ROI",
    ]
    assert "widget roi" in [t.name.casefold() for t in ctx.topics]
