"""`callprep briefs evaluate`: judged scenarios scored against briefs built by the real
pipeline. The matching rules are proved on scenarios written here; the judged set's pass
rate is held to the figure reached (a ratchet: it may only go up)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from callprep.brief_checks.evaluation import must_not_hits, read_scenarios
from callprep.cli import main

JUDGED = Path(__file__).resolve().parents[2] / "data" / "judged" / "brief_scenarios.jsonl"
# First look on the merged code: 63/162 (every brief on the built-in track: the scratch
# database had no shipped tracks), 99/162 with them; raise this as the figure improves.
JUDGED_FLOOR = 0.67

OWN = [
    {
        "id": "own1",
        "now": "2026-11-20T10:00:00+00:00",
        "lead": {"email": "kofi@example.com", "first_name": "Kofi", "company": "Asante Mills"},
        "interactions": [
            {"type": "form_submission", "occurred_at": "2026-11-20T09:30:00+00:00",
             "title": "Request a Demo", "comment": None},
        ],
        "expect": {
            "situation": "hand_raiser",
            "opening_must_include": [["Kofi"], ["demo"]],
            "spoken_must_include": [["demo"]],
            "spoken_must_not_include": ["None", "call back set up"],
            "facts_must_include": [],
            "facts_must_not_include": [{"kind": "competitor", "value_contains": None}],
            "case_if_spoken": ["Asante Mills"],
        },
    },
    {
        "id": "own2",
        "now": "2026-11-20T10:00:00+00:00",
        "lead": {"email": "lena@example.com", "first_name": "Lena"},
        "interactions": [
            {"type": "content_download", "occurred_at": "2026-11-18T09:30:00+00:00",
             "title": "Why Kilns Fail", "asset_type": "white_paper"},
        ],
        "expect": {
            "situation": "event_attendee",  # wrong on purpose: must fail
            "opening_must_include": [["on Why Kilns"]],  # must fail: the title is quoted
            "spoken_must_include": [],
            "spoken_must_not_include": [],
        },
    },
]  # fmt: skip


def test_must_not_matches_whole_words_and_punctuation_needles_anywhere():
    assert must_not_hits("We say null here", "null")
    assert not must_not_hits("nullify the deal", "null")
    assert must_not_hits("a {{ stray", "{{")
    assert must_not_hits("It’s “ok”", 'it\'s "ok"')


def test_scenarios_pass_and_fail_by_the_rules(tmp_path):
    path = tmp_path / "own.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in OWN), encoding="utf-8")
    result = CliRunner().invoke(main, ["briefs", "evaluate", str(path), "--min-pass-rate", "0.5"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "brief scenarios: 1/2 passed (50.0%)"
    assert "own2: situation: expected event_attendee, got researcher" in result.output
    assert "opener lacks one of ['on Why Kilns']" in result.output
    failing = CliRunner().invoke(main, ["briefs", "evaluate", str(path), "--min-pass-rate", "1"])
    assert failing.exit_code == 1


def test_the_judged_scenarios_stay_at_or_above_the_figure_reached():
    assert len(read_scenarios(JUDGED)) >= 150
    result = CliRunner().invoke(
        main, ["briefs", "evaluate", str(JUDGED), "--min-pass-rate", str(JUDGED_FLOOR)]
    )
    assert result.exit_code == 0, result.output[-3000:]
