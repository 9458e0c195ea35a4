from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from callprep.trackengine.context import AccountView, ColleagueView, OtherRepView
from callprep.trackengine.public import (
    BUILTIN_TRACKS,
    CONTEXT_REFERENCE,
    TrackRenderError,
    format_track_metadata,
    load_track_files,
    parse_track_metadata,
    render_or_fallback,
    render_track,
    sample_contexts,
    track_variables,
    validate_track,
)
from callprep.trackengine.sandbox import TRACK_ENV
from callprep.vocabulary import SITUATIONS
from tests.unit.trackengine.test_rendering_contexts import bare_context, joe_context, jon_context


def opener(text: str) -> str:
    return "{% block opener %}" + text + "{% endblock %}"


class TestLines:
    def test_each_non_empty_line_of_a_block_is_a_brief_line_in_block_order(self):
        body = (
            "{% block questions %}\n  First   question?  \n\n\nSecond one?\n{% endblock %}\n"
            "{% block opener %}Hi {{ lead.first_name }}.{% endblock %}"
        )
        track = render_track(body, jon_context())
        assert [(line["block"], line["text"]) for line in track.lines] == [
            ("opener", "Hi Jon."),
            ("questions", "First question?"),
            ("questions", "Second one?"),
        ]
        assert track.opening_line == "Hi Jon."

    def test_the_opener_is_one_line_however_the_template_wraps_it(self):
        body = opener("\nHi {{ lead.first_name }},\n  I saw your visit.\n\nThanks!\n")
        track = render_track(body, jon_context())
        assert track.opening_line == "Hi Jon, I saw your visit. Thanks!"
        assert len(track.lines) == 1

    def test_space_before_punctuation_is_removed(self):
        body = opener("Hi{% if lead.title %} {% endif %}, and {{ 'hello' }} .")
        assert render_track(body, jon_context()).opening_line == "Hi, and hello."

    def test_top_level_macros_and_sets_work_inside_blocks(self):
        body = (
            "{% set greeting = 'Hello' %}{% macro name(l) %}{{ l.first_name }}{% endmacro %}"
            + opener("{{ greeting }} {{ name(lead) }}")
        )
        assert render_track(body, jon_context()).opening_line == "Hello Jon"

    def test_text_outside_blocks_is_not_part_of_the_track(self):
        body = "Stray words\n" + opener("Hi")
        assert [line["text"] for line in render_track(body, jon_context()).lines] == ["Hi"]

    def test_long_lead_text_can_be_shortened(self):
        ctx = joe_context()
        long_form = replace(ctx.interactions[0], comment="We need widgets. " * 2000)
        ctx = replace(ctx, interactions=(long_form,))
        body = opener("You wrote: {{ forms[0].comment|shorten(40) }}")
        assert (
            render_track(body, ctx).opening_line
            == "You wrote: We need widgets. We need widgets. We…"
        )

    def test_big_loop_variables_do_not_count_against_a_macro_call(self):
        ctx = joe_context()
        long_form = replace(ctx.interactions[0], comment="x" * 30_000)
        ctx = replace(ctx, interactions=(long_form, long_form))
        body = "{% macro size(f) %}{{ f.comment|length }}{% endmacro %}" + opener(
            "{% for f in forms %}{% set c = f.comment %}{% set d = c ~ '' %}{{ size(f) }} "
            "{% endfor %}"
        )
        assert render_track(body, ctx).opening_line == "30000 30000"

    def test_output_is_plain_text_not_html_escaped(self):
        body = opener("{{ '<b>R&D</b>' }}")
        assert render_track(body, jon_context()).opening_line == "<b>R&D</b>"


class TestEvidence:
    def test_a_line_carries_the_interactions_whose_fields_it_read(self):
        body = opener("Hi.") + (
            "{% block questions %}{% for d in downloads %}\n"
            "About {{ d.title }}?\n{% endfor %}How are you?\n{% endblock %}"
        )
        track = render_track(body, jon_context())
        assert [(line["text"], line["evidence"]) for line in track.lines] == [
            ("Hi.", []),
            ("About The Lifecycle of a Widget?", [14]),
            ("About 10 Tips for Improving your Widget ROI?", [11]),
            ("How are you?", []),
        ]
        assert track.evidence == [14, 11]

    def test_facts_printed_or_read_record_their_interaction(self):
        body = opener("{{ facts.need }}") + (
            "{% block bridge %}{{ facts.referrer.value }} sent you.\n{% endblock %}"
        )
        track = render_track(body, joe_context())
        assert [line["evidence"] for line in track.lines] == [[20], [20]]

    def test_a_condition_counts_for_the_line_it_guards(self):
        body = opener("Hi.") + (
            "{% block bridge %}Line one.\n{% if downloads[0].asset_type == 'infographic' %}\n"
            "You like pictures.\n{% endif %}{% endblock %}"
        )
        lines = render_track(body, jon_context()).lines
        assert lines[1] == {"block": "bridge", "text": "Line one.", "evidence": []}
        assert lines[2] == {"block": "bridge", "text": "You like pictures.", "evidence": [14]}

    def test_topics_record_the_interactions_behind_them(self):
        body = opener("Any {{ top_topic }} plans? {{ topics[1].name }}?")
        assert render_track(body, jon_context()).lines[0]["evidence"] == [11, 10, 14]

    def test_views_passed_to_phrasing_filters_are_evidence(self):
        body = opener("You read {{ latest_downloads|map('asset_phrase')|join_and }}.")
        track = render_track(body, jon_context())
        assert track.opening_line == (
            "You read our infographic on the Lifecycle of a Widget and our white paper on "
            "10 Tips for Improving your Widget ROI."
        )
        assert sorted(track.evidence) == [11, 14]

    def test_all_facts_joined_record_their_interactions(self):
        body = opener("{{ facts|map(attribute='kind')|join_and }}: {{ facts|join_and }}")
        track = render_track(body, joe_context())
        assert track.opening_line == (
            "referrer, need, budget and timeline: Sarah Lee, a widget ROI solution, budget is "
            "approved and before Q3"
        )
        assert track.evidence == [20]

    def test_counting_items_is_not_using_them(self):
        body = opener("You downloaded {{ downloads|length|count_noun('asset') }}.")
        track = render_track(body, jon_context())
        assert track.opening_line == "You downloaded two assets."
        assert track.evidence == []

    def test_concurrent_renders_keep_their_own_evidence(self):
        body = opener("{% for i in interactions %}{{ i.type }} {% endfor %}")

        def render(ctx):
            return render_track(body, ctx).evidence

        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(render, [jon_context(), joe_context()] * 20))
        assert results == [[14, 13, 12, 11, 10], [20]] * 20


class TestErrors:
    def test_undefined_variable_is_an_error_with_its_line(self):
        with pytest.raises(TrackRenderError) as caught:
            render_track("\n" + opener("\nHi {{ lead_name }}"), jon_context())
        assert caught.value.line == 3
        assert "'lead_name' is undefined" in caught.value.message

    def test_unknown_attribute_names_the_documented_ones(self):
        with pytest.raises(TrackRenderError, match="lead has no attribute 'nickname'.*first_name"):
            render_track(opener("{{ lead.nickname }}"), jon_context())

    def test_printing_none_is_an_error_not_a_silent_word(self):
        with pytest.raises(TrackRenderError, match="None"):
            render_track(opener("Hi {{ lead.first_name }}"), bare_context())

    def test_printing_a_whole_object_is_an_error(self):
        with pytest.raises(TrackRenderError, match="lead cannot be printed"):
            render_track(opener("{{ lead }}"), jon_context())

    def test_missing_or_empty_opener_is_an_error(self):
        with pytest.raises(TrackRenderError, match="block opener"):
            render_track("{% block bridge %}x{% endblock %}", jon_context())
        with pytest.raises(TrackRenderError, match="no text"):
            render_track(opener("  \n "), jon_context())

    def test_line_and_output_length_are_bounded(self):
        with pytest.raises(TrackRenderError, match="characters long"):
            render_track(opener("{{ 'word ' * 30 }}"), jon_context(), max_line_chars=100)
        many = opener("Hi") + "{% block questions %}" + "Why?\n" * 50 + "{% endblock %}"
        with pytest.raises(TrackRenderError, match="at most 100"):
            render_track(many, jon_context(), max_output_chars=100)

    def test_syntax_error_has_its_line(self):
        with pytest.raises(TrackRenderError) as caught:
            render_track(opener("\n\n{% if %}"), jon_context())
        assert caught.value.line == 3


class TestFallback:
    def test_a_failing_track_falls_back_to_the_builtin_with_a_warning(self):
        track, warnings = render_or_fallback(opener("{{ lead.nickname }}"), joe_context())
        assert track.opening_line.startswith("Hi Joe, thanks for getting in touch.")
        assert len(warnings) == 1
        assert "built-in" in warnings[0] and "line 1" in warnings[0]

    def test_no_track_uses_the_builtin(self):
        track, warnings = render_or_fallback(None, bare_context("cold"))
        assert track.opening_line.startswith("Hi there")
        assert warnings == ["no talk track fits this lead; the built-in track was used"]

    def test_a_working_track_has_no_warning(self):
        assert render_or_fallback(opener("Hi"), jon_context())[1] == []

    def test_there_is_a_builtin_for_every_situation(self):
        assert set(BUILTIN_TRACKS) == set(SITUATIONS)


class TestMetadata:
    SOURCE = (
        "{#\nname: researcher-default\nsituation: researcher\n"
        "topics: widget ROI, predictive maintenance\n"
        "description: For readers.\n  Second line of it.\n#}\n" + opener("Hi")
    )

    def test_leading_comment_is_parsed_and_removed_from_the_body(self):
        meta, body = parse_track_metadata(self.SOURCE)
        assert meta == {
            "name": "researcher-default",
            "situation": "researcher",
            "topics": ["widget ROI", "predictive maintenance"],
            "description": "For readers. Second line of it.",
        }
        assert body == opener("Hi")

    def test_source_without_metadata_is_all_body(self):
        assert parse_track_metadata(opener("Hi")) == ({}, opener("Hi"))
        plain = "{# just a note #}" + opener("Hi")
        assert parse_track_metadata(plain) == ({}, plain)

    def test_format_round_trips(self):
        meta, body = parse_track_metadata(self.SOURCE)
        assert parse_track_metadata(format_track_metadata(meta) + body) == (meta, body)


class TestValidation:
    def test_a_good_track_has_no_errors(self):
        assert validate_track(opener("Hi {{ lead|first_name_or('there') }}"), [jon_context()]) == []

    def test_syntax_error_with_line(self):
        errors = validate_track(opener("\n{% for x in %}"), [])
        assert errors[0]["line"] == 2

    def test_unknown_variable_with_line_and_column(self):
        errors = validate_track("\n" + opener("Hi {{ config }}"), [])
        assert errors == [
            {
                "line": 2,
                "column": 25,
                "message": errors[0]["message"],
            }
        ]
        assert "unknown variable 'config'" in errors[0]["message"]

    def test_unknown_attributes_found_without_a_sample(self):
        body = opener(
            "{{ lead.nickname }}{% for d in downloads|reverse %}\n{{ d.titel }}{% endfor %}"
        )
        messages = [(e["line"], e["message"].split(" (")[0]) for e in validate_track(body, [])]
        assert messages == [
            (1, "lead has no attribute 'nickname'"),
            (2, "interaction has no attribute 'titel'"),
        ]

    def test_a_loop_name_reused_for_different_lists_is_not_misjudged(self):
        body = opener(
            "{% for t in topics %}{{ t.name }}{% endfor %}"
            "{% for t in downloads %}{{ t.title }}{% endfor %}"
            "{% for lead in downloads %}{{ lead.asset_type }}{% endfor %}{{ lead.company }}"
        )
        assert validate_track(body, [jon_context()]) == []

    def test_unknown_filter(self):
        errors = validate_track(opener("{{ lead.first_name|center(10) }}"), [])
        assert "there is no filter |center" in errors[0]["message"]

    def test_debug_tag_has_a_clear_message(self):
        errors = validate_track(opener("{% debug %}"), [])
        assert errors[0]["message"].startswith("{% debug %} is not available in talk tracks")

    @pytest.mark.parametrize(
        "tag",
        ["{% include 'x.j2' %}", "{% import 'x.j2' as x %}", "{% from 'x' import y %}",
         "{% extends 'base.j2' %}"],
    )  # fmt: skip
    def test_import_include_and_extends_are_refused(self, tag):
        errors = validate_track(tag + opener("Hi"), [])
        assert "is not allowed in a talk track" in errors[0]["message"]

    def test_missing_opener_and_unknown_block(self):
        errors = validate_track("{% block closer %}Bye{% endblock %}", [])
        messages = sorted(e["message"] for e in errors)
        assert messages[0] == "a talk track needs an {% block opener %}"
        assert messages[1].startswith("unknown block 'closer'")

    def test_loops_nested_three_deep_are_refused(self):
        body = opener(
            "{% for a in topics %}{% for b in topics %}\n{% for c in topics %}{% endfor %}"
            "{% endfor %}{% endfor %}"
        )
        errors = validate_track(body, [])
        assert errors == [{"line": 2, "column": None, "message": errors[0]["message"]}]
        assert "nest at most 2" in errors[0]["message"]

    def test_test_render_finds_errors_that_only_some_leads_trigger(self):
        body = opener("Hi.\n{{ facts.need.value }}")
        errors = validate_track(body, [joe_context(), jon_context("researcher")])
        assert len(errors) == 1
        assert errors[0]["line"] == 2
        assert "sample lead 2, researcher" in errors[0]["message"]

    def test_test_render_checks_length_bounds(self):
        errors = validate_track(opener("{{ 'x' * 500 }}"), [jon_context()])
        assert "characters long" in errors[0]["message"]


class TestReference:
    def test_every_filter_is_documented_and_every_documented_filter_exists(self):
        assert set(TRACK_ENV.filters) == set(CONTEXT_REFERENCE["filters"])

    def test_every_test_is_documented_and_every_documented_test_exists(self):
        assert set(TRACK_ENV.tests) == set(CONTEXT_REFERENCE["tests"])

    def test_every_variable_is_documented(self):
        documented = set(CONTEXT_REFERENCE["variables"])
        provided = set(track_variables(jon_context())) | set(TRACK_ENV.globals)
        assert provided == documented

    def test_every_documented_attribute_exists(self):
        ctx = joe_context()
        samples = {
            "lead": ctx.lead,
            "rep": ctx.rep,
            "freshness": ctx.freshness,
            "interaction": ctx.interactions[0],
            "topic": ctx.topics[0],
            "fact": ctx.facts[0],
            "facts": ctx.facts,
            "contact": ctx.contact,
            "account": AccountView(),
            "colleague": ColleagueView(),
            "other_rep": OtherRepView(),
        }
        for kind, attributes in CONTEXT_REFERENCE["attributes"].items():
            for attribute in attributes:
                assert hasattr(samples[kind], attribute), (kind, attribute)


@pytest.mark.parametrize("situation", SITUATIONS)
def test_every_track_validates_against_the_synthetic_samples(situation):
    samples = sample_contexts(situation)
    assert len(samples) == 3
    for track in load_track_files():
        assert validate_track(track.body, samples) == [], track.name
    assert validate_track(BUILTIN_TRACKS[situation], samples) == []


def test_synthetic_samples_catch_a_track_that_assumes_a_first_name():
    body = opener("Hi {{ lead.first_name }}")
    errors = validate_track(body, sample_contexts("cold"))
    assert [e["message"] for e in errors] == [
        "this prints an empty value (None); wrap optional data in {% if ... %} "
        "(test render for sample lead 3, cold)"
    ]


def test_every_default_track_validates_against_the_design_leads():
    for track in load_track_files():
        situation = track.meta["situation"]
        samples = [jon_context(situation), joe_context(situation), bare_context(situation)]
        assert validate_track(track.body, samples) == [], track.name


def test_the_engine_knows_nothing_of_flask_or_the_database():
    import ast
    from pathlib import Path

    import callprep

    package = Path(callprep.__file__).parent
    sources = sorted((package / "trackengine").glob("*.py"))
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for name in names:
                    assert name.split(".")[0] not in {"flask", "sqlalchemy"}, (source, name)
