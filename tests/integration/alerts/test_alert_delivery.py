"""A hand-raise reaches its owner: Slack, Teams, email and the signed webhook, on real local
receivers; once per hand-raise; untrusted words escaped; never inside ingest."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from sqlalchemy import select

from callprep.alerts.preferences import save_preferences
from callprep.jobs.runners import runner_of
from callprep.models import Alert, AlertDelivery, User
from tests.integration.alerts.conftest import (
    hand_raise,
    make_user,
    new_lead,
    post_events,
)


def _channels(http_receiver, user_email=None):
    return [
        {"kind": "slack", "target": http_receiver.url("/slack")},
        {"kind": "teams", "target": http_receiver.url("/teams")},
        {"kind": "webhook", "target": http_receiver.url("/webhook"), "secret": "s" * 32},
        {"kind": "email", "target": user_email or "owner@example.com"},
    ]


def test_a_hand_raise_reaches_its_owner_on_every_channel(
    smtp_app, client, auth, http_receiver, smtp_receiver
):
    owner = make_user(smtp_app, channels=_channels(http_receiver), digest_seconds=0)
    headers = auth("integration")
    lead_id = new_lead(client, headers, owner)
    post_events(client, headers, lead_id, [hand_raise()])

    posts = {item.path: item for item in http_receiver.wait_for(3)}
    assert set(posts) == {"/slack", "/teams", "/webhook"}
    slack = posts["/slack"].json()
    assert slack["text"] == "Hand-raiser: Joe Smith (Acme)"
    shown = json.dumps(slack["blocks"])
    # The brief's opener, from the lead's own comment.
    assert "Opener: Hi Joe" in shown and "widget ROI solution" in shown
    buttons = [b for b in slack["blocks"] if b["type"] == "actions"]
    assert buttons[0]["elements"][0]["url"] == f"http://127.0.0.1:8000/leads/{lead_id}"
    context = [b for b in slack["blocks"] if b["type"] == "context"][0]
    assert "call within" in context["elements"][0]["text"]

    teams = posts["/teams"].json()
    assert teams["type"] == "message"
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    assert card["content"]["actions"][0]["url"].endswith(f"/leads/{lead_id}")

    # The signed webhook, checked by the README's recipe.
    hook = posts["/webhook"]
    timestamp = hook.headers["X-Callprep-Timestamp"]
    expected = hmac.new(b"s" * 32, f"{timestamp}.".encode() + hook.body, hashlib.sha256)
    assert hook.headers["X-Callprep-Signature"] == f"v1={expected.hexdigest()}"
    assert abs(int(timestamp) - time.time()) < 60
    payload = hook.json()
    assert payload["type"] == "alert" and payload["alerts"][0]["lead_id"] == lead_id
    assert payload["alerts"][0]["reason"] == "hand_raise"

    (_at, message, rcpt), *_ = smtp_receiver.wait_for(1)
    assert rcpt == ["owner@example.com"]
    assert message["Subject"] == "[callprep] Hand-raiser: Joe Smith (Acme)"
    body = message.get_content()
    assert "Opener: " in body and f"/leads/{lead_id}" in body and "Deadline: call within" in body


def test_one_hand_raise_alerts_once_and_a_later_one_again(
    app, client, auth, http_receiver, session
):
    owner = make_user(
        app, channels=[{"kind": "slack", "target": http_receiver.url()}], digest_seconds=0
    )
    headers = auth("integration")
    lead_id = new_lead(client, headers, owner)
    post_events(client, headers, lead_id, [hand_raise()])
    assert len(http_receiver.wait_for(1)) == 1
    # More activity of the same hand-raiser, then the same delivery again: no new alert.
    visit = {**hand_raise(), "type": "web_visit", "title": "Pricing", "comment": None}
    post_events(client, headers, lead_id, [visit])
    time.sleep(0.3)
    assert len(http_receiver.received) == 1
    post_events(client, headers, lead_id, [hand_raise(title="Request a demo")])
    assert len(http_receiver.wait_for(2)) == 2
    keys = session.scalars(select(Alert.trigger_key).order_by(Alert.id)).all()
    assert len(keys) == 2 and keys[0] != keys[1]


def test_an_old_hand_raise_imported_today_does_not_alert(app, client, auth, http_receiver):
    from datetime import UTC, datetime, timedelta

    owner = make_user(app, channels=[{"kind": "slack", "target": http_receiver.url()}])
    headers = auth("integration")
    lead_id = new_lead(client, headers, owner)
    post_events(client, headers, lead_id, [hand_raise(datetime.now(UTC) - timedelta(days=3))])
    time.sleep(0.3)
    assert http_receiver.received == []


def test_lead_words_are_escaped_for_each_channel(
    smtp_app, client, auth, http_receiver, smtp_receiver
):
    owner = make_user(smtp_app, channels=_channels(http_receiver), digest_seconds=0)
    headers = auth("integration")
    lead_id = new_lead(
        client, headers, owner, first_name="<!channel>", last_name="*Bold*", company="<b>Co</b>"
    )
    post_events(client, headers, lead_id, [hand_raise(comment="Call me <@U123> [x](http://e.vil)")])
    posts = {item.path: item for item in http_receiver.wait_for(3)}
    slack = posts["/slack"].json()
    assert "<!channel>" not in slack["text"] and "&lt;!channel&gt;" in slack["text"]
    # Blocks carry the words as plain_text: Slack never reads them as mrkdwn or mentions.
    texts = [b["text"] for b in slack["blocks"] if "text" in b]
    assert all(t["type"] == "plain_text" for t in texts)
    card = posts["/teams"].json()["attachments"][0]["content"]
    title = card["body"][0]["text"]
    assert r"\*Bold\*" in title and r"\<b\>" in title
    (_at, message, _rcpt), *_ = smtp_receiver.wait_for(1)
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]


def test_a_lead_without_an_owner_alerts_the_admins_who_asked(app, client, auth, http_receiver):
    asked = make_user(
        app,
        role="admin",
        channels=[{"kind": "slack", "target": http_receiver.url("/asked")}],
        unassigned=True,
    )
    make_user(app, role="admin", channels=[{"kind": "slack", "target": http_receiver.url("/no")}])
    headers = auth("integration")
    lead_id = new_lead(client, headers, None)
    post_events(client, headers, lead_id, [hand_raise()])
    assert [item.path for item in http_receiver.wait_for(1)] == ["/asked"]
    time.sleep(0.2)
    assert len(http_receiver.received) == 1
    assert asked.id


def test_retries_back_off_then_succeed(thread_app, auth, http_receiver, session):
    http_receiver.fail_next = 2
    owner = make_user(thread_app, channels=[{"kind": "slack", "target": http_receiver.url()}])
    client = thread_app.test_client()
    headers = auth("integration")
    lead_id = new_lead(client, headers, owner)
    post_events(client, headers, lead_id, [hand_raise()])
    assert len(http_receiver.wait_for(1, timeout=20)) == 1
    first, second, third = http_receiver.attempts
    # At least 0.3 s after the first failure and 0.6 s after the second (exponential); the
    # upper bound is loose: two shared cores may delay a wake-up, never advance it.
    assert 0.28 <= second - first < 5.0
    assert 0.58 <= third - second < 5.0
    assert runner_of(thread_app).wait_idle(timeout=20)
    delivery = session.scalar(select(AlertDelivery))
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 3, None)


def test_a_hanging_channel_does_not_slow_ingest(thread_app, auth, http_receiver, session):
    http_receiver.hang = 3.0  # longer than ALERT_TIMEOUT_SECONDS (1 s)
    owner = make_user(
        thread_app,
        channels=[{"kind": "slack", "target": http_receiver.url()}],
        digest_seconds=0,
    )
    client = thread_app.test_client()
    headers = auth("integration")
    leads = [new_lead(client, headers, owner) for _ in range(3)]
    timings = []
    for lead_id in leads:
        started = time.monotonic()
        post_events(client, headers, lead_id, [hand_raise()])
        timings.append(time.monotonic() - started)
    assert max(timings) < 1.0, timings
    # Analysis went on beside the hanging deliveries: every lead is analysed and alerted.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        session.expire_all()
        if len(session.scalars(select(Alert)).all()) == 3:
            break
        time.sleep(0.1)
    assert len(session.scalars(select(Alert)).all()) == 3
    failed = session.scalars(select(AlertDelivery.last_error)).all()
    assert failed and all(error is None or "timed out" in error for error in failed)


def test_a_researcher_crossing_the_threshold_alerts_only_when_asked(
    app, client, auth, http_receiver, monkeypatch
):
    from datetime import UTC, datetime, timedelta

    asked = make_user(
        app,
        channels=[{"kind": "slack", "target": http_receiver.url("/asked")}],
        priority_alerts=True,
        digest_seconds=0,
    )
    not_asked = make_user(app, channels=[{"kind": "slack", "target": http_receiver.url("/no")}])
    headers = auth("integration")
    now = datetime.now(UTC)
    downloads = [
        {
            "type": "content_download",
            "occurred_at": (now - timedelta(hours=hours)).isoformat(),
            "title": title,
            "source": "website",
            "external_id": f"dl-{title}-{hours}",
        }
        for hours, title in ((30, "10 Tips for Improving your Widget ROI"),
                             (2, "The Lifecycle of a Widget"))
    ]  # fmt: skip
    off = new_lead(client, headers, asked)
    post_events(client, headers, off, downloads[:1])
    time.sleep(0.2)
    assert http_receiver.received == []  # the threshold is off by default

    monkeypatch.setitem(app.config, "ALERT_PRIORITY_THRESHOLD", 30)
    researchers = {}
    for owner in (asked, not_asked):
        researchers[owner.id] = new_lead(client, headers, owner, email=f"jon{owner.id}@x.com")
        post_events(client, headers, researchers[owner.id], downloads)
    (received,) = http_receiver.wait_for(1)
    assert received.path == "/asked"
    assert received.json()["text"].startswith("High-priority researcher: ")
    # The same researcher again in the research window: no second alert.
    again = {**downloads[1], "external_id": "dl-again"}
    post_events(client, headers, researchers[asked.id], [again])
    time.sleep(0.2)
    assert len(http_receiver.received) == 1


def test_an_unowned_lead_alerts_the_reps_of_its_routing_pool_who_asked(
    app, client, auth, http_receiver
):
    """Routing leaves the lead in the "inbound" pool: the reps who see that unassigned queue
    and asked for unowned leads are told; a rep of another pool is not."""
    sessionmaker = app.extensions["callprep.sessionmaker"]
    urls = {}
    for pool in ("inbound", "partners"):
        rep = make_user(app, role="rep")
        with sessionmaker() as session, session.begin():
            user = session.get(User, rep.id)
            user.routing_pool = pool
            save_preferences(
                session,
                user,
                {"channels": [{"kind": "slack", "target": http_receiver.url(f"/{pool}")}],
                 "unassigned": True},
            )  # fmt: skip
        urls[pool] = f"/{pool}"
    admin = auth("admin")
    rule = {"kind": "fallback", "pool": "inbound"}
    assert client.post("/api/v1/routing/rules", json=rule, headers=admin).status_code == 201
    headers = auth("integration")
    lead_id = new_lead(client, headers, None)
    post_events(client, headers, lead_id, [hand_raise()])
    assert [item.path for item in http_receiver.wait_for(1)] == ["/inbound"]
    time.sleep(0.2)
    assert len(http_receiver.received) == 1


def test_only_those_who_see_the_unassigned_queue_may_ask_for_its_alerts(app, client, make_key):
    rep = make_user(app, role="rep")
    key = make_key("rep", rep.email)
    refused = client.put(
        "/api/v1/me/alerts",
        json={"channels": [{"kind": "slack", "target": "https://hooks.slack.com/services/x"}],
              "unassigned": True},
        headers={"Authorization": f"Bearer {key}"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "unassigned" in refused.get_json()["errors"]
