"""The brief's "what worked" line, end to end on a real database: said in JSON, text and
HTML when the calls are enough, for the lead's situation and top topic or, saying so, for the
situation alone; absent otherwise; refreshed (and the ETag moved) when outcomes arrive; and
the outcome's topic erased with the lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from callprep.briefs.build import build_brief
from callprep.briefs.outcomes import record_outcome
from callprep.db import utcnow
from callprep.demo import load_demo
from callprep.leads.service import find_lead_by_email
from callprep.models import Outcome
from callprep.privacy.erasure import erase_lead
from callprep.reports import figures as reports
from callprep.talktracks import editing
from callprep.talktracks.store import seed_default_tracks
from callprep.whatworked.service import clear_cache
from tests.support.webtools import hand_raise, make_lead

A_BODY = "{% block opener %}\nHi, thanks for asking about us.\n{% endblock %}\n"
B_BODY = "{% block opener %}\nHi, shall we work out what widgets would save you?\n{% endblock %}\n"
COMMENT = "We need widget pricing for 40 sites before our budget review."


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


def ab_track(session) -> None:
    editing.create_track(session, name="inbound", situation="hand_raiser", body=A_BODY)
    editing.save_version(session, "inbound", B_BODY)
    editing.publish(session, "inbound", 1, variant="A", angle="referral angle")
    editing.publish(session, "inbound", 2, variant="B", angle="ROI angle")
    session.commit()


def calls(session, variant, total, meetings, topic, situation="hand_raiser", demo=False):
    version = {"A": 1, "B": 2}[variant]
    now = utcnow()
    for n in range(total):
        session.add(
            Outcome(
                disposition="meeting_booked" if n < meetings else "no_answer",
                situation=situation,
                track_name="inbound",
                track_version=version,
                variant=variant,
                topic=topic,
                created_at=now - timedelta(days=1, minutes=n),
                demo=demo,
            )
        )
    session.commit()


@pytest.fixture
def joe(session):
    ab_track(session)
    return make_lead(session, "joe@example.com", None, [hand_raise(30, COMMENT)])


def top_topic(session, lead) -> str:
    return build_brief(session, lead, record=False).topics[0]["name"]


def test_the_brief_names_the_opener_that_worked_in_json_text_and_html(session, client, auth, joe):
    topic = top_topic(session, joe)
    calls(session, "A", 40, 4, topic)
    calls(session, "B", 40, 14, topic)
    headers = auth("admin")
    body = client.get(f"/api/v1/leads/{joe.id}/brief", headers=headers).get_json()
    line = body["what_worked"]
    expected = (
        f"Openers with the ROI angle: 14 meetings from 40 calls, 35% ± 14, for hand-raisers "
        f"whose top topic was {topic}; next best 10% from 40 calls."
    )
    assert line["text"] == expected
    assert line["scope"] == "situation_topic" and line["topic"] == topic
    assert line["opener"]["calls"] == 40 and line["opener"]["meetings"] == 14
    low, high = line["opener"]["ci95"]
    assert low < 0.35 < high
    assert line["runner_up"]["angle"] == "referral angle"
    text = client.get(f"/api/v1/leads/{joe.id}/brief?format=text", headers=headers).text
    assert f"WHAT WORKED\n{expected}\n" in text
    html = client.get(
        f"/api/v1/leads/{joe.id}/brief", headers={**headers, "Accept": "text/html"}
    ).text
    assert "<h2>What worked</h2>" in html and "Openers with the ROI angle" in html


def test_without_enough_calls_on_the_topic_it_falls_back_to_the_situation_and_says_so(session, joe):
    topic = top_topic(session, joe)
    calls(session, "A", 40, 4, "something else")
    calls(session, "B", 40, 14, "something else")
    line = build_brief(session, joe, record=False).what_worked
    assert line["scope"] == "situation" and line["topic"] is None
    assert line["text"].startswith("Openers with the ROI angle: 14 meetings from 40 calls")
    assert (
        f"for hand-raisers on any topic (too few calls on {topic} alone to tell)" in (line["text"])
    )


def test_a_close_race_or_too_few_calls_says_nothing(session, client, auth, joe):
    topic = top_topic(session, joe)
    calls(session, "A", 40, 4, topic)
    calls(session, "B", 40, 10, topic)  # ahead, not clearly (p ~ 0.07)
    assert build_brief(session, joe, record=False).what_worked is None
    headers = auth("admin")
    assert (
        client.get(f"/api/v1/leads/{joe.id}/brief", headers=headers).get_json()["what_worked"]
        is None
    )
    text = client.get(f"/api/v1/leads/{joe.id}/brief?format=text", headers=headers).text
    assert "WHAT WORKED" not in text
    # Another situation's calls say nothing about hand-raisers.
    calls(session, "B", 40, 30, topic, situation="researcher")
    assert build_brief(session, joe, record=False).what_worked is None


def test_demo_calls_are_said_to_be_demo_data(session, joe):
    topic = top_topic(session, joe)
    calls(session, "A", 40, 4, topic, demo=True)
    calls(session, "B", 40, 14, topic, demo=True)
    assert build_brief(session, joe, record=False).what_worked["text"].endswith("(demo data).")


def test_new_outcomes_change_the_line_and_move_the_etag(session, client, auth, joe):
    topic = top_topic(session, joe)
    calls(session, "A", 40, 4, topic)
    calls(session, "B", 40, 10, topic)
    headers = auth("admin")
    first = client.get(f"/api/v1/leads/{joe.id}/brief", headers=headers)
    assert first.get_json()["what_worked"] is None
    etag = first.headers["ETag"]
    again = client.get(f"/api/v1/leads/{joe.id}/brief", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304  # nothing changed: the stamp is stable
    calls(session, "B", 1, 0, "unrelated topic", situation="cold")
    still = client.get(f"/api/v1/leads/{joe.id}/brief", headers={**headers, "If-None-Match": etag})
    assert still.status_code == 304  # another situation's call changes no line of this one
    calls(session, "B", 4, 4, topic)  # 14 of 44: now clearly ahead
    fresh = client.get(f"/api/v1/leads/{joe.id}/brief", headers={**headers, "If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.get_json()["what_worked"]["opener"]["meetings"] == 14


def test_renaming_an_angle_shows_in_the_next_brief(session, joe):
    topic = top_topic(session, joe)
    calls(session, "A", 40, 4, topic)
    calls(session, "B", 40, 14, topic)
    assert "ROI angle" in build_brief(session, joe, record=False).what_worked["text"]
    editing.set_angles(session, "inbound", {"B": "savings angle"})
    session.commit()
    assert "savings angle" in build_brief(session, joe, record=False).what_worked["text"]


def test_the_outcome_keeps_the_briefs_top_topic_until_the_lead_is_erased(session, joe):
    brief = build_brief(session, joe)
    session.commit()
    outcome = record_outcome(session, brief.brief_id, {"disposition": "meeting_booked"})
    session.commit()
    assert outcome.topic == brief.topics[0]["name"]
    erase_lead(session, joe, actor_role="admin")
    session.commit()
    kept = session.scalar(select(Outcome))
    assert kept is not None and kept.topic is None and kept.lead_id is None


def test_the_demo_gives_briefs_a_what_worked_line_and_every_report_something(session):
    seed_default_tracks(session)
    load_demo(session)
    session.commit()
    jon = find_lead_by_email(session, "jon.baker@fourthcoffee-foods.example.com")
    line = build_brief(session, jon, record=False).what_worked
    assert line is not None and line["opener"]["angle"] == "ROI angle"
    assert line["text"].endswith("(demo data).")
    report = reports.talktrack_report(session)
    assert report["rows"] and report["ab_tests"] and report["allocations"]
    assert reports.lead_quality_report(session, "campaign")["groups"]
    assert reports.speed_to_lead_report(session)["called"] > 0
