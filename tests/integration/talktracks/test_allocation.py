"""Thompson-sampling allocation on a real database: chosen through the API and the editor
(with named errors for bad floors, nothing stored), recomputed from outcomes at most once
per interval and kept as history, favouring the better variant above the floors, a lead
keeping its variant within an allocation, and the history on the A/B report."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from callprep.briefs.build import build_brief
from callprep.briefs.outcomes import record_outcome
from callprep.db import utcnow
from callprep.models import Outcome, TalkTrack, TalkTrackAllocation, TalkTrackVariant
from callprep.talktracks import editing
from callprep.talktracks.allocation import reallocate, reallocate_after_outcome
from callprep.talktracks.store import choose_track, published_choices
from tests.support.webtools import csrf_from, hand_raise, login, make_lead, make_user

A_BODY = "{% block opener %}\nHi, variant A here.\n{% endblock %}\n"
B_BODY = "{% block opener %}\nHi, variant B here.\n{% endblock %}\n"
URL = "/api/v1/talktracks/inbound/allocation"
LEADS = range(1, 3001)


@pytest.fixture
def inbound(session):
    editing.create_track(session, name="inbound", situation="hand_raiser", body=A_BODY)
    editing.save_version(session, "inbound", B_BODY)
    editing.publish(session, "inbound", 1, variant="A")
    editing.publish(session, "inbound", 2, variant="B")
    session.commit()
    return "inbound"


def outcomes(session, variant: str, total: int, meetings: int) -> None:
    version = {"A": 1, "B": 2}[variant]
    for n in range(total):
        session.add(
            Outcome(
                disposition="meeting_booked" if n < meetings else "voicemail",
                situation="hand_raiser",
                track_name="inbound",
                track_version=version,
                variant=variant,
            )
        )
    session.commit()


def shares(session) -> dict[str, float]:
    session.expire_all()
    return {
        v.label: v.share
        for v in session.scalars(select(TalkTrackVariant).order_by(TalkTrackVariant.label))
    }


def variants_for(session, lead_ids) -> dict[int, str]:
    choices = published_choices(session, ["hand_raiser"])
    return {i: choose_track(choices, i, "hand_raiser", []).variant for i in lead_ids}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"mode": "thompson", "floors": {"A": 60, "B": 50}}, "floors"),  # 110% in all
        ({"mode": "thompson", "floors": {"C": 10}}, "floors"),  # no such variant
        ({"mode": "thompson", "floors": {"A": -5}}, "floors"),
        ({"mode": "thompson", "floors": {"A": "ten"}}, "floors"),
        ({"mode": "bandit"}, "mode"),
        ({"floors": {"A": 10}}, "mode"),
    ],
)
def test_bad_allocations_are_refused_naming_the_field_and_nothing_is_stored(
    client, auth, session, inbound, payload, field
):
    headers = auth("marketing", "maya@example.com")
    response = client.put(URL, json=payload, headers=headers)
    assert response.status_code == 422, response.get_json()
    assert field in str(response.get_json()["errors"])
    session.expire_all()
    assert session.scalar(select(TalkTrack.allocation)) == "weights"
    assert session.scalar(select(TalkTrackAllocation.id)) is None
    assert {v.floor for v in session.scalars(select(TalkTrackVariant))} == {0}


def test_floors_left_out_keep_their_value_and_count_towards_the_total(
    client, auth, session, inbound
):
    headers = auth("marketing", "maya@example.com")
    ok = client.put(URL, json={"mode": "thompson", "floors": {"A": 70}}, headers=headers)
    assert ok.status_code == 200
    refused = client.put(URL, json={"mode": "thompson", "floors": {"B": 40}}, headers=headers)
    assert refused.status_code == 422
    assert "110%" in refused.get_json()["errors"]["floors"][0]


def test_switching_to_thompson_records_an_even_split_then_outcomes_favour_the_better_variant(
    client, auth, session, inbound
):
    headers = auth("marketing", "maya@example.com")
    body = client.put(
        URL, json={"mode": "thompson", "floors": {"A": 10, "B": 10}}, headers=headers
    ).get_json()
    assert body["mode"] == "thompson"
    (first,) = body["history"]
    assert first["reason"] == "mode"
    assert {s["variant"]: s["calls"] for s in first["shares"]} == {"A": 0, "B": 0}
    assert all(0.4 < s["share"] < 0.6 for s in first["shares"])

    outcomes(session, "A", 40, 4)
    outcomes(session, "B", 40, 14)
    track = session.scalar(select(TalkTrack))
    made_at = session.scalar(select(TalkTrackAllocation.computed_at))
    # Within the interval nothing is recomputed; after it, the outcomes are.
    assert (
        reallocate_after_outcome(
            session, "inbound", made_at + timedelta(minutes=5), timedelta(minutes=15)
        )
        is None
    )
    latest = reallocate_after_outcome(
        session, "inbound", made_at + timedelta(minutes=16), timedelta(minutes=15)
    )
    session.commit()
    assert latest is not None and latest.reason == "outcomes"
    split = shares(session)
    assert split["B"] > 0.8 and split["A"] >= 0.10
    assert {s["variant"]: (s["calls"], s["meetings"]) for s in latest.shares} == {
        "A": (40, 4),
        "B": (40, 14),
    }
    history = client.get(URL, headers=headers).get_json()["history"]
    assert [point["reason"] for point in history] == ["mode", "outcomes"]
    # The same outcomes give the same shares: the seed is part of the stored allocation.
    again = reallocate(session, track, "command")
    assert again.shares == latest.shares


def test_a_logged_outcome_recomputes_an_allocation_older_than_the_interval(session, inbound):
    editing.set_allocation(session, "inbound", mode="thompson", floors={"A": 20, "B": 20})
    session.commit()
    session.execute(
        TalkTrackAllocation.__table__.update().values(computed_at=utcnow() - timedelta(hours=1))
    )
    outcomes(session, "B", 30, 12)
    outcomes(session, "A", 30, 1)
    lead = make_lead(session, "joe@example.com", None, [hand_raise(30)])
    brief = build_brief(session, lead)
    session.commit()
    record_outcome(session, brief.brief_id, {"disposition": "meeting_booked"})
    session.commit()
    assert session.query(TalkTrackAllocation).count() == 2
    # A second outcome right away waits for the interval.
    record_outcome(session, brief.brief_id, {"disposition": "connected"})
    session.commit()
    assert session.query(TalkTrackAllocation).count() == 2
    split = shares(session)
    assert split[brief.talk_track["variant"]] is not None
    assert split["B"] > split["A"] >= 0.20


def test_a_lead_keeps_its_variant_within_an_allocation_and_the_split_follows_the_shares(
    session, inbound
):
    editing.set_allocation(session, "inbound", mode="thompson", floors={"A": 10, "B": 10})
    outcomes(session, "A", 40, 4)
    outcomes(session, "B", 40, 14)
    reallocate(session, session.scalar(select(TalkTrack)), "command")
    session.commit()
    first = variants_for(session, LEADS)
    assert variants_for(session, LEADS) == first
    share_b = shares(session)["B"]
    counted = Counter(first.values())["B"] / len(LEADS)
    assert abs(counted - share_b) < 0.03, (counted, share_b)
    # Back to fixed weights: the 50/50 split and hashing of before.
    editing.set_allocation(session, "inbound", mode="weights")
    session.commit()
    assert abs(Counter(variants_for(session, LEADS).values())["B"] / len(LEADS) - 0.5) < 0.04


def test_a_new_allocation_moves_only_the_leads_past_the_boundary(session, inbound):
    editing.set_allocation(session, "inbound", mode="thompson", floors={"A": 10, "B": 10})
    session.commit()
    before = variants_for(session, LEADS)
    before_b = shares(session)["B"]
    outcomes(session, "B", 20, 6)
    outcomes(session, "A", 20, 3)
    reallocate(session, session.scalar(select(TalkTrack)), "command")
    session.commit()
    after = variants_for(session, LEADS)
    moved = sum(before[i] != after[i] for i in LEADS) / len(LEADS)
    assert abs(moved - abs(shares(session)["B"] - before_b)) < 0.03


def test_the_ab_report_shows_the_allocation_history_as_json_table_and_chart(
    client, auth, session, inbound
):
    editing.set_allocation(session, "inbound", mode="thompson", floors={"A": 10, "B": 10})
    outcomes(session, "A", 40, 4)
    outcomes(session, "B", 40, 14)
    reallocate(session, session.scalar(select(TalkTrack)), "command")
    session.commit()
    report = client.get("/api/v1/reports/talktracks", headers=auth("marketing")).get_json()
    (entry,) = report["allocations"]
    assert entry["track_name"] == "inbound" and entry["variants"] == ["A", "B"]
    assert [p["reason"] for p in entry["history"]] == ["mode", "command"]
    make_user(session, "maya@example.com", "marketing")
    login(client, "maya@example.com")
    page = client.get("/reports/talktracks?range=all").text
    assert "Allocation of inbound" in page
    assert 'class="chart allocation-chart"' in page
    assert "recomputed by command" in page and "14/40" in page


def test_the_editor_sets_angles_and_allocation_and_refuses_bad_floors(client, session, inbound):
    make_user(session, "maya@example.com", "marketing")
    login(client, "maya@example.com")
    page = client.get("/talktracks/inbound").text
    token = csrf_from(page)
    assert 'name="angle_A"' in page and 'name="floor_B"' in page
    client.post(
        "/talktracks/inbound/weights",
        data={"csrf_token": token, "weight_A": "100", "weight_B": "100", "angle_B": "ROI angle"},
    )
    refused = client.post(
        "/talktracks/inbound/allocation",
        data={"csrf_token": token, "mode": "thompson", "floor_A": "80", "floor_B": "30"},
        follow_redirects=True,
    )
    assert "at most 100% in all" in refused.text
    session.expire_all()
    assert session.scalar(select(TalkTrack.allocation)) == "weights"
    saved = client.post(
        "/talktracks/inbound/allocation",
        data={"csrf_token": token, "mode": "thompson", "floor_A": "15", "floor_B": "15"},
        follow_redirects=True,
    )
    assert "Thompson sampling" in saved.text and "now 50%" in saved.text
    session.expire_all()
    assert {v.label: (v.angle, v.floor) for v in session.scalars(select(TalkTrackVariant))} == {
        "A": (None, 15),
        "B": ("ROI angle", 15),
    }
