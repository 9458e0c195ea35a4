"""A/B variants: weights set through the editor split leads as asked, a lead always gets the
same variant, and the brief records which one the rep saw."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from callprep.briefs.build import build_brief
from callprep.models import BriefRecord
from callprep.talktracks import editing
from callprep.talktracks.store import choose_track, published_choices
from tests.support.webtools import hand_raise, make_lead

A_BODY = "{% block opener %}\nHi, variant A here.\n{% endblock %}\n"
B_BODY = "{% block opener %}\nHi, variant B here.\n{% endblock %}\n"
LEADS = range(1, 3001)


def two_variants(session, weight_a: int, weight_b: int) -> None:
    editing.create_track(session, name="inbound", situation="hand_raiser", body=A_BODY)
    editing.save_version(session, "inbound", B_BODY)
    editing.publish(session, "inbound", 1, variant="A", weight=weight_a)
    editing.publish(session, "inbound", 2, variant="B", weight=weight_b)
    session.commit()


def variants_for(session, lead_ids) -> dict[int, str]:
    choices = published_choices(session, ["hand_raiser"])
    return {i: choose_track(choices, i, "hand_raiser", []).variant for i in lead_ids}


def test_weights_split_leads_as_asked_and_each_lead_keeps_its_variant(session):
    two_variants(session, 70, 30)
    first = variants_for(session, LEADS)
    assert variants_for(session, LEADS) == first  # stable: no stored state, same hash
    share_b = Counter(first.values())["B"] / len(LEADS)
    # 3,000 leads at 30 %: the standard error is 0.84 points; allow four of them.
    assert abs(share_b - 0.30) < 0.034, share_b


def test_changing_weights_moves_only_the_leads_it_must(session):
    two_variants(session, 50, 50)
    before = variants_for(session, LEADS)
    editing.set_weights(session, "inbound", {"A": 0})
    after = variants_for(session, LEADS)
    assert set(after.values()) == {"B"}
    editing.set_weights(session, "inbound", {"A": 50})
    assert variants_for(session, LEADS) == before


def test_the_brief_records_the_variant_the_rep_saw(session):
    two_variants(session, 50, 50)
    seen = {}
    for number in range(16):
        lead = make_lead(session, f"lead{number}@example.test", None, [hand_raise(30)])
        brief = build_brief(session, lead)
        again = build_brief(session, lead)
        assert brief.talk_track["name"] == "inbound"
        assert again.talk_track["variant"] == brief.talk_track["variant"]
        expected_text = f"variant {brief.talk_track['variant']} here"
        assert expected_text in brief.opening_line
        seen[brief.brief_id] = brief.talk_track["variant"]
    session.flush()
    records = dict(
        session.execute(
            select(BriefRecord.id, BriefRecord.variant).where(BriefRecord.id.in_(list(seen)))
        ).all()
    )
    assert records == seen
    assert set(seen.values()) == {
        "A",
        "B",
    }  # 16 leads at 50/50: all on one side has odds 1 in 32,768


def test_rolled_back_variant_serves_the_older_text(session):
    two_variants(session, 100, 0)
    lead = make_lead(session, "joe@example.test", None, [hand_raise(10)])
    editing.save_version(session, "inbound", A_BODY.replace("variant A", "new A"))
    editing.publish(session, "inbound", 3, variant="A")
    assert "new A" in build_brief(session, lead, record=False).opening_line
    editing.rollback(session, "inbound", variant="A")
    later = build_brief(session, lead, record=False)
    assert "variant A here" in later.opening_line
    assert later.talk_track["version"] == 1
