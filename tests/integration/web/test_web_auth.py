"""Web login: sessions, cookies, CSRF, failed-login limits and role checks, via the test client."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from callprep.web.login import FAILED_LOGINS_PER_ACCOUNT
from tests.support.webtools import PASSWORD, csrf_from, login, make_user

ACCOUNT_LIMIT = int(FAILED_LOGINS_PER_ACCOUNT.split()[0])


def _session_cookie(response) -> SimpleCookie:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("callprep_session="):
            cookie = SimpleCookie()
            cookie.load(header)
            return cookie
    raise AssertionError("no session cookie was set")


def _cookie_flags(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if "callprep_session=" in h)


@pytest.fixture
def rep(session):
    return make_user(session, "rita.rep@example.test", "rep", name="Rita Patel")


def test_login_page_has_labelled_fields_and_a_csrf_token(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert '<label for="email">' in page.text and '<label for="password">' in page.text
    assert csrf_from(page.text)


def test_a_wrong_password_says_so_and_starts_no_session(client, rep):
    response = login(client, rep.email, "not-the-password")
    assert response.status_code == 401
    assert "That email and password do not match an account." in response.text
    assert client.get("/queue").status_code == 302


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, rep):
    unknown = login(client, "nobody@example.test", "whatever-123")
    wrong = login(client, rep.email, "whatever-123")
    assert unknown.status_code == wrong.status_code == 401
    assert "do not match an account" in unknown.text


def test_a_rep_who_logs_in_lands_on_the_queue(client, rep):
    response = login(client, rep.email.upper())
    assert response.status_code == 302
    assert response.headers["Location"] == "/queue"
    queue = client.get("/queue")
    assert queue.status_code == 200 and "Rita Patel" in queue.text


def test_marketing_lands_on_the_reports(client, session):
    make_user(session, "maya@example.test", "marketing")
    assert login(client, "maya@example.test").headers["Location"] == "/reports"


def test_the_session_cookie_is_httponly_samesite_lax_and_short_lived(client, rep):
    flags = _cookie_flags(login(client, rep.email)).lower()
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "expires=" in flags


def test_the_cookie_is_secure_except_on_plain_http_to_this_machine(app, rep):
    local = app.test_client()  # http://localhost
    assert "secure" not in _cookie_flags(login(local, rep.email)).lower()
    public = app.test_client()
    public.get("/login", base_url="http://callprep.example.com")
    token = csrf_from(public.get("/login", base_url="http://callprep.example.com").text)
    response = public.post(
        "/login",
        base_url="http://callprep.example.com",
        data={"email": rep.email, "password": PASSWORD, "csrf_token": token},
    )
    assert "; secure" in _cookie_flags(response).lower()


def test_secure_cookies_can_be_forced_on(app, rep, monkeypatch):
    monkeypatch.setitem(app.config, "SECURE_COOKIES", "always")
    assert "; secure" in _cookie_flags(login(app.test_client(), rep.email)).lower()


def test_login_rotates_the_session_so_a_planted_cookie_is_worthless(app, client, rep):
    before = _session_cookie(client.get("/login"))["callprep_session"].value
    after = _session_cookie(login(client, rep.email))["callprep_session"].value
    assert before != after
    # The pre-login cookie (and its CSRF token) opens nothing.
    stranger = app.test_client()
    stranger.set_cookie("callprep_session", before)
    assert stranger.get("/queue").status_code == 302


def test_logout_ends_the_session_on_the_server_too(app, client, rep):
    cookie = _session_cookie(login(client, rep.email))["callprep_session"].value
    token = csrf_from(client.get("/queue").text)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/queue").status_code == 302
    # A copy of the cookie taken before logout no longer works either.
    thief = app.test_client()
    thief.set_cookie("callprep_session", cookie)
    assert thief.get("/queue").status_code == 302


def test_a_post_without_a_csrf_token_is_refused(client, rep):
    response = client.post("/login", data={"email": rep.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.text
    login(client, rep.email)
    assert client.post("/logout").status_code == 400
    assert client.get("/queue").status_code == 200  # still logged in


def test_the_json_api_needs_no_csrf_token(client, auth):
    response = client.post("/api/v1/leads", json={"email": "x@example.test"}, headers=auth())
    assert response.status_code == 201


def test_repeated_failed_logins_for_one_account_are_stopped(client, rep):
    for _ in range(ACCOUNT_LIMIT):
        assert login(client, rep.email, "wrong-password").status_code == 401
    blocked = login(client, rep.email, PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many failed logins" in blocked.text
    # Another account from the same address is not locked by this one's failures.
    make_user_session = client.application.extensions["callprep.sessionmaker"]()
    make_user(make_user_session, "sam.rep@example.test", "rep")
    make_user_session.close()
    assert login(client, "sam.rep@example.test").status_code == 302


def test_many_failed_logins_from_one_address_are_stopped(client, rep):
    for number in range(20):
        assert login(client, f"guess{number}@example.test", "wrong-password").status_code == 401
    assert login(client, rep.email, PASSWORD).status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(app, rep):
    for _ in range(ACCOUNT_LIMIT + 2):
        assert login(app.test_client(), rep.email).status_code == 302


def test_pages_send_anonymous_visitors_to_login_and_back(client, rep):
    response = client.get("/queue?situation=hand_raiser")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    token = csrf_from(client.get(response.headers["Location"]).text)
    back = client.post(
        "/login",
        data={
            "email": rep.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/queue?situation=hand_raiser",
        },
    )
    assert back.headers["Location"] == "/queue?situation=hand_raiser"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_login_never_redirects_off_site(client, rep, target):
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": rep.email, "password": PASSWORD, "csrf_token": token, "next": target},
    )
    assert response.headers["Location"] == "/queue"


def test_reps_get_403_on_report_pages_and_the_reports_api(client, rep, auth):
    login(client, rep.email)
    assert client.get("/reports/talktracks").status_code == 403
    api = client.get("/api/v1/reports/talktracks", headers=auth("rep", "other.rep@example.test"))
    assert api.status_code == 403


def test_navigation_is_role_aware(client, session, rep):
    login(client, rep.email)
    page = client.get("/queue").text
    assert ">Queue<" in page and ">Reports<" not in page and ">Talk tracks<" not in page
    make_user(session, "maya@example.test", "marketing")
    other = client.application.test_client()
    login(other, "maya@example.test")
    page = other.get("/reports/talktracks").text
    assert ">Reports<" in page and ">Talk tracks<" in page


def test_a_deactivated_user_is_logged_out_at_the_next_page(client, session, rep):
    login(client, rep.email)
    rep.active = False
    session.commit()
    assert client.get("/queue").status_code == 302


def test_limits_count_api_keys_by_hash_and_everyone_else_by_address(app):
    from callprep.security import outside_the_api
    from callprep.security import rate_limit_key as client_key

    with app.test_request_context("/api/v1/leads", headers={"Authorization": "Bearer cpk_x_y"}):
        key = client_key()
        assert key.startswith("key:") and "cpk_x_y" not in key
        assert not outside_the_api()
    with app.test_request_context("/login", environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        assert client_key() == "ip:10.1.2.3"
        assert outside_the_api()


def test_forms_work_over_https_where_the_csrf_check_wants_a_same_site_referrer(app, rep):
    client = app.test_client()
    base = "https://callprep.example.com"
    page = client.get("/login", base_url=base)
    assert page.headers["Referrer-Policy"] == "same-origin"
    data = {"email": rep.email, "password": PASSWORD, "csrf_token": csrf_from(page.text)}
    refused = client.post("/login", base_url=base, data=data)  # no Referer at all
    assert refused.status_code == 400
    accepted = client.post("/login", base_url=base, data=data, headers={"Referer": f"{base}/login"})
    assert accepted.status_code == 302
    assert "; secure" in _cookie_flags(accepted).lower()
