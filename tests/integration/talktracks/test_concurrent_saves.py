"""Talk-track saves are optimistic: simultaneous saves never 500, and a save made from a
stale version (base_version or If-Match) is a 409/412 carrying the other person's change."""

from __future__ import annotations

import threading

import pytest

from tests.integration.talktracks.test_talktracks_api import BETTER, GOOD, MARKETING, URL, create


@pytest.fixture
def marketing(auth):
    return auth("marketing", MARKETING)


def _eight_at_once(app, headers, payload_for):
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def save(n: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.put(f"{URL}/inbound", json=payload_for(n), headers=headers)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_eight_simultaneous_saves_never_500(app, client, marketing):
    assert create(client, marketing).status_code == 201
    statuses = _eight_at_once(
        app, marketing, lambda n: {"body": BETTER.replace("touch", f"touch {n}")}
    )
    assert 500 not in statuses and set(statuses) <= {200, 409}, statuses
    versions = client.get(f"{URL}/inbound/versions", headers=marketing).get_json()
    numbers = [v["version"] for v in versions]
    assert len(numbers) == len(set(numbers)) == 1 + statuses.count(200)


def test_eight_saves_from_the_same_version_one_wins_the_rest_get_409(app, client, marketing):
    assert create(client, marketing).status_code == 201
    statuses = _eight_at_once(
        app,
        marketing,
        lambda n: {"body": BETTER.replace("touch", f"touch {n}"), "base_version": 1},
    )
    assert sorted(statuses) == [200] + [409] * 7, statuses


def test_a_stale_base_version_is_409_with_the_other_persons_change(client, marketing, auth):
    create(client, marketing)
    other = auth("marketing", "omar@example.com")
    fixed = client.put(
        f"{URL}/inbound", json={"body": BETTER, "note": "fix", "base_version": 1}, headers=other
    )
    assert fixed.status_code == 200
    stale = client.put(
        f"{URL}/inbound", json={"body": GOOD + "\n", "base_version": 1}, headers=marketing
    )
    assert stale.status_code == 409
    current = stale.get_json()["current"]
    assert current["version"] == 2 and current["body"] == BETTER and current["note"] == "fix"
    assert current["author"] == "omar@example.com"
    assert len(client.get(f"{URL}/inbound/versions", headers=marketing).get_json()) == 2


def test_if_match_is_honoured(client, marketing):
    create(client, marketing)
    etag = client.get(f"{URL}/inbound", headers=marketing).headers["ETag"]
    first = client.put(
        f"{URL}/inbound", json={"body": BETTER}, headers={**marketing, "If-Match": etag}
    )
    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    stale = client.put(
        f"{URL}/inbound", json={"body": GOOD + "\n"}, headers={**marketing, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.get_json()["current"]["version"] == 2
    fresh = client.put(
        f"{URL}/inbound",
        json={"body": GOOD + "\n"},
        headers={**marketing, "If-Match": first.headers["ETag"]},
    )
    assert fresh.status_code == 200


def test_the_editor_page_gets_the_other_persons_change(client, session, default_tracks):
    from tests.support.webtools import csrf_from, login, make_user

    make_user(session, "maya@example.test", role="marketing", name="Maya Ortiz")
    login(client, "maya@example.test")
    client.get("/talktracks")
    page = client.get("/talktracks/cold-default")
    assert 'data-base-version="1"' in page.text
    headers = {"X-CSRFToken": csrf_from(page.text)}
    body = "{% block opener %}\nHello from the editor.\n{% endblock %}\n"
    first = client.post(
        "/talktracks/cold-default/draft", json={"body": body, "base_version": 1}, headers=headers
    )
    assert first.status_code == 200
    stale = client.post(
        "/talktracks/cold-default/draft",
        json={"body": body + "\n", "base_version": 1},
        headers=headers,
    )
    assert stale.status_code == 409
    assert stale.json["current"]["body"] == body
