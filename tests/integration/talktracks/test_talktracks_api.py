"""The talk-track API: create, draft versions, validate, preview, publish, roll back, weights,
archive, diff, and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

URL = "/api/v1/talktracks"
MARKETING = "maya.marketing@example.com"

GOOD = """{% set name = lead|first_name_or("there") %}
{% block opener %}
Hi {{ name }}, thanks for reaching out.
{% endblock %}
{% block questions %}
What prompted you to get in touch?
{% endblock %}
"""
BETTER = GOOD.replace("thanks for reaching out", "thanks for getting in touch")


@pytest.fixture
def marketing(auth):
    return auth("marketing", MARKETING)


def create(client, headers, name="inbound", body=GOOD, situation="hand_raiser", **more):
    payload = {"name": name, "situation": situation, "body": body, **more}
    return client.post(URL, json=payload, headers=headers)


def test_marketing_creates_a_track_as_a_draft_version_1(client, marketing):
    response = create(client, marketing, topics=["widget ROI"], description="Inbound", note="v1")
    assert response.status_code == 201, response.json
    track = response.json
    assert track["name"] == "inbound"
    assert track["status"] == "draft"
    assert track["latest_version"] == 1
    assert track["has_unpublished_changes"] is True
    assert track["topics"] == ["widget ROI"]
    assert track["body"] == GOOD
    versions = client.get(f"{URL}/inbound/versions", headers=marketing).json
    assert [(v["version"], v["author"], v["note"]) for v in versions] == [(1, MARKETING, "v1")]


def test_put_saves_a_new_draft_and_publish_makes_it_live(client, marketing, auth):
    create(client, marketing)
    saved = client.put(f"{URL}/inbound", json={"body": BETTER, "note": "warmer"}, headers=marketing)
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == 2
    published = client.post(f"{URL}/inbound/publish", json={"version": 2}, headers=marketing)
    assert published.status_code == 200, published.json
    assert published.json["status"] == "published"
    assert published.json["variants"][0]["label"] == "A"
    assert published.json["variants"][0]["version"] == 2
    assert published.json["variants"][0]["published_by"] == MARKETING
    rep_view = client.get(f"{URL}/inbound", headers=auth("rep", "rita@example.com"))
    assert rep_view.status_code == 200
    assert rep_view.json["body"] == BETTER
    assert rep_view.json["has_unpublished_changes"] is False


def test_rollback_publishes_what_was_live_before(client, marketing):
    create(client, marketing)
    client.post(f"{URL}/inbound/publish", json={"version": 1}, headers=marketing)
    client.put(f"{URL}/inbound", json={"body": BETTER}, headers=marketing)
    client.post(f"{URL}/inbound/publish", json={"version": 2}, headers=marketing)
    rolled = client.post(f"{URL}/inbound/rollback", json={}, headers=marketing)
    assert rolled.status_code == 200, rolled.json
    assert rolled.json["variants"][0]["version"] == 1
    history = client.get(f"{URL}/inbound/history", headers=marketing).json
    assert [(h["action"], h["version"]) for h in history] == [
        ("rollback", 1),
        ("publish", 2),
        ("publish", 1),
    ]


def test_rollback_of_an_unpublished_track_is_refused(client, marketing):
    create(client, marketing)
    response = client.post(f"{URL}/inbound/rollback", json={}, headers=marketing)
    assert response.status_code == 422
    assert "not published" in response.json["message"]


def test_diff_shows_the_changed_line(client, marketing):
    create(client, marketing)
    client.put(f"{URL}/inbound", json={"body": BETTER}, headers=marketing)
    diff = client.get(f"{URL}/inbound/diff?from=1&to=2", headers=marketing).json["diff"]
    assert "-Hi {{ name }}, thanks for reaching out." in diff
    assert "+Hi {{ name }}, thanks for getting in touch." in diff
    same = client.get(f"{URL}/inbound/diff?from=2&to=2", headers=marketing).json["diff"]
    assert same == ""
    missing = client.get(f"{URL}/inbound/diff?from=1&to=9", headers=marketing)
    assert missing.status_code == 404


def test_weights_split_published_variants_and_zero_pauses(client, marketing):
    create(client, marketing)
    client.put(f"{URL}/inbound", json={"body": BETTER}, headers=marketing)
    client.post(f"{URL}/inbound/publish", json={"version": 1}, headers=marketing)
    both = client.post(
        f"{URL}/inbound/publish",
        json={"version": 2, "variant": "B", "weight": 30},
        headers=marketing,
    )
    assert [(v["label"], v["version"], v["weight"]) for v in both.json["variants"]] == [
        ("A", 1, 100),
        ("B", 2, 30),
    ]
    weights = client.put(
        f"{URL}/inbound/variants", json={"weights": {"A": 0, "B": 50}}, headers=marketing
    )
    assert weights.status_code == 200, weights.json
    assert [(v["label"], v["weight"]) for v in weights.json] == [("A", 0), ("B", 50)]
    unknown = client.put(f"{URL}/inbound/variants", json={"weights": {"C": 5}}, headers=marketing)
    assert unknown.status_code == 422
    paused = client.put(
        f"{URL}/inbound/variants", json={"weights": {"A": 0, "B": 0}}, headers=marketing
    )
    assert client.get(f"{URL}/inbound", headers=marketing).json["status"] == "paused", paused.json


def test_archive_hides_a_track_from_the_list_of_live_tracks_and_blocks_publishing(
    client, marketing
):
    create(client, marketing)
    archived = client.post(f"{URL}/inbound/archive", headers=marketing)
    assert archived.json["status"] == "archived"
    live = client.get(f"{URL}?include_archived=false", headers=marketing).json
    assert "inbound" not in [t["name"] for t in live]
    refused = client.post(f"{URL}/inbound/publish", json={"version": 1}, headers=marketing)
    assert refused.status_code == 409
    back = client.post(f"{URL}/inbound/unarchive", headers=marketing)
    assert back.json["status"] == "draft"


def test_list_filters_by_situation(client, marketing):
    create(client, marketing)
    create(client, marketing, name="cold-call", situation="cold")
    names = [t["name"] for t in client.get(f"{URL}?situation=cold", headers=marketing).json]
    assert names == ["cold-call"]


# -- bad input -----------------------------------------------------------------------------


def test_unknown_track_is_404_everywhere(client, marketing):
    assert client.get(f"{URL}/nope", headers=marketing).status_code == 404
    assert client.get(f"{URL}/nope/versions", headers=marketing).status_code == 404
    assert client.put(f"{URL}/nope", json={"body": GOOD}, headers=marketing).status_code == 404
    published = client.post(f"{URL}/nope/publish", json={"version": 1}, headers=marketing)
    assert published.status_code == 404


def test_duplicate_name_is_409(client, marketing):
    assert create(client, marketing).status_code == 201
    again = create(client, marketing)
    assert again.status_code == 409
    assert again.json["errors"] == {"name": ["already exists"]}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"situation": "hot"}, "situation"),
        ({"name": "Has Spaces"}, "name"),
        ({"name": "preview"}, "name"),
        ({"body": ""}, "body"),
    ],
)
def test_bad_fields_are_422_naming_the_field(client, marketing, change, field):
    response = create(client, marketing, **change)
    assert response.status_code == 422
    assert field in str(response.json["errors"])


def test_publishing_an_unknown_version_is_404(client, marketing):
    create(client, marketing)
    response = client.post(f"{URL}/inbound/publish", json={"version": 7}, headers=marketing)
    assert response.status_code == 404
    assert "no version 7" in response.json["message"]
    bad = client.post(f"{URL}/inbound/publish", json={"version": 0}, headers=marketing)
    assert bad.status_code == 422


@pytest.mark.parametrize("role", ["rep", "integration"])
def test_only_marketing_and_admin_write(client, auth, marketing, role):
    create(client, marketing)
    headers = auth(role, "rita@example.com" if role == "rep" else None)
    assert create(client, headers, name="mine").status_code == 403
    assert client.put(f"{URL}/inbound", json={"body": GOOD}, headers=headers).status_code == 403
    publish = client.post(f"{URL}/inbound/publish", json={"version": 1}, headers=headers)
    assert publish.status_code == 403
    preview = client.post(f"{URL}/preview", json={"body": GOOD}, headers=headers)
    assert preview.status_code == 403
    assert client.get(f"{URL}/inbound", headers=headers).status_code == 200


def test_admin_writes_too(client, auth):
    assert create(client, auth("admin")).status_code == 201


def test_no_key_is_401(client):
    assert client.get(URL).status_code == 401


# -- validation at save ---------------------------------------------------------------------


def test_a_body_that_fails_for_a_sample_lead_is_never_saved(client, marketing):
    create(client, marketing)
    # Prints None for a lead without a first name: fails the minimal sample lead's render.
    body = "{% block opener %}\nHi {{ lead.first_name }}!\n{% endblock %}\n"
    response = client.put(f"{URL}/inbound", json={"body": body}, headers=marketing)
    assert response.status_code == 422
    [error] = response.json["errors"]
    assert error["line"] == 2
    assert "None" in error["message"] and "minimal sample lead" in error["message"]
    assert client.get(f"{URL}/inbound", headers=marketing).json["latest_version"] == 1


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("{% block opener %}\nHi {{ lead.nickname }}\n{% endblock %}", 2, "no attribute"),
        ("{% block opener %}\n\nHi {{ who }}\n{% endblock %}", 3, "unknown variable 'who'"),
        ("{% block opener %}\nHi {% if %}\n{% endblock %}", 2, "Expected an expression"),
        ("{% block intro %}Hi{% endblock %}", 1, "block opener"),
        ("{% block opener %}\n{% include 'x' %}\n{% endblock %}", 2, "include"),
        ("{% block opener %}Hi {{ name|shout }}{% endblock %}", 1, "shout"),
    ],
)
def test_validate_reports_line_column_and_message(client, marketing, body, line, fragment):
    response = client.post(
        f"{URL}/validate", json={"body": body, "situation": "researcher"}, headers=marketing
    )
    assert response.status_code == 422
    errors = response.json["errors"]
    assert errors and set(errors[0]) == {"line", "column", "message"}
    assert errors[0]["line"] == line
    assert fragment.lower() in " ".join(e["message"] for e in errors).lower()


def test_validate_accepts_every_shipped_track(client, marketing):
    from callprep.trackengine.public import load_track_files

    for track in load_track_files():
        response = client.post(
            f"{URL}/validate",
            json={"body": track.body, "situation": track.meta["situation"]},
            headers=marketing,
        )
        assert response.status_code == 200, (track.name, response.json)
        assert response.json == {"valid": True, "errors": []}


# -- preview --------------------------------------------------------------------------------


@pytest.fixture
def joe(client, auth):
    """A hand-raiser with a referral, a need and a timeline, stored through the API."""
    writer = auth("integration")
    lead = client.post(
        "/api/v1/leads",
        json={"email": "joe@contoso.example", "first_name": "Joe", "owner_email": "rita@ex.com"},
        headers=writer,
    ).json
    when = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    items = [
        {
            "type": "form_submission",
            "occurred_at": when,
            "title": "Contact Sales",
            "comment": "My colleague Dana Whitfield referred me. We need a widget ROI solution "
            "before Q3.",
            "source": "marketo",
            "external_id": "f-1",
        }
    ]
    created = client.post(f"/api/v1/leads/{lead['id']}/interactions", json=items, headers=writer)
    assert created.status_code == 201, created.json
    return {"id": lead["id"], "form_id": created.json["items"][0]["id"]}


def test_preview_against_a_lead_shows_lines_with_their_evidence(client, marketing, joe):
    body = (
        '{% set name = lead|first_name_or("there") %}\n{% block opener %}\nHi {{ name }}.\n'
        "{% for f in forms if f.title %}You filled in {{ f.title }}.{% endfor %}\n{% endblock %}\n"
    )
    response = client.post(
        f"{URL}/preview", json={"body": body, "lead_id": joe["id"]}, headers=marketing
    )
    assert response.status_code == 200, response.json
    result = response.json
    assert result["situation"] == "hand_raiser"
    assert result["opening_line"] == "Hi Joe. You filled in Contact Sales."
    assert result["lines"][0]["evidence"] == [joe["form_id"]]
    assert result["evidence"][0]["title"] == "Contact Sales"


def test_preview_of_an_unknown_lead_is_404(client, marketing):
    response = client.post(f"{URL}/preview", json={"body": GOOD, "lead_id": 999}, headers=marketing)
    assert response.status_code == 404


def test_preview_against_a_sample_lead(client, marketing):
    response = client.post(
        f"{URL}/preview",
        json={"body": GOOD, "sample": "rich", "situation": "researcher"},
        headers=marketing,
    )
    assert response.status_code == 200, response.json
    assert response.json["opening_line"] == "Hi Joe, thanks for reaching out."
    assert response.json["sample"] == "rich"


def test_preview_refuses_a_broken_body_with_its_line(client, marketing, joe):
    body = "{% block opener %}\nHi\n{{ lead.company.upper() }}\n{% endblock %}"
    response = client.post(
        f"{URL}/preview", json={"body": body, "lead_id": joe["id"]}, headers=marketing
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["line"] == 3


def test_published_wording_reaches_the_reps_brief(client, marketing, joe, auth):
    client.post(
        URL,
        json={"name": "inbound", "situation": "hand_raiser", "body": BETTER},
        headers=marketing,
    )
    client.post(f"{URL}/inbound/publish", json={"version": 1}, headers=marketing)
    brief = client.get(f"/api/v1/leads/{joe['id']}/brief", headers=auth("rep", "rita@ex.com"))
    assert brief.status_code == 200, brief.json
    assert brief.json["opening_line"] == "Hi Joe, thanks for getting in touch."
    assert brief.json["talk_track"]["name"] == "inbound"


def test_reference_lists_variables_and_filters(client, auth):
    reference = client.get(f"{URL}/reference", headers=auth("rep", "rita@example.com")).json
    assert "lead" in reference["variables"]
    assert "join_and" in reference["filters"]
    assert "opener" in reference["blocks"]


def test_seeding_updates_untouched_defaults_and_leaves_marketings_tracks_alone(session, tmp_path):
    from callprep.talktracks import store as talktracks
    from callprep.trackengine.public import DEFAULT_TRACKS_DIR

    talktracks.seed_default_tracks(session)
    shipped = (DEFAULT_TRACKS_DIR / "cold-default.j2").read_text()
    newer = shipped.replace("{% block opener %}", "{% block opener %}\n{# reworded #}", 1)
    (tmp_path / "cold-default.j2").write_text(newer)

    assert talktracks.seed_default_tracks(session, tmp_path) == 1
    track = talktracks.get_track(session, "cold-default")
    latest = max(track_versions(session, track), key=lambda v: v.version)
    assert "reworded" in latest.body
    assert talktracks.seed_default_tracks(session, tmp_path) == 0  # idempotent

    talktracks.add_version(session, track, latest.body + "\n", author="maya@example.com")
    (tmp_path / "cold-default.j2").write_text(shipped)
    assert talktracks.seed_default_tracks(session, tmp_path) == 0  # marketing owns it now


def track_versions(session, track):
    from sqlalchemy import select

    from callprep.models import TalkTrackVersion

    return session.scalars(
        select(TalkTrackVersion).where(TalkTrackVersion.track_id == track.id)
    ).all()
