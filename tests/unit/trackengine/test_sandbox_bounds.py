"""Every string-producing method the sandbox allows is bounded (an allow-list with size
checks, not a list of the ones seen), internal objects never print as their reprs, and an
integer literal Python cannot even read is a validation error, not a 500 at save."""

from __future__ import annotations

import time

import pytest

from callprep.trackengine.public import TrackRenderError, render_track, validate_track
from tests.unit.trackengine.test_rendering_contexts import jon_context

SECONDS = 2.0


def opener(text: str) -> str:
    return "{% block opener %}" + text + "{% endblock %}"


AMPLIFIERS = {
    "translate_table": "{{ ('a' * 5000).translate({97: 'b' * 5000}) }}",
    "zfill": "{{ 'x'.zfill(10**8) }}",
    "rjust": "{{ 'x'.rjust(10**8) }}",
    "center_fill": "{{ 'x'.center(60000, '-') }}",
    "format_map_width": "{{ '{a:>99999999}'.format_map({'a': 1}) }}",
    "encode": "{{ ('x' * 40000).encode('utf-16') }}",
    "expandtabs": "{{ ('\\t' * 1000).expandtabs(1000) }}",
    "upper_of_big": "{{ ('ß' * 40000).upper()|length }}",
    "percent_repr": "{{ '%s' % range }}",
    "percent_view": "{{ '%s' % lead }}",
    "string_filter_function": "{{ range|string }}",
    "string_filter_view": "{{ lead|string }}",
    "concat_function": "{{ range ~ '' }}",
    "format_function": "{{ '{}'.format(range) }}",
    "join_views": "{{ [lead, lead]|join(', ') }}",
    "huge_int_literal": "{{ " + "9" * 5000 + " }}",
    "big_int_literal": "{{ " + "9" * 2000 + " }}",
}


@pytest.mark.parametrize("body", AMPLIFIERS.values(), ids=AMPLIFIERS.keys())
def test_amplifiers_and_reprs_are_refused_at_validation_quickly(body):
    started = time.monotonic()
    errors = validate_track(opener(body), [jon_context()])
    assert time.monotonic() - started < SECONDS
    assert errors, "validation accepted it"


@pytest.mark.parametrize("body", AMPLIFIERS.values(), ids=AMPLIFIERS.keys())
def test_amplifiers_never_render(body):
    started = time.monotonic()
    with pytest.raises(TrackRenderError):
        track = render_track(opener(body), jon_context())
        # Rendered (the branch not taken): it must not have printed an object.
        text = track.opening_line or ""
        assert "<" not in text and "View(" not in text
        raise TrackRenderError("rendered harmlessly")
    assert time.monotonic() - started < SECONDS


@pytest.mark.parametrize(
    "body, expected",
    [
        ("{{ 'hi'.upper() }}", "HI"),
        ("{{ 'a-b'.replace('-', ' ') }}", "a b"),
        ("{{ 'x'.center(5, '*') }}", "**x**"),
        ("{{ '7'.zfill(3) }}", "007"),
        ("{{ 'abc'.translate({97: 'A'}) }}", "Abc"),
        ("{{ ', '.join(['a', 'b']) }}", "a, b"),
        ("{{ '%s is %d' % ('x', 3) }}", "x is 3"),
        ("{{ '{} and {}'.format('a', 'b') }}", "a and b"),
        ("{{ lead.first_name|string }}", "Jon"),
        ("{{ 'Hi ' ~ lead.first_name }}", "Hi Jon"),
        ("{{ 'a,b'.split(',')|join('+') }}", "a+b"),
        ("{{ '  x '.strip() }}", "x"),
    ],
)
def test_ordinary_string_methods_still_work(body, expected):
    assert render_track(opener(body), jon_context()).opening_line == expected


def test_an_amplifier_behind_an_if_is_refused_before_it_builds_anything():
    # Validation renders sample leads, not Jon: the branch is only taken in a real brief.
    body = opener(
        "{% if lead.first_name == 'Jon' %}{{ ('a' * 20000).translate({97: 'b' * 20000}) }}"
        "{% else %}Hi{% endif %}"
    )
    started = time.monotonic()
    with pytest.raises(TrackRenderError, match="would grow"):
        render_track(body, jon_context())
    assert time.monotonic() - started < 0.5


def test_an_unlisted_str_method_is_refused_by_name():
    errors = validate_track(opener("{{ 'x'.maketrans('a', 'b') }}"), [jon_context()])
    assert errors and "maketrans" in str(errors)


def test_a_huge_integer_literal_is_a_422_when_saved(client, auth):
    body = opener("{{ " + "9" * 5000 + " }}")
    response = client.post(
        "/api/v1/talktracks",
        json={"name": "huge", "situation": "cold", "body": body},
        headers=auth("marketing", "maya@example.com"),
    )
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
