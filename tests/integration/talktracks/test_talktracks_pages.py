"""The editor pages through the test client: who may open them, CSRF on every change, and
that saving, previewing and publishing go through the same validation as the API."""

from __future__ import annotations

import pytest

from callprep.trackengine.public import load_track_files
from tests.support.webtools import csrf_from, login, make_user

MARKETING = "maya@example.test"
BODY = "{% block opener %}\nHello from the editor.\n{% endblock %}\n"


@pytest.fixture
def marketing(client, session):
    make_user(session, MARKETING, role="marketing", name="Maya Ortiz")
    login(client, MARKETING)
    return client


def editor_token(client, name: str) -> str:
    return csrf_from(client.get(f"/talktracks/{name}").text)


@pytest.mark.usefixtures("default_tracks")
def test_the_list_shows_the_shipped_tracks_with_status_and_weights(marketing):
    page = marketing.get("/talktracks")
    assert page.status_code == 200
    for track in load_track_files():
        assert track.name in page.text
    assert "Published" in page.text and "100%" in page.text


def test_a_rep_may_not_open_the_editor(client, session):
    make_user(session, "rita@example.test", role="rep")
    login(client, "rita@example.test")
    assert client.get("/talktracks").status_code == 403
    assert client.get("/talktracks/cold-default").status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get("/talktracks")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_create_save_preview_publish_through_the_page(marketing):
    marketing.get("/talktracks")
    token = csrf_from(marketing.get("/talktracks").text)
    created = marketing.post(
        "/talktracks", data={"name": "short", "situation": "cold", "csrf_token": token}
    )
    assert created.status_code == 302 and created.headers["Location"].endswith("/talktracks/short")

    token = editor_token(marketing, "short")
    headers = {"X-CSRFToken": token}
    preview = marketing.post(
        "/talktracks/short/preview", json={"body": BODY, "lead": "minimal"}, headers=headers
    )
    assert preview.status_code == 200, preview.json
    assert preview.json["opening_line"] == "Hello from the editor."

    broken = marketing.post(
        "/talktracks/short/draft", json={"body": "{% block opener %}{{ x }}{% endblock %}"},
        headers=headers,
    )  # fmt: skip
    assert broken.status_code == 422
    assert broken.json["errors"][0]["line"] == 1

    saved = marketing.post(
        "/talktracks/short/draft", json={"body": BODY, "note": "simpler"}, headers=headers
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == 2

    published = marketing.post(
        "/talktracks/short/publish", data={"version": "2", "csrf_token": token}
    )
    assert published.status_code == 302
    page = marketing.get("/talktracks/short")
    assert "Published version 2 as variant A" in page.text
    assert "simpler" in page.text


def test_changes_without_the_csrf_token_are_refused(marketing):
    marketing.get("/talktracks")
    preview = marketing.post("/talktracks/cold-default/preview", json={"body": BODY})
    assert preview.status_code == 400
    draft = marketing.post("/talktracks/cold-default/draft", json={"body": BODY})
    assert draft.status_code == 400
    publish = marketing.post("/talktracks/cold-default/publish", data={"version": "1"})
    assert publish.status_code == 400
    archive = marketing.post("/talktracks/cold-default/archive")
    assert archive.status_code == 400


@pytest.mark.usefixtures("default_tracks")
def test_diff_and_rollback_on_the_page(marketing):
    marketing.get("/talktracks")
    token = editor_token(marketing, "cold-default")
    marketing.post(
        "/talktracks/cold-default/draft", json={"body": BODY}, headers={"X-CSRFToken": token}
    )
    marketing.post("/talktracks/cold-default/publish", data={"version": "2", "csrf_token": token})
    diff = marketing.get("/talktracks/cold-default?version=2&diff=2").text
    assert "Changes from v1 to v2" in diff and "+Hello from the editor." in diff
    marketing.post("/talktracks/cold-default/rollback", data={"variant": "A", "csrf_token": token})
    page = marketing.get("/talktracks/cold-default").text
    assert "Rolled variant A back to version 1" in page


@pytest.mark.usefixtures("default_tracks")
def test_a_bad_weight_is_refused_with_a_message(marketing):
    marketing.get("/talktracks")
    token = editor_token(marketing, "cold-default")
    marketing.post("/talktracks/cold-default/weights", data={"weight_A": "-3", "csrf_token": token})
    assert "a weight is a whole number" in marketing.get("/talktracks/cold-default").text
