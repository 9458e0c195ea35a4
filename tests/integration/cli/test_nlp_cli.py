"""`callprep nlp topics|facts|evaluate` framing through click's CliRunner."""

import json

from click.testing import CliRunner

from callprep.cli.nlp import nlp_group


def run(args, stdin):
    return CliRunner().invoke(nlp_group, args, input=stdin)


def test_topics_writes_one_line_per_input_best_first():
    stdin = "\n".join(
        json.dumps(x)
        for x in [
            {"id": 1, "text": "10 Tips for Improving your Widget ROI"},
            {"id": "b", "text": ""},
        ]
    )
    result = run(["topics", "--top", "1"], stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert lines == [
        {"id": 1, "topics": [{"name": "widget ROI", "score": 1.0}]},
        {"id": "b", "topics": []},
    ]


def test_facts_writes_kind_value_and_offsets():
    text = "Please call me back ASAP."
    result = run(["facts"], json.dumps({"id": 7, "text": text}) + "\n")
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.output.splitlines()]
    assert line["id"] == 7
    kinds = {f["kind"] for f in line["facts"]}
    assert {"request", "urgency"} <= kinds
    for fact in line["facts"]:
        assert set(fact) == {"kind", "value", "start", "end"}
        assert text[fact["start"] : fact["end"]]


def test_bad_json_line_exits_non_zero_with_one_line_naming_it():
    stdin = json.dumps({"id": 1, "text": "ok"}) + "\n{not json\n"
    result = run(["facts"], stdin)
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert "line 2" in message and "\n" not in message


def test_line_without_text_is_refused():
    result = run(["topics"], json.dumps({"id": 1}) + "\n")
    assert result.exit_code != 0
    assert "line 1" in result.stderr


def test_kind_title_is_accepted_and_unknown_kind_refused():
    ok = run(["topics"], json.dumps({"id": 1, "text": "SSO Checklist", "kind": "title"}) + "\n")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["topics"][0]["name"] == "SSO"
    bad = run(["topics"], json.dumps({"id": 1, "text": "x", "kind": "tweet"}) + "\n")
    assert bad.exit_code != 0 and "line 1" in bad.stderr


def test_evaluate_reports_each_file_and_a_missing_inspec(tmp_path):
    dev = tmp_path / "dev.jsonl"
    dev.write_text(
        json.dumps(
            {
                "id": "1",
                "kind": "comment",
                "text": "Call me back ASAP.",
                "topics": [],
                "facts": [{"kind": "urgency", "value": "ASAP", "span": "ASAP"}],
            }
        )
        + "\n"
    )
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n")
    result = run(
        [
            "evaluate",
            "--inspec",
            str(tmp_path / "none.jsonl"),
            "--b2b",
            str(dev),
            "--b2b",
            str(broken),
        ],
        "",
    )
    assert result.exit_code == 0, result.output
    assert "Inspec: test file not found" in result.output
    assert "urgency      1.000  1.000  1.000" in result.output
    assert "broken.jsonl: cannot be read" in result.output
