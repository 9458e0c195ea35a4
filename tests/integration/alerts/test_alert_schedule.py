"""When alerts go: quiet hours hold them in the user's time zone, a burst is one digest, a
delivery that keeps failing is a dead letter an admin lists and replays (API and CLI)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from callprep.alerts.delivery import deliver_for_user
from callprep.alerts.preferences import Preferences, quiet_until
from callprep.jobs.runners import runner_of
from callprep.models import Alert, AlertDelivery, AlertDeliveryItem
from tests.integration.alerts.conftest import hand_raise, make_user, new_lead, post_events


def _slack(receiver):
    return [{"kind": "slack", "target": receiver.url()}]


def test_quiet_hours_hold_an_alert_until_they_end_in_the_users_zone(
    app, client, auth, http_receiver, session
):
    zone = "America/New_York"
    local = datetime.now(ZoneInfo(zone))
    start = (local - timedelta(hours=1)).strftime("%H:%M")
    end = (local + timedelta(hours=1)).strftime("%H:%M")
    owner = make_user(
        app, zone=zone, channels=_slack(http_receiver), quiet_hours={"start": start, "end": end}
    )
    headers = auth("integration")
    post_events(client, headers, new_lead(client, headers, owner), [hand_raise()])
    time.sleep(0.3)
    assert http_receiver.received == []
    alert = session.scalar(select(Alert))
    assert alert.state == "pending"
    ends = alert.deliver_after.astimezone(ZoneInfo(zone))
    assert ends.strftime("%H:%M") == end and ends > local
    sessionmaker = app.extensions["callprep.sessionmaker"]
    # Still quiet a minute before the end; sent when it is over.
    assert (
        deliver_for_user(
            sessionmaker, owner.id, app.config, alert.deliver_after - timedelta(minutes=1)
        )
        == 60.0
    )
    assert http_receiver.received == []
    deliver_for_user(sessionmaker, owner.id, app.config, alert.deliver_after + timedelta(seconds=1))
    assert len(http_receiver.wait_for(1)) == 1


def test_quiet_hours_across_midnight_and_daylight_saving():
    prefs = Preferences(quiet_start="22:00", quiet_end="07:00", time_zone="Europe/Berlin")
    # 23:30 in Berlin on the night the clocks go back (2026-10-25): quiet until 07:00 CET.
    late = datetime(2026, 10, 24, 21, 30, tzinfo=UTC)
    assert quiet_until(prefs, late) == datetime(2026, 10, 25, 6, 0, tzinfo=UTC)
    early = datetime(2026, 10, 25, 5, 0, tzinfo=UTC)  # 06:00 CET
    assert quiet_until(prefs, early) == datetime(2026, 10, 25, 6, 0, tzinfo=UTC)
    assert quiet_until(prefs, datetime(2026, 10, 25, 12, 0, tzinfo=UTC)) is None


def test_a_burst_of_hand_raises_is_one_alert_then_one_digest(
    app, client, auth, http_receiver, session
):
    owner = make_user(app, channels=_slack(http_receiver), digest_seconds=30)
    headers = auth("integration")
    for _ in range(8):
        post_events(client, headers, new_lead(client, headers, owner), [hand_raise()])
    assert len(http_receiver.wait_for(1)) == 1
    time.sleep(0.2)
    assert len(http_receiver.received) == 1  # the other seven wait for the digest window
    sessionmaker = app.extensions["callprep.sessionmaker"]
    later = datetime.now(UTC) + timedelta(seconds=31)
    assert deliver_for_user(sessionmaker, owner.id, app.config, later) is None
    first, digest = http_receiver.wait_for(2)
    assert first.json()["text"].startswith("Hand-raiser: ")
    message = digest.json()
    assert message["text"].startswith("7 new alerts: ")
    assert message["blocks"][0]["text"]["text"] == "7 new alerts"
    assert sum(1 for b in message["blocks"] if b["type"] == "actions") == 7
    assert session.scalar(select(func.count()).select_from(AlertDelivery)) == 2
    assert session.scalar(select(func.count()).select_from(AlertDeliveryItem)) == 8


def test_a_dead_letter_is_listed_and_replayed(database_url, thread_app, auth, http_receiver):
    thread_app.config["ALERT_MAX_ATTEMPTS"] = 3
    thread_app.config["ALERT_MIN_BACKOFF_SECONDS"] = 0.05
    http_receiver.fail_next = 3
    owner = make_user(thread_app, channels=_slack(http_receiver))
    client = thread_app.test_client()
    headers = auth("integration")
    lead_id = new_lead(client, headers, owner)
    post_events(client, headers, lead_id, [hand_raise()])
    admin = auth("admin")
    deadline = time.monotonic() + 20
    letters = []
    while time.monotonic() < deadline and not letters:
        letters = client.get("/api/v1/alerts/dead-letters", headers=admin).get_json()
        time.sleep(0.1)
    assert len(letters) == 1
    letter = letters[0]
    assert (letter["channel"], letter["state"], letter["attempts"]) == ("slack", "dead", 3)
    assert letter["last_error"] == "HTTP 500" and "target" not in letter
    assert http_receiver.received == []

    # The CLI lists the same dead letter.
    listed = _cli(database_url, "alerts", "dead-letters")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\t")[:4] == [str(letter["id"]), "slack", str(owner.id), "3"]

    assert (
        client.get("/api/v1/alerts/dead-letters", headers=auth("rep", "r@example.com")).status_code
        == 403
    )
    missing = client.post("/api/v1/alerts/dead-letters/999999/replay", headers=admin)
    assert missing.status_code == 404
    replayed = client.post(f"/api/v1/alerts/dead-letters/{letter['id']}/replay", headers=admin)
    assert replayed.status_code == 202, replayed.get_json()
    assert len(http_receiver.wait_for(1)) == 1
    assert runner_of(thread_app).wait_idle(timeout=20)
    assert client.get("/api/v1/alerts/dead-letters", headers=admin).get_json() == []
    again = client.post(f"/api/v1/alerts/dead-letters/{letter['id']}/replay", headers=admin)
    assert again.status_code == 422  # sent: not a dead letter any more


def test_the_cli_replays_a_dead_letter(database_url, app, auth, client, http_receiver):
    app.config["ALERT_MAX_ATTEMPTS"], saved = 1, app.config["ALERT_MAX_ATTEMPTS"]
    try:
        http_receiver.fail_next = 1
        owner = make_user(app, channels=_slack(http_receiver))
        headers = auth("integration")
        post_events(client, headers, new_lead(client, headers, owner), [hand_raise()])
    finally:
        app.config["ALERT_MAX_ATTEMPTS"] = saved
    (letter,) = client.get("/api/v1/alerts/dead-letters", headers=auth("admin")).get_json()
    replayed = _cli(database_url, "alerts", "replay", str(letter["id"]))
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1 alert deliveries" in replayed.stderr
    assert len(http_receiver.wait_for(1)) == 1
    unknown = _cli(database_url, "alerts", "replay", "424242")
    assert unknown.returncode != 0 and "no alert delivery 424242" in unknown.stderr


def _cli(database_url, *args):
    return subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args],
        env={**os.environ, "CALLPREP_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
