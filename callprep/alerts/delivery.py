"""Delivering a user's alerts: batching into deliveries, sending, retrying, dead letters.

One job per user (``deliver_alerts:<user id>``) does it all, so it is safe to run twice:
1. alerts due now become deliveries, one per channel. In quiet hours they wait for the end;
   within the digest window after the user's last delivery they wait for the window's end
   and then go as ONE digest (the first of a burst goes at once, the rest together);
2. each due delivery is claimed (a lease on ``next_attempt_at``, so two workers never send
   it both), sent outside any transaction, and recorded: sent, or retried after an
   exponential backoff, or after ``ALERT_MAX_ATTEMPTS`` kept as a dead letter.
The job returns when it wants to run again (a deferred alert, a retry), for the runner."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from callprep.accounts.timezones import format_time
from callprep.alerts import channels
from callprep.alerts.compose import AlertText
from callprep.alerts.preferences import preferences_of, quiet_until
from callprep.db import utcnow
from callprep.errors import InvalidInput, NotFound
from callprep.leads.service import MAX_ID
from callprep.models import Alert, AlertDelivery, AlertDeliveryItem, User
from callprep.spoken_time import elapsed

log = logging.getLogger("callprep.alerts")

MAX_BACKOFF_SECONDS = 3600.0


def backoff_seconds(config: Mapping, attempts: int) -> float:
    """After the n-th failed attempt: min backoff x 2^(n-1), at most an hour."""
    return min(config["ALERT_MIN_BACKOFF_SECONDS"] * 2 ** max(0, attempts - 1), MAX_BACKOFF_SECONDS)


def deliver_for_user(
    sessionmaker, user_id: int, config: Mapping, now: datetime | None = None
) -> float | None:
    """Batch and send what is due for ``user_id``; seconds until it is due again (None:
    nothing waits). ``now`` is for tests of quiet hours and digests."""
    fixed_now = now
    with sessionmaker() as session, session.begin():
        batch(session, user_id, config, fixed_now or utcnow())
    with sessionmaker() as session, session.begin():
        due = _due_deliveries(session, user_id, fixed_now or utcnow())
    for delivery_id in due:
        attempt_delivery(sessionmaker, delivery_id, config, fixed_now)
    with sessionmaker() as session:
        return next_due_in(session, user_id, fixed_now or utcnow())


def batch(session: Session, user_id: int, config: Mapping, now: datetime) -> int:
    """Turn the user's due alerts into deliveries; how many deliveries were made."""
    user = session.get(User, user_id, with_for_update=True)  # one batcher per user at a time
    if user is None:
        return 0
    alerts = list(
        session.scalars(
            select(Alert)
            .where(Alert.user_id == user_id, Alert.state == "pending", Alert.deliver_after <= now)
            .order_by(Alert.id)
        )
    )
    if not alerts:
        return 0
    prefs = preferences_of(session, user, bool(config.get("SMTP_HOST")))
    tests = [alert for alert in alerts if alert.reason == "test"]
    real = [alert for alert in alerts if alert.reason != "test"]
    made = sum(_make_deliveries(session, user_id, prefs.channels, [alert]) for alert in tests)
    if not real:
        return made
    if not prefs.enabled or not prefs.channels:
        for alert in real:
            alert.state = "dead"  # nowhere to send it: kept, listed as undelivered
        log.info("%d alerts for user %s have no channel", len(real), user_id)
        return made
    quiet_end = quiet_until(prefs, now)
    if quiet_end is not None:
        for alert in real:
            alert.deliver_after = quiet_end
        return made
    if prefs.digest_seconds:
        last = session.scalar(
            select(func.max(AlertDelivery.created_at))
            .join(AlertDeliveryItem, AlertDeliveryItem.delivery_id == AlertDelivery.id)
            .join(Alert, Alert.id == AlertDeliveryItem.alert_id)
            .where(AlertDelivery.user_id == user_id, Alert.reason != "test")
        )
        window_end = last + timedelta(seconds=prefs.digest_seconds) if last else None
        if window_end is not None and now < window_end:
            for alert in real:
                alert.deliver_after = window_end
            return made
    return made + _make_deliveries(session, user_id, prefs.channels, real)


def _make_deliveries(session: Session, user_id: int, targets, alerts: list[Alert]) -> int:
    for channel in targets:
        delivery = AlertDelivery(
            user_id=user_id,
            channel=channel.kind,
            target=channel.target,
            secret=channel.secret,
            digest=len(alerts) > 1,
            state="pending",
            attempts=0,
            next_attempt_at=utcnow(),
            created_at=utcnow(),
        )
        session.add(delivery)
        session.flush()
        session.add_all(AlertDeliveryItem(delivery_id=delivery.id, alert_id=a.id) for a in alerts)
    for alert in alerts:
        alert.state = "queued" if targets else "dead"
    session.flush()
    return len(targets)


def _due_deliveries(session: Session, user_id: int, now: datetime) -> list[int]:
    return list(
        session.scalars(
            select(AlertDelivery.id)
            .where(
                AlertDelivery.user_id == user_id,
                AlertDelivery.state == "pending",
                AlertDelivery.next_attempt_at <= now,
            )
            .order_by(AlertDelivery.id)
        )
    )


def attempt_delivery(
    sessionmaker, delivery_id: int, config: Mapping, now: datetime | None = None
) -> str:
    """Claim, send and record one delivery: "sent", "retry", "dead" or "skipped"."""
    timeout = config["ALERT_TIMEOUT_SECONDS"]
    claimed_at = now or utcnow()
    with sessionmaker() as session, session.begin():
        # The lease: a second worker finds it not due until this attempt has surely ended.
        lease = claimed_at + timedelta(seconds=timeout * 4 + 30)
        won = session.execute(
            update(AlertDelivery)
            .where(
                AlertDelivery.id == delivery_id,
                AlertDelivery.state == "pending",
                AlertDelivery.next_attempt_at <= claimed_at,
            )
            .values(next_attempt_at=lease)
        ).rowcount
        if not won:
            return "skipped"
        delivery = session.get(AlertDelivery, delivery_id)
        user = session.get(User, delivery.user_id)
        zone = user.time_zone if user else None
        send_args = (delivery.channel, delivery.target, delivery.secret, delivery.id)
        texts = _texts(session, delivery.id, zone, claimed_at)
    try:
        if not texts:
            raise channels.DeliveryFailed("its alerts are gone")
        channels.send(
            *send_args,
            texts,
            timeout=timeout,
            smtp=channels.SmtpSettings.from_config(config),
            private_targets=config.get("ALERT_PRIVATE_TARGETS", False),
        )
        error = None
    except channels.DeliveryFailed as failure:
        error = str(failure)
    return _record(sessionmaker, delivery_id, error, config, now)


def _record(sessionmaker, delivery_id: int, error: str | None, config: Mapping, now) -> str:
    with sessionmaker() as session, session.begin():
        delivery = session.get(AlertDelivery, delivery_id, with_for_update=True)
        if delivery is None:
            return "skipped"  # erased meanwhile
        at = now or utcnow()
        delivery.attempts += 1
        alert_ids = select(AlertDeliveryItem.alert_id).where(
            AlertDeliveryItem.delivery_id == delivery_id
        )
        if error is None:
            delivery.state, delivery.sent_at, delivery.last_error = "sent", at, None
            session.execute(update(Alert).where(Alert.id.in_(alert_ids)).values(state="sent"))
            outcome = "sent"
        elif delivery.attempts >= config["ALERT_MAX_ATTEMPTS"]:
            delivery.state, delivery.last_error = "dead", error[:300]
            delivery.next_attempt_at = at
            session.execute(
                update(Alert)
                .where(Alert.id.in_(alert_ids), Alert.state == "queued")
                .values(state="dead")
            )
            outcome = "dead"
        else:
            delivery.last_error = error[:300]
            delivery.next_attempt_at = at + timedelta(
                seconds=backoff_seconds(config, delivery.attempts)
            )
            outcome = "retry"
        channel, attempts = delivery.channel, delivery.attempts
    log_at = logging.INFO if outcome == "sent" else logging.WARNING
    log.log(
        log_at,
        "alert delivery %s (%s) %s after attempt %d%s",
        delivery_id,
        channel,
        outcome,
        attempts,
        f": {error}" if error else "",
    )
    return outcome


def _texts(session: Session, delivery_id: int, zone: str | None, now: datetime) -> list:
    alerts = session.scalars(
        select(Alert)
        .join(AlertDeliveryItem, AlertDeliveryItem.alert_id == Alert.id)
        .where(AlertDeliveryItem.delivery_id == delivery_id)
        .order_by(Alert.id)
    ).all()
    return [
        AlertText(
            id=alert.id,
            reason=alert.reason,
            lead_id=alert.lead_id,
            title=alert.title,
            opening_line=alert.opening_line,
            why=alert.why,
            deadline=deadline_words(alert, zone, now),
            follow_up_due_at=alert.follow_up_due_at,
            link=alert.link,
        )
        for alert in alerts
    ]


def deadline_words(alert: Alert, zone: str | None, now: datetime) -> str | None:
    """As of sending (an alert held through quiet hours says it is overdue), in the
    recipient's time zone."""
    due = alert.follow_up_due_at
    if due is None:
        return alert.deadline
    when = format_time(due, zone)
    if due > now:
        return f"call within {elapsed(due - now)} (by {when})"
    return f"overdue by {elapsed(now - due)} (was due {when})"


def next_due_in(session: Session, user_id: int, now: datetime) -> float | None:
    moments = [
        session.scalar(
            select(func.min(Alert.deliver_after)).where(
                Alert.user_id == user_id, Alert.state == "pending"
            )
        ),
        session.scalar(
            select(func.min(AlertDelivery.next_attempt_at)).where(
                AlertDelivery.user_id == user_id, AlertDelivery.state == "pending"
            )
        ),
    ]
    found = [moment for moment in moments if moment is not None]
    if not found:
        return None
    return max(0.0, (min(found) - now).total_seconds())


def users_with_due_work(session: Session, now: datetime | None = None) -> list[int]:
    """For the sweep: users with an alert or a delivery due (one lost job delays, never
    loses, an alert)."""
    now = now or utcnow()
    alerts = select(Alert.user_id).where(Alert.state == "pending", Alert.deliver_after <= now)
    deliveries = select(AlertDelivery.user_id).where(
        AlertDelivery.state == "pending", AlertDelivery.next_attempt_at <= now
    )
    return sorted(set(session.scalars(alerts.union(deliveries))))


# ---------------------------------------------------------------- test alerts, dead letters


def create_test_alert(session: Session, user: User, public_url: str) -> Alert:
    """A test alert on the user's channels now (quiet hours and digests do not hold it)."""
    now = utcnow()
    alert = Alert(
        user_id=user.id,
        lead_id=None,
        reason="test",
        trigger_key=f"test:{uuid.uuid4().hex}",
        title="Test alert: this is how a hand-raise will reach you",
        opening_line="Hi Joe, thanks for reaching out about widget ROI - I hear a colleague "
        "referred you. Do you have a few minutes?",
        why="asked for a call back 2 minutes ago",
        deadline=None,
        follow_up_due_at=now + timedelta(hours=1),
        link=f"{public_url}/queue",
        state="pending",
        deliver_after=now,
        created_at=now,
    )
    session.add(alert)
    session.flush()
    return alert


def dead_letters(session: Session, limit: int = 200) -> list[AlertDelivery]:
    return list(
        session.scalars(
            select(AlertDelivery)
            .where(AlertDelivery.state == "dead")
            .order_by(AlertDelivery.id.desc())
            .limit(limit)
        )
    )


def get_delivery(session: Session, delivery_id: int) -> AlertDelivery:
    delivery = session.get(AlertDelivery, delivery_id) if 0 < delivery_id <= MAX_ID else None
    if delivery is None:
        raise NotFound(f"no alert delivery {delivery_id}")
    return delivery


def replay(session: Session, delivery_id: int) -> AlertDelivery:
    """A dead letter back to pending, its attempts reset (flushes; deliver after commit)."""
    delivery = get_delivery(session, delivery_id)
    if delivery.state != "dead":
        raise InvalidInput(
            f"alert delivery {delivery_id} is {delivery.state}, not dead",
            errors={"delivery_id": ["only a dead letter can be replayed"]},
        )
    delivery.state = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    delivery.last_error = None
    session.execute(
        update(Alert)
        .where(
            Alert.id.in_(
                select(AlertDeliveryItem.alert_id).where(
                    AlertDeliveryItem.delivery_id == delivery_id
                )
            ),
            or_(Alert.state == "dead", Alert.state == "queued"),
        )
        .values(state="queued")
    )
    session.flush()
    return delivery


def delivery_view(delivery: AlertDelivery, alert_ids: list[int] | None = None) -> dict[str, Any]:
    """An admin's view: no target address, no text (those are the user's)."""
    return {
        "id": delivery.id,
        "user_id": delivery.user_id,
        "channel": delivery.channel,
        "digest": delivery.digest,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "last_error": delivery.last_error,
        "next_attempt_at": delivery.next_attempt_at,
        "created_at": delivery.created_at,
        "sent_at": delivery.sent_at,
        "alert_ids": alert_ids or [],
    }


def alert_ids_of(session: Session, delivery_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {i: [] for i in delivery_ids}
    if delivery_ids:
        rows = session.execute(
            select(AlertDeliveryItem.delivery_id, AlertDeliveryItem.alert_id)
            .where(AlertDeliveryItem.delivery_id.in_(delivery_ids))
            .order_by(AlertDeliveryItem.alert_id)
        )
        for delivery_id, alert_id in rows:
            found[delivery_id].append(alert_id)
    return found
