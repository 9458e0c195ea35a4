"""The brief, outcome and queue endpoints: formats, lookup, ETag, CORS, scoping, validation."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from callprep import create_app
from callprep.briefs.records import BRIEF_RECORDS, flush_pending
from callprep.db import utcnow
from callprep.models import BriefRecord, Outcome
from tests.support.briefkit import event, make_lead


def ago(**kwargs):
    # The API briefs the lead as of the real clock.
    return utcnow() - timedelta(**kwargs)


RITA = "rita@example.com"
SAM = "sam@example.com"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> "quoted" & more'


@pytest.fixture
def joe(session):
    return make_lead(
        session,
        email="joe@example.com",
        first_name="Joe",
        company="Acme <Widgets>",
        owner_email=RITA,
        external_ids={"salesforce": "00Q1"},
        events=[
            event("content_download", ago(days=2), "10 Tips for Improving your Widget ROI"),
            event("web_visit", ago(hours=1), "Pricing\r\n\x1b[2J\tpage"),
            event("form_submission", ago(minutes=40), "Contact Sales", comment=HOSTILE),
        ],
    )


def test_the_json_brief_has_the_contract_fields(client, auth, joe):
    response = client.get(f"/api/v1/leads/{joe.id}/brief", headers=auth("admin"))
    assert response.status_code == 200
    brief = response.get_json()
    for key in ("brief_id", "generated_at", "lead", "situation", "freshness", "topics", "facts",
                "opening_line", "talk_track", "interactions", "warnings", "priority"):  # fmt: skip
        assert key in brief
    assert brief["situation"] == "hand_raiser"
    assert brief["lead"]["external_ids"] == {"salesforce": "00Q1"}
    assert set(brief["freshness"]) == {
        "last_interaction_at",
        "hours_since_last",
        "status",
        "follow_up_due_at",
        "overdue",
    }
    assert brief["freshness"]["follow_up_due_at"].endswith("+00:00")
    track = brief["talk_track"]
    assert {"name", "version", "variant", "lines"} <= set(track)
    assert all({"block", "text", "evidence"} <= set(line) for line in track["lines"])
    assert track["lines"][0]["block"] == "opener"
    assert brief["priority"]["reasons"][0].endswith("40 minutes ago")


def test_the_html_brief_is_one_self_contained_page_with_lead_text_escaped(client, auth, joe):
    response = client.get(
        f"/api/v1/leads/{joe.id}/brief", headers={**auth("admin"), "Accept": "text/html"}
    )
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<script" not in page.lower()
    assert "<img" not in page
    assert "&lt;script&gt;" in page
    assert "Acme &lt;Widgets&gt;" in page
    assert "<style>" in page and "<link" not in page
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_the_text_brief_pastes_cleanly_into_a_crm_note(client, auth, joe):
    response = client.get(f"/api/v1/leads/{joe.id}/brief?format=text", headers=auth("admin"))
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    brief = client.get(f"/api/v1/leads/{joe.id}/brief", headers=auth("admin")).get_json()
    assert brief["opening_line"] in text
    assert text.startswith("CALL BRIEF: Joe (Acme <Widgets>)")
    assert "\r" not in text and "\t" not in text and "\x1b" not in text
    assert "web visit: Pricing [2J page" in text
    assert "OPENING LINE" in text and "RECENT ACTIVITY" in text


def test_an_unknown_format_is_a_422_naming_the_field(client, auth, joe):
    response = client.get(f"/api/v1/leads/{joe.id}/brief?format=pdf", headers=auth("admin"))
    assert response.status_code == 422
    assert "format" in json.dumps(response.get_json()["errors"])


def test_crm_buttons_find_the_brief_by_email_or_their_own_id(client, auth, joe):
    headers = auth("integration")
    by_email = client.get("/api/v1/brief?email=JOE@example.com", headers=headers)
    by_crm = client.get(
        "/api/v1/brief?external_system=salesforce&external_id=00Q1&format=text", headers=headers
    )
    assert by_email.status_code == 200 and by_email.get_json()["lead"]["id"] == joe.id
    assert by_crm.status_code == 200 and "Joe" in by_crm.get_data(as_text=True)


def test_a_lookup_without_email_or_external_id_is_refused(client, auth, joe):
    response = client.get("/api/v1/brief", headers=auth("admin"))
    assert response.status_code == 422
    half = client.get("/api/v1/brief?external_system=salesforce", headers=auth("admin"))
    assert half.status_code == 422
    assert "external_id" in json.dumps(half.get_json()["errors"])


def test_an_unknown_lead_is_404(client, auth, joe):
    assert client.get("/api/v1/brief?email=nobody@x.com", headers=auth("admin")).status_code == 404
    unknown = client.get(
        "/api/v1/brief?external_system=salesforce&external_id=nope", headers=auth("admin")
    )
    assert unknown.status_code == 404
    assert client.get("/api/v1/leads/999999/brief", headers=auth("admin")).status_code == 404


def test_another_reps_lead_is_404_with_no_data(client, auth, joe):
    sam = auth("rep", SAM)
    for url in (f"/api/v1/leads/{joe.id}/brief", "/api/v1/brief?email=joe@example.com"):
        response = client.get(url, headers=sam)
        assert response.status_code == 404
        assert "Joe" not in response.get_data(as_text=True)
    by_email = client.get("/api/v1/brief?email=joe@example.com", headers=sam).get_json()
    assert by_email["message"] == "no lead matches"  # not even the lead's id
    assert client.get(f"/api/v1/leads/{joe.id}/brief", headers=auth("rep", RITA)).status_code == 200


def test_etag_gives_304_until_something_shown_changes(client, auth, joe, session):
    headers = auth("admin")
    url = f"/api/v1/leads/{joe.id}/brief"
    first = client.get(url, headers=headers)
    etag = first.headers["ETag"]
    again = client.get(url, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    flush_pending()  # brief records are written in batches, off the request
    recorded = session.scalar(
        select(func.count()).where(
            BriefRecord.lead_id == joe.id,
            BriefRecord.generated_at >= datetime.fromisoformat(first.get_json()["generated_at"]),
        )
    )
    assert recorded == 1  # a 304 shows nothing new, so records nothing
    html = client.get(url, headers={**headers, "Accept": "text/html"}).headers["ETag"]
    assert html != etag
    client.post(
        f"/api/v1/leads/{joe.id}/interactions",
        json=[{"type": "web_visit", "occurred_at": ago(minutes=5).isoformat(), "title": "Docs"}],
        headers=headers,
    )
    changed = client.get(url, headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    etag = changed.headers["ETag"]
    outcome = client.post(
        f"/api/v1/briefs/{changed.get_json()['brief_id']}/outcome",
        json={"disposition": "connected"},
        headers=headers,
    )
    assert outcome.status_code == 201
    assert client.get(url, headers={**headers, "If-None-Match": etag}).status_code == 200


def test_the_etag_moves_with_time_when_the_wording_does(session, joe):
    from callprep.briefs.build import build_brief

    now = ago(minutes=0)
    early = build_brief(session, joe, now, record=False)
    same = build_brief(session, joe, now, record=False)
    later = build_brief(session, joe, ago(minutes=-30), record=False)
    assert early.etag() == same.etag()
    assert early.brief_id != same.brief_id
    assert later.etag() != early.etag()


@pytest.mark.usefixtures("default_tracks")
def test_a_track_version_change_changes_the_etag(client, auth, joe, session):
    from callprep.talktracks.store import add_version, get_track, publish_version

    url = f"/api/v1/leads/{joe.id}/brief"
    first = client.get(url, headers=auth("admin"))
    track = get_track(session, first.get_json()["talk_track"]["name"])
    version = add_version(session, track, "{% block opener %}Hello again.{% endblock %}")
    publish_version(session, track, version.version)
    session.commit()
    second = client.get(url, headers={**auth("admin"), "If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.get_json()["talk_track"]["version"] == version.version


@pytest.fixture
def cors_client(database_url):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "t",
            "CORS_ORIGINS": ["https://crm.example.com"],
        }
    )
    yield app.test_client()
    # Its buffered brief records written (and its flushing thread stopped) while it is open.
    app.extensions[BRIEF_RECORDS].close()
    app.extensions["callprep.engine"].dispose()


def test_cors_allows_the_configured_crm_origin_only(cors_client, auth, joe):
    url = f"/api/v1/leads/{joe.id}/brief"
    allowed = cors_client.get(url, headers={**auth("admin"), "Origin": "https://crm.example.com"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://crm.example.com"
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    refused = cors_client.get(url, headers={**auth("admin"), "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert (
        cors_client.get("/healthz", headers={"Origin": "https://crm.example.com"}).headers.get(
            "Access-Control-Allow-Origin"
        )
        is None
    )


def test_cors_preflight_allows_the_bearer_header(cors_client, joe):
    response = cors_client.options(
        f"/api/v1/leads/{joe.id}/brief",
        headers={
            "Origin": "https://crm.example.com",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://crm.example.com"
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def _brief_id(client, headers, lead_id):
    return client.get(f"/api/v1/leads/{lead_id}/brief", headers=headers).get_json()["brief_id"]


def test_an_outcome_is_tied_to_the_track_the_rep_saw(client, auth, joe, session):
    rita = auth("rep", RITA)
    brief = client.get(f"/api/v1/leads/{joe.id}/brief", headers=rita).get_json()
    response = client.post(
        f"/api/v1/briefs/{brief['brief_id']}/outcome",
        json={"disposition": "meeting_booked", "lead_quality": "ready", "note": "Demo Tuesday"},
        headers=rita,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["track_name"] == brief["talk_track"]["name"]
    assert body["track_version"] == brief["talk_track"]["version"]
    assert body["variant"] == brief["talk_track"]["variant"]
    stored = session.scalar(select(Outcome))
    assert (stored.situation, stored.lead_quality) == ("hand_raiser", "ready")
    after = client.get(f"/api/v1/leads/{joe.id}/brief", headers=rita).get_json()
    assert after["freshness"]["overdue"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "disposition"),
        ({"disposition": "maybe"}, "disposition"),
        ({"disposition": "connected", "lead_quality": "great"}, "lead_quality"),
        ({"disposition": "connected", "note": "x" * 5001}, "note"),
    ],
)
def test_an_invalid_outcome_is_422_naming_the_field(client, auth, joe, payload, field):
    headers = auth("admin")
    response = client.post(
        f"/api/v1/briefs/{_brief_id(client, headers, joe.id)}/outcome",
        json=payload,
        headers=headers,
    )
    assert response.status_code == 422
    assert field in json.dumps(response.get_json()["errors"])


def test_a_rep_cannot_log_an_outcome_on_another_reps_brief(client, auth, joe, session):
    brief_id = _brief_id(client, auth("admin"), joe.id)
    response = client.post(
        f"/api/v1/briefs/{brief_id}/outcome",
        json={"disposition": "connected"},
        headers=auth("rep", SAM),
    )
    assert response.status_code == 404
    assert session.scalar(select(func.count()).select_from(Outcome)) == 0
    unknown = client.post(
        "/api/v1/briefs/not-a-brief/outcome", json={"disposition": "connected"}, headers=auth()
    )
    assert unknown.status_code == 404


def test_the_queue_orders_a_reps_leads_best_call_first(client, auth, session, joe):
    def lead(email, *events, owner=RITA):
        return make_lead(session, email=email, owner_email=owner, events=events).id

    overdue = lead("late@x.com", event("form_submission", ago(hours=3), "Get Pricing"))
    researcher = lead("reader@x.com", event("content_download", ago(hours=30), "Guide"))
    cold = lead("cold@x.com", event("email_open", ago(days=60), "Nurture"))
    lead("other@x.com", event("form_submission", ago(hours=5), "Contact"), owner=SAM)
    rita = auth("rep", RITA)
    response = client.get("/api/v1/queue", headers=rita)
    assert response.status_code == 200
    items = response.get_json()
    # The order follows the priority shown: Joe, due in 20 minutes, outranks a hand-raiser
    # already two hours overdue (issue 11).
    assert [item["lead"]["id"] for item in items] == [joe.id, overdue, researcher, cold]
    scores = [item["priority"]["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert items[1]["priority"]["reasons"][1].startswith("overdue by")
    assert all(item["opening_line"] for item in items)
    assert json.loads(response.headers["X-Pagination"])["total"] == 4
    page = client.get("/api/v1/queue?page=2&page_size=2", headers=rita).get_json()
    assert [item["lead"]["id"] for item in page] == [researcher, cold]
    only_overdue = client.get("/api/v1/queue?overdue=true", headers=rita).get_json()
    assert [item["lead"]["id"] for item in only_overdue] == [overdue]

    brief_id = _brief_id(client, rita, overdue)
    client.post(
        f"/api/v1/briefs/{brief_id}/outcome", json={"disposition": "voicemail"}, headers=rita
    )
    # A voicemail is not a follow-up: the lead is still overdue and keeps its place.
    after = client.get("/api/v1/queue", headers=rita).get_json()
    assert [item["lead"]["id"] for item in after][:2] == [joe.id, overdue]
    assert after[1]["freshness"]["overdue"] is True
    client.post(
        f"/api/v1/briefs/{brief_id}/outcome", json={"disposition": "connected"}, headers=rita
    )
    after = client.get("/api/v1/queue", headers=rita).get_json()
    assert after[0]["lead"]["id"] == joe.id and after[-1]["lead"]["id"] == overdue


def test_admins_choose_whose_queue_and_integrations_have_none(client, auth, joe):
    sams = client.get(f"/api/v1/queue?owner_email={SAM}", headers=auth("admin")).get_json()
    assert sams == []
    ritas = client.get("/api/v1/queue?owner_email=RITA@example.com", headers=auth("marketing"))
    assert [item["lead"]["id"] for item in ritas.get_json()] == [joe.id]
    assert client.get("/api/v1/queue", headers=auth("integration")).status_code == 403
