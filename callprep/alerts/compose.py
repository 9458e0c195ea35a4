"""The alert's words and each channel's message shape, from stored alerts (plain values).

Lead-written words (a quoted comment in the opener, a name) are untrusted: Slack gets them as
``plain_text`` blocks and an escaped fallback, Teams with its markdown characters escaped,
email with no line breaks or control characters in the subject, and the signed webhook as
JSON values."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

SUBJECT_LIMIT = 150
SLACK_TEXT_LIMIT = 2900  # a section's text may hold 3000 characters
DIGEST_SHOWN = 20
# Slack takes 50 blocks a message: a heading, four per alert, and the "more" line.
SLACK_SHOWN = 11

REASON_WORDS = {
    "hand_raise": "Hand-raiser",
    "priority": "High-priority researcher",
    "test": "Test alert",
}


@dataclass(frozen=True)
class AlertText:
    """One alert as a channel shows it."""

    id: int
    reason: str
    lead_id: int | None
    title: str
    opening_line: str
    why: str
    deadline: str | None
    follow_up_due_at: datetime | None
    link: str

    def as_json(self) -> dict[str, Any]:
        return {
            "alert_id": self.id,
            "reason": self.reason,
            "lead_id": self.lead_id,
            "title": self.title,
            "opening_line": self.opening_line,
            "why": self.why,
            "deadline": self.deadline,
            "follow_up_due_at": (
                self.follow_up_due_at.isoformat() if self.follow_up_due_at else None
            ),
            "link": self.link,
        }


def headline(alerts: Sequence[AlertText]) -> str:
    if len(alerts) == 1:
        return alerts[0].title
    return f"{len(alerts)} new alerts: {', '.join(a.title for a in alerts[:3])}" + (
        ", ..." if len(alerts) > 3 else ""
    )


def plain_text(alerts: Sequence[AlertText]) -> str:
    """The text/plain body (email), also the webhook's ``text``."""
    blocks = []
    for alert in alerts[:DIGEST_SHOWN]:
        lines = [alert.title]
        if alert.opening_line:
            lines.append(f"Opener: {alert.opening_line}")
        if alert.why:
            lines.append(f"Why: {alert.why}")
        if alert.deadline:
            lines.append(f"Deadline: {alert.deadline}")
        lines.append(f"Brief: {alert.link}")
        blocks.append("\n".join(lines))
    if len(alerts) > DIGEST_SHOWN:
        blocks.append(f"... and {len(alerts) - DIGEST_SHOWN} more in your queue.")
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------- Slack


def slack_escape(text: str) -> str:
    """Slack's three control characters (mrkdwn and the fallback ``text``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(alerts: Sequence[AlertText]) -> dict[str, Any]:
    """An incoming-webhook message: ``text`` (notifications, fallback) and ``blocks``."""
    blocks: list[dict[str, Any]] = []
    if len(alerts) > 1:
        blocks.append(_slack_plain("header", f"{len(alerts)} new alerts"))
    for alert in alerts[:SLACK_SHOWN]:
        blocks.append(_slack_plain("header", alert.title[:150]))
        if alert.opening_line:
            blocks.append(_slack_section(f"Opener: {alert.opening_line}"))
        facts = [part for part in (alert.why, alert.deadline) if part]
        if facts:
            blocks.append(
                {"type": "context", "elements": [_plain(" — ".join(facts)[:SLACK_TEXT_LIMIT])]}
            )
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": _plain("Open the brief"),
                        "url": alert.link,
                        "action_id": f"open_brief_{alert.id}",
                    }
                ],
            }
        )
    if len(alerts) > SLACK_SHOWN:
        more = f"... and {len(alerts) - SLACK_SHOWN} more in your queue."
        blocks.append({"type": "context", "elements": [_plain(more)]})
    return {"text": slack_escape(headline(alerts)), "blocks": blocks}


def _plain(text: str) -> dict[str, Any]:
    # plain_text is never read as mrkdwn: a lead's "*free*" or "<!channel>" stays words.
    return {"type": "plain_text", "text": text or " ", "emoji": False}


def _slack_plain(kind: str, text: str) -> dict[str, Any]:
    return {"type": kind, "text": _plain(text)}


def _slack_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _plain(text[:SLACK_TEXT_LIMIT])}


# ---------------------------------------------------------------- Microsoft Teams

# What starts formatting, a link or a tag in a card's markdown (not "." or "(" in plain words).
_TEAMS_MARKDOWN = re.compile(r"([\\`*_~\[\]<>])")


def teams_escape(text: str) -> str:
    """Markdown characters escaped, so a lead's words show as written (no links, no bold)."""
    return _TEAMS_MARKDOWN.sub(r"\\\1", text)


def teams_message(alerts: Sequence[AlertText]) -> dict[str, Any]:
    """An Adaptive Card in a message envelope, as Teams incoming webhooks and Workflows
    accept it."""
    body: list[dict[str, Any]] = []
    if len(alerts) > 1:
        body.append(_block(f"{len(alerts)} new alerts", size="Large", weight="Bolder"))
    actions = []
    for alert in alerts[:DIGEST_SHOWN]:
        body.append(_block(teams_escape(alert.title), size="Medium", weight="Bolder"))
        if alert.opening_line:
            body.append(_block(teams_escape(alert.opening_line)))
        facts = [
            {"title": name, "value": teams_escape(value)}
            for name, value in (("Why", alert.why), ("Deadline", alert.deadline))
            if value
        ]
        if facts:
            body.append({"type": "FactSet", "facts": facts})
        actions.append({"type": "Action.OpenUrl", "title": "Open the brief", "url": alert.link})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": actions[:5],
    }
    return {
        "type": "message",
        "summary": headline(alerts)[:200],
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def _block(text: str, **style: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


# ---------------------------------------------------------------- email and webhook


def header_safe(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """One line of printable text: no CR/LF (header injection), no control characters."""
    cleaned = "".join(" " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in text)
    cleaned = " ".join(cleaned.split())
    return cleaned[: limit - 1] + "…" if len(cleaned) > limit else cleaned


def email_message(alerts: Sequence[AlertText], sender: str, recipient: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = header_safe(f"[callprep] {headline(alerts)}")
    message["From"] = sender
    message["To"] = recipient
    message.set_content(plain_text(alerts))
    return message


def webhook_body(delivery_id: int, alerts: Sequence[AlertText], sent_at: datetime) -> bytes:
    """The signed webhook's JSON body (its bytes are what is signed)."""
    payload = {
        "type": "digest" if len(alerts) > 1 else "alert",
        "delivery_id": delivery_id,
        "sent_at": sent_at.isoformat(),
        "text": plain_text(alerts),
        "alerts": [alert.as_json() for alert in alerts],
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
