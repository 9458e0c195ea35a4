"""Known template-injection and resource-exhaustion payloads against the talk-track sandbox.

Each payload must be refused (a validation error or TrackRenderError) or render harmlessly,
and answer within 2 seconds. Lead data must never become template source.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace

import pytest

from callprep.trackengine import bounds
from callprep.trackengine.context import InteractionView
from callprep.trackengine.public import TrackRenderError, render_track, validate_track
from tests.unit.trackengine.test_rendering_contexts import NOW, jon_context

SECONDS = 2.0
REFUSED, HARMLESS = "refused", "harmless"


def opener(text: str) -> str:
    return "{% block opener %}" + text + "{% endblock %}"


def nested_range_loops(depth: int) -> str:
    loops = "".join(f"{{% for i{n} in range(100000) %}}" for n in range(depth))
    return opener(loops + "x" + "{% endfor %}" * depth)


PAYLOADS = {
    "mro_subclasses": (opener("{{ ''.__class__.__mro__[1].__subclasses__() }}"), REFUSED),
    "cycler_globals": (opener("{{ cycler.__init__.__globals__ }}"), REFUSED),
    "joiner_globals": (opener("{{ joiner.__init__.__globals__ }}"), REFUSED),
    "namespace_globals": (opener("{{ namespace.__init__.__globals__ }}"), REFUSED),
    "lipsum_globals": (opener("{{ lipsum.__globals__ }}"), REFUSED),
    "range_globals": (opener("{{ range.__globals__ }}"), REFUSED),
    "fact_function_globals": (opener("{{ fact.__func__.__globals__ }}"), REFUSED),
    "attr_escaped_underscores": (opener("{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}"), REFUSED),
    "attr_on_lead": (opener("{{ lead|attr('__dict__') }}"), REFUSED),
    "format_reaches_class": (opener("{{ '{0.__class__}'.format(lead) }}"), REFUSED),
    "format_map_reaches_globals": (
        opener("{{ '{a.__init__.__globals__}'.format_map({'a': cycler}) }}"),
        REFUSED,
    ),
    "format_map_plain": (opener("{{ 'x{a}'.format_map({'a': 1}) }}"), HARMLESS),
    "debug_tag": (opener("{% debug %}"), REFUSED),
    "config": (opener("{{ config }}"), REFUSED),
    "self_dict": (opener("{{ self.__dict__ }}"), REFUSED),
    "lead_dict": (opener("{{ lead.__dict__ }}"), REFUSED),
    "lead_class": (opener("{{ lead.__class__ }}"), REFUSED),
    "mutating_a_list": (opener("{% set l = [1] %}{{ l.append(2) }}"), REFUSED),
    "string_repetition": (opener("{{ 'A' * 10**9 }}"), REFUSED),
    # Jinja's ** is left-associative: (9**9)**9 is a 78-digit number, printed harmlessly.
    "power_tower": (opener("{{ 9**9**9 }}"), HARMLESS),
    "power_tower_right": (opener("{{ 9**(9**9) }}"), REFUSED),
    "huge_product": (opener("{{ (2**2000) * (2**2000) * (2**2000) }}"), REFUSED),
    "nested_range_2": (nested_range_loops(2), REFUSED),
    "nested_range_3": (nested_range_loops(3), REFUSED),
    "nested_small_ranges": (
        opener("{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"),
        REFUSED,
    ),
    "recursive_macro": (
        "{% macro f() %}{{ f() }}{% endmacro %}" + opener("{{ f() }}"),
        REFUSED,
    ),
    "exponential_macro": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}x{% endmacro %}"
        + opener("{{ f(22)|length }}"),
        REFUSED,
    ),
    "recursive_block": (opener("{{ self.opener() }}"), REFUSED),
    "recursive_loop": (
        opener("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}"),
        REFUSED,
    ),
    "concat_doubling": (
        opener("{% set s = 'ab' %}" + "{% set s = s ~ s %}" * 40 + "{{ s|length }}"),
        REFUSED,
    ),
    "namespace_doubling": (
        opener(
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"
        ),
        REFUSED,
    ),
    "set_block_doubling": (
        opener("{% set s = 'ab' %}" + "{% set s %}{{ s }}{{ s }}{% endset %}" * 40 + "{{ s }}"),
        REFUSED,
    ),
    "nested_list_literals": (
        opener(
            "{% set a = ['x' * 5000] %}"
            + "".join(
                f"{{% set a = [a, a, a, a, a, a, a, a, a, a] %}}{{% set b{n} = 1 %}}"
                for n in range(8)
            )
            + "{{ a|string|length }}"
        ),
        REFUSED,
    ),
    "list_repetition": (opener("{{ ([[1] * 10000] * 10000)|length }}"), REFUSED),
    "center_method": (opener("{{ 'x'.center(10**9) }}"), REFUSED),
    "ljust_method": (opener("{{ 'x'.ljust(30000) ~ 'x'.ljust(30000) }}"), REFUSED),
    "replace_amplifies": (
        opener("{{ ('a' * 1000).replace('a', 'b' * 1000) }}"),
        REFUSED,
    ),
    "replace_filter_amplifies": (
        opener("{{ ('a' * 1000)|replace('a', 'b' * 1000) }}"),
        REFUSED,
    ),
    "join_amplifies": (opener("{{ range(1000)|join('x' * 1000) }}"), REFUSED),
    "str_join_amplifies": (opener("{{ ('x' * 1000).join(range(1000)) }}"), REFUSED),
    "percent_width": (opener("{{ '%999999999s' % 1 }}"), REFUSED),
    "percent_star_width": (opener("{{ '%*s' % (999999999, 'x') }}"), REFUSED),
    "format_width": (opener("{{ '{:>999999999}'.format(1) }}"), REFUSED),
    "format_nested_width": (opener("{{ '{:>{}}'.format(1, 999999999) }}"), REFUSED),
    "format_repeats_field": (opener("{{ ('{0}' * 5000).format('y' * 5000) }}"), REFUSED),
    "strftime_width": (opener("{{ now.strftime('%999999999Y') }}"), REFUSED),
    "sum_of_lists": (opener("{{ [[1], [2]]|sum(start=[]) }}"), REFUSED),
    "loop_iteration_cap": (
        opener("{% for i in range(1000) %}{% for j in range(5) %}{% endfor %}{% endfor %}"),
        REFUSED,
    ),
    "deep_parentheses": (opener("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"), REFUSED),
    "deep_not": (opener("{{ " + "not " * 2000 + "1 }}"), REFUSED),
    "deep_lists": (opener("{{ " + "[" * 3000 + "1" + "]" * 3000 + " }}"), REFUSED),
    "include_file": (opener("{% include '/etc/passwd' %}"), REFUSED),
    "import_module": (opener("{% import 'os' as os %}"), REFUSED),
    "extends_base": ("{% extends 'base.html' %}" + opener("x"), REFUSED),
}

# Bits of output that would mean an object, a class or internals leaked.
LEAK_MARKERS = ("<", "__", "class", "function", "module", "environment", "jon@")


@pytest.mark.parametrize(("body", "expected"), PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_refused_or_harmless_within_two_seconds(body, expected):
    ctx = jon_context()
    started = time.monotonic()
    errors = validate_track(body, [ctx])
    try:
        track = render_track(body, ctx)
    except TrackRenderError:
        track = None
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS
    if expected == REFUSED:
        assert errors, "validation accepted the payload"
        assert track is None, "the payload rendered"
    else:
        text = " ".join(line["text"] for line in track.lines)
        assert not any(marker in text.lower() for marker in LEAK_MARKERS), text


def test_a_slow_track_is_stopped_by_the_time_budget():
    body = opener(
        "{% for i in range(1000) %}{{ ('x' * 10000).replace('x', 'y')|length }}{% endfor %}"
    )
    with pytest.raises(TrackRenderError, match="time budget"):
        render_track(body, jon_context(), time_budget_s=0.0005)


def test_range_names_its_own_limit():
    with pytest.raises(TrackRenderError, match=r"range\(\) may produce at most 1000 numbers"):
        render_track(opener("{% for i in range(100000) %}{% endfor %}"), jon_context())


def test_the_engine_stays_healthy_after_every_payload():
    for body, _ in PAYLOADS.values():
        with contextlib.suppress(TrackRenderError):
            render_track(body, jon_context())
        assert bounds._STATE.get() is None  # no render state left behind
    track = render_track(opener("Hi {{ lead.first_name }}"), jon_context())
    assert track.opening_line == "Hi Jon"


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ 7*7 }}",
        "{% debug %}",
        "{{ ''.__class__ }}",
        "{% for i in range(100000) %}{% endfor %}",
        "{# not a comment #}",
        "{% endblock %}{% block opener %}pwned{% endblock %}",
    ],
)
def test_lead_data_is_printed_literally_never_run(hostile):
    ctx = jon_context()
    form = InteractionView(99, "form_submission", NOW, f"Form {hostile}", comment=hostile)
    ctx = replace(ctx, lead=replace(ctx.lead, company=hostile), interactions=(form,))
    body = opener("{{ forms[0].comment }}|{{ lead.company }}|{{ forms[0].title }}")
    track = render_track(body, ctx)
    assert track.opening_line == f"{hostile}|{hostile}|Form {hostile}"
    assert track.evidence == [99]


@pytest.mark.parametrize(
    "body",
    [
        opener("{{ lead.email ~ lead.nickname }}"),
        opener("{{ {}[lead.email] }}"),
        opener("{{ {'a': 1}[interactions[0].title] }}"),
        opener("{{ lead.email|attr(lead.email) }}"),
    ],
)
def test_a_failing_render_reports_no_lead_data(body):
    ctx = jon_context()
    with pytest.raises(TrackRenderError) as caught:
        render_track(body, ctx)
    message = str(caught.value)
    assert ctx.lead.email not in message
    assert ctx.interactions[0].title not in message
