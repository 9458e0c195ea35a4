"""The rep's pages through the test client: queue, brief page, evidence, outcome form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from callprep.briefs.brief_page import comment_segments
from callprep.briefs.outcomes import MAX_NOTE_CHARS
from callprep.db import utcnow
from callprep.models import Interaction, LeadFact, Outcome
from tests.support.webtools import csrf_from, download, hand_raise, login, make_lead, make_user

REP = "rita.rep@example.test"
OTHER_REP = "sam.rep@example.test"
HOSTILE = '<script>alert("x")</script> We need <b>widget ROI</b> & "budget" before Q3'


@pytest.fixture
def rep_client(client, session):
    make_user(session, REP, "rep", name="Rita Patel")
    login(client, REP)
    return client


def _queue_names(html: str) -> list[str]:
    return re.findall(r'class="lead-name" href="/leads/\d+">([^<]+)</a>', html)


def test_comment_segments_highlight_clamped_merged_spans():
    text = "My colleague Dana referred me. Budget approved."
    assert comment_segments(text, [(13, 17)]) == [
        ("My colleague ", False),
        ("Dana", True),
        (" referred me. Budget approved.", False),
    ]
    # Overlapping, reversed, out-of-range spans never break the text apart wrongly.
    pieces = comment_segments(text, [(31, 37), (33, 46), (40, 999), (9, 3), (-5, 2)])
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, marked in pieces if marked] == ["My", "Budget approved."]
    assert comment_segments(None, [(0, 3)]) == []


def test_the_queue_lists_only_the_reps_own_leads_best_call_first_with_reasons(rep_client, session):
    now = utcnow()
    make_lead(
        session,
        "jon@example.test",
        REP,
        [download(1, "The Lifecycle of a Widget")],
        now=now,
        first_name="Jon",
        last_name="Baker",
    )
    make_lead(
        session,
        "joe@example.test",
        REP,
        [hand_raise(40)],
        now=now,
        first_name="Joe",
        last_name="Smith",
    )
    make_lead(
        session,
        "late@example.test",
        REP,
        [hand_raise(200)],
        now=now,
        first_name="Lara",
        last_name="Late",
    )
    make_lead(
        session,
        "theirs@example.test",
        OTHER_REP,
        [hand_raise(30)],
        now=now,
        first_name="Not",
        last_name="Mine",
    )
    page = rep_client.get("/queue").text
    # By the priority shown: Joe (95, due in 20 minutes) above Lara (90, overdue).
    assert _queue_names(page) == ["Joe Smith", "Lara Late", "Jon Baker"]
    assert "filled in “Contact Sales” 40 minutes ago — due in 20 minutes" in page
    assert "Overdue by 2 hours" in page
    assert "Not Mine" not in page


def test_the_queue_filters_by_situation_and_overdue(rep_client, session):
    now = utcnow()
    make_lead(
        session, "jon@example.test", REP, [download(1, "Lifecycle")], now=now, first_name="Jon"
    )
    make_lead(session, "joe@example.test", REP, [hand_raise(40)], now=now, first_name="Joe")
    make_lead(session, "late@example.test", REP, [hand_raise(200)], now=now, first_name="Lara")
    assert _queue_names(rep_client.get("/queue?situation=researcher").text) == ["Jon"]
    assert _queue_names(rep_client.get("/queue?overdue=1").text) == ["Lara"]
    empty = rep_client.get("/queue?situation=cold").text
    assert "No leads match these filters." in empty


def test_a_rep_cannot_pick_another_reps_queue(rep_client, session):
    make_lead(session, "theirs@example.test", OTHER_REP, [hand_raise(30)], first_name="Theirs")
    assert _queue_names(rep_client.get(f"/queue?owner_email={OTHER_REP}").text) == []


def test_admin_picks_a_reps_queue(client, session):
    make_user(session, "admin@example.test", "admin")
    make_lead(session, "theirs@example.test", OTHER_REP, [hand_raise(30)], first_name="Theirs")
    make_lead(session, "mine@example.test", REP, [hand_raise(30)], first_name="Mine")
    login(client, "admin@example.test")
    assert sorted(_queue_names(client.get("/queue").text)) == ["Mine", "Theirs"]
    assert _queue_names(client.get(f"/queue?owner_email={OTHER_REP}").text) == ["Theirs"]


def test_a_rep_gets_404_for_another_reps_lead(rep_client, session):
    theirs = make_lead(session, "theirs@example.test", OTHER_REP, [hand_raise(30)])
    response = rep_client.get(f"/leads/{theirs.id}")
    assert response.status_code == 404
    assert "theirs@example.test" not in response.text
    assert rep_client.get("/leads/999999").status_code == 404


def test_the_brief_page_escapes_hostile_comments_and_highlights_fact_spans(rep_client, session):
    lead = make_lead(
        session,
        "joe@example.test",
        REP,
        [hand_raise(40, HOSTILE)],
        first_name='<img src=x onerror="alert(1)">',
    )
    interaction_id = session.scalar(select(Interaction.id).where(Interaction.lead_id == lead.id))
    start = HOSTILE.index("widget ROI")
    session.add(
        LeadFact(
            lead_id=lead.id,
            interaction_id=interaction_id,
            kind="need",
            value="widget ROI",
            start=start,
            end=start + len("widget ROI"),
            occurred_at=utcnow(),
        )
    )
    session.commit()
    page = rep_client.get(f"/leads/{lead.id}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;<mark>widget ROI</mark>&lt;/b&gt;" in page
    assert 'data-evidence="ev-fact-0"' in page and 'id="ev-fact-0"' in page


def test_the_brief_page_puts_the_opening_line_first_with_a_copy_button(rep_client, session):
    lead = make_lead(session, "joe@example.test", REP, [hand_raise(40)], first_name="Joe")
    page = rep_client.get(f"/leads/{lead.id}").text
    opener = page.index('id="opener-text"')
    assert opener < page.index('id="track-title"') < page.index('id="timeline-title"')
    assert 'data-copy="opener-text"' in page
    assert "Joe" in page[opener : opener + 400]


def test_logging_an_outcome_moves_the_lead_off_the_top_of_the_queue(rep_client, session):
    now = utcnow()
    joe = make_lead(session, "joe@example.test", REP, [hand_raise(200)], now=now, first_name="Joe")
    # Ann waited longer (stale, priority 85); Joe (aging, 90) is the better call until called.
    make_lead(session, "ann@example.test", REP, [hand_raise(2000)], now=now, first_name="Ann")
    assert _queue_names(rep_client.get("/queue").text) == ["Joe", "Ann"]
    page = rep_client.get(f"/leads/{joe.id}").text
    brief_id = re.search(r'name="brief_id" value="([^"]+)"', page).group(1)
    response = rep_client.post(
        f"/leads/{joe.id}/outcome",
        data={
            "csrf_token": csrf_from(page),
            "brief_id": brief_id,
            "disposition": "meeting_booked",
            "lead_quality": "ready",
            "note": "Demo on Thursday",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/queue"
    queue = rep_client.get("/queue").text
    assert "Outcome logged for Joe." in queue
    assert _queue_names(queue) == ["Ann", "Joe"]
    outcome = session.query(Outcome).one()
    assert (outcome.brief_id, outcome.disposition, outcome.lead_quality) == (
        brief_id,
        "meeting_booked",
        "ready",
    )
    assert "Last: Meeting booked · Ready" in rep_client.get(f"/leads/{joe.id}").text


def test_an_outcome_form_without_csrf_is_refused(rep_client, session):
    joe = make_lead(session, "joe@example.test", REP, [hand_raise(40)])
    page = rep_client.get(f"/leads/{joe.id}").text
    brief_id = re.search(r'name="brief_id" value="([^"]+)"', page).group(1)
    response = rep_client.post(
        f"/leads/{joe.id}/outcome", data={"brief_id": brief_id, "disposition": "connected"}
    )
    assert response.status_code == 400
    assert session.query(Outcome).count() == 0


def test_an_invalid_outcome_is_explained_and_nothing_is_stored(rep_client, session):
    joe = make_lead(session, "joe@example.test", REP, [hand_raise(40)])
    page = rep_client.get(f"/leads/{joe.id}").text
    brief_id = re.search(r'name="brief_id" value="([^"]+)"', page).group(1)
    response = rep_client.post(
        f"/leads/{joe.id}/outcome",
        data={"csrf_token": csrf_from(page), "brief_id": brief_id, "disposition": "maybe"},
        follow_redirects=True,
    )
    assert "the outcome is not valid: disposition must be one of" in response.text
    assert session.query(Outcome).count() == 0


def test_a_rep_cannot_log_an_outcome_on_another_reps_brief(rep_client, session):
    from callprep.briefs.build import build_brief

    theirs = make_lead(session, "theirs@example.test", OTHER_REP, [hand_raise(40)])
    their_brief = build_brief(session, theirs)
    mine = make_lead(session, "mine@example.test", REP, [hand_raise(40)])
    session.commit()
    page = rep_client.get(f"/leads/{mine.id}").text
    for lead_id in (theirs.id, mine.id):
        response = rep_client.post(
            f"/leads/{lead_id}/outcome",
            data={
                "csrf_token": csrf_from(page),
                "brief_id": their_brief.brief_id,
                "disposition": "connected",
            },
        )
        assert response.status_code == 404
    assert session.query(Outcome).count() == 0


def test_the_queue_pages_through_many_leads_keeping_the_filters(rep_client, session):
    from callprep.leads import service as leads

    for number in range(27):
        leads.create_lead(session, {"email": f"lead{number:02d}@example.test", "owner_email": REP})
    session.commit()
    first = rep_client.get("/queue").text
    assert len(_queue_names(first)) == 25 and "Page 1 of 2" in first
    second = rep_client.get("/queue?page=2").text
    assert len(_queue_names(second)) == 2
    assert 'data-rank="26"' in second and '<td class="rank">26</td>' in second
    assert 'href="/queue?page=1"' in second


def test_the_start_page_sends_each_role_to_its_work(client, session):
    assert client.get("/").headers["Location"] == "/login"
    make_user(session, REP, "rep")
    login(client, REP)
    assert client.get("/").headers["Location"] == "/queue"


def test_the_note_box_holds_what_the_readme_and_the_api_allow(rep_client, session):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    said = re.search(r"the note is at most ([\d,]+) characters", readme).group(1)
    limit = int(said.replace(",", ""))
    assert limit == MAX_NOTE_CHARS
    joe = make_lead(session, "joe@example.test", REP, [hand_raise(40)])
    page = rep_client.get(f"/leads/{joe.id}").text
    box = re.search(r'<textarea id="note" name="note" maxlength="(\d+)"', page)
    assert box.group(1) == str(limit)

    def log(note):
        page = rep_client.get(f"/leads/{joe.id}").text
        brief_id = re.search(r'name="brief_id" value="([^"]+)"', page).group(1)
        data = {"csrf_token": csrf_from(page), "brief_id": brief_id, "disposition": "connected"}
        return rep_client.post(
            f"/leads/{joe.id}/outcome", data={**data, "note": note}, follow_redirects=True
        )

    refused = log("x" * (limit + 1)).text  # a form posted past the box, field named
    assert f"note must be text of at most {limit} characters" in refused
    assert session.query(Outcome).count() == 0
    assert "Outcome logged" in log("x" * limit).text
    session.expire_all()
    assert len(session.scalars(select(Outcome.note)).one()) == limit
