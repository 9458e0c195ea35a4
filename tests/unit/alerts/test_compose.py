"""The alert's shapes: within each channel's limits, untrusted words kept as words."""

from __future__ import annotations

from datetime import UTC, datetime

from callprep.alerts.compose import (
    AlertText,
    email_message,
    header_safe,
    slack_escape,
    slack_message,
    teams_escape,
    teams_message,
)


def _alert(number: int, title: str = "Hand-raiser: Joe Smith (Acme)") -> AlertText:
    return AlertText(
        id=number,
        reason="hand_raise",
        lead_id=number,
        title=title,
        opening_line="Hi Joe, you mentioned you need a widget ROI solution.",
        why="asked for a call back 3 minutes ago",
        deadline="call within 57 minutes",
        follow_up_due_at=datetime(2026, 12, 1, 16, 0, tzinfo=UTC),
        link=f"http://127.0.0.1:8000/leads/{number}",
    )


def test_a_big_digest_stays_within_slacks_fifty_blocks_and_says_how_many_more():
    message = slack_message([_alert(n) for n in range(1, 31)])
    assert len(message["blocks"]) <= 50
    assert message["blocks"][0]["text"]["text"] == "30 new alerts"
    assert message["blocks"][-1]["elements"][0]["text"] == "... and 19 more in your queue."


def test_slack_and_teams_escapes_keep_lead_words_as_words():
    assert slack_escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert teams_escape("*free* [x](http://e.vil) <b>") == r"\*free\* \[x\](http://e.vil) \<b\>"
    assert teams_escape("Acme (EU) 3.5") == "Acme (EU) 3.5"
    card = teams_message([_alert(1)])["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and card["actions"][0]["type"] == "Action.OpenUrl"


def test_an_email_subject_is_one_line_of_printable_text():
    assert header_safe("Joe\r\nBcc: evil@example.com\x00") == "Joe Bcc: evil@example.com"
    assert len(header_safe("x" * 500)) == 150
    message = email_message([_alert(1, "Hand-raiser: Joe\r\nBcc: evil@example.com")],
                            "callprep@localhost", "rep@example.com")  # fmt: skip
    assert "\n" not in message["Subject"] and message["Bcc"] is None
    assert message.get_content_type() == "text/plain"
