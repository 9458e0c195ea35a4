"""What every API request pays before its own work: the key check (a short cache) and the rate
limit (in-process counters without a timer thread), and that both still do their job."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import update

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.db import utcnow
from callprep.extensions import limiter
from callprep.models import ApiKey
from callprep.security import ProcessCounters, limiter_storage_uri
from tests.support.statements import statements_of


def _statements(engine, action) -> list[str]:
    return statements_of(engine, action)[1]


def _app(database_url: str, **settings):
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": "test", **settings}
    )


def _revoke_elsewhere(session, key: str) -> None:
    """What `callprep keys revoke` in another process does: the row changes, this process's
    caches are not told."""
    session.execute(
        update(ApiKey).where(ApiKey.prefix == key.split("_")[1]).values(revoked_at=utcnow())
    )
    session.commit()


def test_a_known_key_is_checked_once_then_costs_no_statement(database_url, make_key):
    app = _app(database_url, API_KEY_CACHE_SECONDS=60)
    try:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {make_key('rep', 'rep@example.com')}"}
        own_engine = app.extensions["callprep.engine"]
        first = _statements(own_engine, lambda: client.get("/api/v1/leads", headers=headers))
        again = _statements(own_engine, lambda: client.get("/api/v1/leads", headers=headers))
    finally:
        app.extensions["callprep.engine"].dispose()
    key_reads = [s for s in first if "api_keys" in s]
    assert key_reads, "the first request looks its key up"
    assert not [s for s in again if "api_keys" in s or "FROM users" in s]
    assert len(again) < len(first)


def test_a_key_revoked_elsewhere_stops_working_within_the_cache_time(
    database_url, make_key, session
):
    app = _app(database_url, API_KEY_CACHE_SECONDS=1)
    try:
        client = app.test_client()
        key = make_key("admin")
        headers = {"Authorization": f"Bearer {key}"}
        assert client.get("/api/v1/leads", headers=headers).status_code == 200
        _revoke_elsewhere(session, key)
        # Within the second it is still trusted (the documented cost of the cache) ...
        assert client.get("/api/v1/leads", headers=headers).status_code == 200
        time.sleep(1.1)
        # ... and then refused.
        assert client.get("/api/v1/leads", headers=headers).status_code == 401
    finally:
        app.extensions["callprep.engine"].dispose()


def test_without_the_cache_a_revoked_key_is_refused_at_once(database_url, make_key, session):
    app = _app(database_url, API_KEY_CACHE_SECONDS=0)
    try:
        client = app.test_client()
        key = make_key("admin")
        headers = {"Authorization": f"Bearer {key}"}
        assert client.get("/api/v1/leads", headers=headers).status_code == 200
        _revoke_elsewhere(session, key)
        assert client.get("/api/v1/leads", headers=headers).status_code == 401
    finally:
        app.extensions["callprep.engine"].dispose()


def test_a_key_revoked_in_this_process_is_refused_at_once_despite_the_cache(
    database_url, make_key, session
):
    app = _app(database_url, API_KEY_CACHE_SECONDS=300)
    try:
        client = app.test_client()
        key = make_key("admin")
        headers = {"Authorization": f"Bearer {key}"}
        assert client.get("/api/v1/leads", headers=headers).status_code == 200
        accounts.revoke_api_key(session, key.split("_")[1])
        session.commit()
        assert client.get("/api/v1/leads", headers=headers).status_code == 401
    finally:
        app.extensions["callprep.engine"].dispose()


def test_an_unknown_key_is_never_cached_and_still_counts_as_a_failure(client, engine):
    headers = {"Authorization": "Bearer cpk_00000000_" + "a" * 43}
    for _ in range(3):
        reads = _statements(
            engine,
            lambda: client.get("/api/v1/leads", headers=headers),
        )
        assert [s for s in reads if "api_keys" in s]


def test_memory_storage_is_the_timer_free_counter_and_still_limits(database_url, make_key):
    app = _app(database_url, RATELIMIT_DEFAULT="3 per minute")
    try:
        assert isinstance(limiter.storage, ProcessCounters)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {make_key('admin')}"}
        statuses = [client.get("/api/v1/leads", headers=headers).status_code for _ in range(4)]
        limited = client.get("/api/v1/leads", headers=headers)
    finally:
        app.extensions["callprep.engine"].dispose()
    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert limited.headers["Retry-After"]
    assert limited.get_json()["code"] == 429


def test_counting_starts_no_thread_and_windows_reset_and_are_swept():
    counters = ProcessCounters("callprep+memory://")
    timer = counters.timer
    before = threading.active_count()
    assert [counters.incr("a", 0.2) for _ in range(5)] == [1, 2, 3, 4, 5]
    # limits' MemoryStorage replaces (and starts) its timer on a count once the last has run.
    time.sleep(0.05)
    counters.incr("a", 0.2)
    assert counters.timer is timer
    assert threading.active_count() <= before
    time.sleep(0.25)
    assert counters.get("a") == 0
    assert counters.incr("a", 0.2) == 1  # a new window
    assert counters.decr("a") == 0
    counters.incr("gone", 0.01)
    time.sleep(0.02)
    counters._next_sweep = 0  # the minute has passed
    counters.incr("other", 10)
    assert "gone" not in counters.storage and "gone" not in counters.expirations


@pytest.mark.parametrize("configured", ["memory://", "redis://127.0.0.1:6379/12"])
def test_only_memory_is_replaced(configured):
    expected = "callprep+memory://" if configured == "memory://" else configured
    assert limiter_storage_uri(configured) == expected
