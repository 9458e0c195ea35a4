"""The editor's syntax errors: in plain words, at the line where the mistake is."""

from __future__ import annotations

import pytest

from callprep.trackengine.validate import validate_track

OPENER = "{% block opener %}\nHi {{ lead.first_name }}.\n{% endblock %}\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            OPENER + "\n{% block questions %}\nHow are you?\n{% endblock %}\n"
            "{% if lead.company\nAre you the right person?\n{% endif %}\n",
            8,
            "{% if lead.company is not closed: end it with %}",
        ),
        (
            "{% block opener %}\nHi {{ lead.first_name\n there\n{% endblock %}\n",
            2,
            "{{ lead.first_name is not closed: end it with }}",
        ),
        (
            "{% block opener %}\nHi\n{% if lead.company %}\nthere\n{% endblock %}\n",
            3,
            "{% if lead.company %} is never closed: add {% endif %} before the {% endblock %} "
            "on line 5",
        ),
        (
            "{% block opener %}\nHi\n{% endif %}\n{% endblock %}\n",
            3,
            "{% endif %} closes an if that was never opened",
        ),
        (
            "{% block opener %}\nHi\n",
            1,
            "{% block opener %} is never closed: add {% endblock %} where this block should end",
        ),
        (
            "{% block opener %}\nHi {{ lead.first_name|shout }}\n{% endblock %}\n",
            2,
            "there is no filter |shout: the ones you can use are listed under Filters in the "
            "reference",
        ),
        (
            "{% block opener %}\nHi {{ lead.first_name ! }}\n{% endblock %}\n",
            2,
            "the character '!' cannot be used inside {{ }} or {% %}",
        ),
        (
            "{% block opener %}\nHi {% %}\n{% endblock %}\n",
            2,
            "{% must be followed by a tag such as if, for, set or block",
        ),
    ],
)
def test_syntax_errors_are_said_plainly_at_the_line_of_the_mistake(body, line, message):
    errors = validate_track(body, [])
    assert errors == [{"line": line, "column": None, "message": message}]


def test_the_issue_example_a_tag_broken_on_line_8_is_reported_at_line_8():
    lines = [
        "{% block opener %}",
        "Hi {{ lead.first_name }}.",
        "{% endblock %}",
        "{% block questions %}",
        "What prompted you to reach out?",
        "{% endblock %}",
        "{% block next_step %}",
        "{% if lead.company %}{{ lead.company }}{% endif %} {% if facts.timeline",
        "Are you the right person to talk to?",
        "{% endblock %}",
    ]
    errors = validate_track("\n".join(lines) + "\n", [])
    assert errors[0]["line"] == 8
    assert errors[0]["message"] == "{% if facts.timeline is not closed: end it with %}"
    assert "expected token" not in errors[0]["message"]
