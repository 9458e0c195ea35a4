"""Failed authentications are limited: made-up API keys per address, and failed logins
counted atomically, so simultaneous guesses cannot outrun the limit."""

from __future__ import annotations

import secrets
import threading

from tests.support.webtools import PASSWORD, csrf_from, make_user

REP = "rita.rep@example.test"


def test_random_api_keys_are_rate_limited_per_address(client, auth):
    statuses = [
        client.get(
            "/api/v1/leads", headers={"Authorization": f"Bearer cpk_{secrets.token_hex(8)}"}
        ).status_code
        for _ in range(30)
    ]
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}
    # Another address is not affected.
    other = client.get(
        "/api/v1/leads",
        headers={"Authorization": "Bearer cpk_x"},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert other.status_code == 401


def test_simultaneous_failed_logins_cannot_outrun_the_limit(app, session):
    make_user(session, REP, "rep")
    clients = [app.test_client() for _ in range(10)]
    tokens = [csrf_from(c.get("/login").text) for c in clients]
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def guess(client, token):
        barrier.wait()
        response = client.post(
            "/login", data={"email": REP, "password": "wrong-guess", "csrf_token": token}
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(401) <= 5, statuses
    assert statuses.count(429) >= 5, statuses


def test_a_correct_password_clears_the_accounts_failures(app, session):
    make_user(session, REP, "rep")
    client = app.test_client()
    for _ in range(4):
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"email": REP, "password": "nope", "csrf_token": token})
    token = csrf_from(client.get("/login").text)
    ok = client.post("/login", data={"email": REP, "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302
