"""Deeply nested templates are a syntax error with a line, never a crash of the request.

Jinja's parser and code generator recurse, and so does Python's compiler: a body of
thousands of nested brackets or operators used to escape as RecursionError (a 500)."""

from __future__ import annotations

import pytest

from callprep.trackengine.public import TrackRenderError, render_track, validate_track
from tests.unit.trackengine.test_rendering_contexts import joe_context

NESTED = {
    "parentheses": "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "unary minus": "{{ " + "-" * 6000 + "1 }}",
    "lists": "{{ " + "[" * 3000 + "]" * 3000 + " }}",
    "additions": "{{ 1" + "+1" * 3000 + " }}",
    "attribute chain": "{{ lead" + ".email" * 1500 + " }}",
    "python parser limit": "{{ " + "(" * 250 + "1" + ")" * 250 + " }}",
}


@pytest.mark.parametrize("name", NESTED)
def test_deep_nesting_is_a_validation_error(name):
    body = "{% block opener %}" + NESTED[name] + "{% endblock %}"
    errors = validate_track(body, [joe_context()])
    assert [e["line"] for e in errors] == [1]
    assert "nests too deeply" in errors[0]["message"]


@pytest.mark.parametrize("name", NESTED)
def test_deep_nesting_fails_a_render_cleanly(name):
    body = "{% block opener %}" + NESTED[name] + "{% endblock %}"
    with pytest.raises(TrackRenderError, match="nests too deeply"):
        render_track(body, joe_context())


def test_ordinary_nesting_still_renders():
    body = "{% block opener %}{{ ((((1 + 2) * 3) - 4) + lead.first_name|length) }}{% endblock %}"
    assert render_track(body, joe_context()).opening_line == "8"
