"""`callprep serve --demo` runs a real WSGI server (waitress) that answers over HTTP."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from tests.support.live_server import live_server


def get(url: str, key: str | None = None):
    request = urllib.request.Request(url)  # noqa: S310 - http on 127.0.0.1
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.headers, json.loads(response.read())


def test_serve_demo_prints_logins_and_a_working_key(tmp_path: Path):
    with live_server(f"sqlite:///{tmp_path / 'demo.db'}", demo=True) as (base, output):
        assert "password 'callprep-demo'" in output
        assert "rita.rep@demo.callprep.test" in output
        key = re.search(r"Demo API key \(admin\): (\S+)", output).group(1)
        status, headers, body = get(f"{base}/healthz")
        assert status == 200 and body == {"status": "ok"}
        assert headers["Server"] == "callprep"  # waitress, not the Flask debug server
        status, _, leads = get(f"{base}/api/v1/leads?email=joe.smith@contoso-mfg.example.com", key)
        assert status == 200
        assert [lead["first_name"] for lead in leads] == ["Joe"]


def test_serve_demo_briefs_say_what_worked_and_reports_show_the_allocation(tmp_path: Path):
    with live_server(f"sqlite:///{tmp_path / 'demo.db'}", demo=True) as (base, output):
        key = re.search(r"Demo API key \(admin\): (\S+)", output).group(1)
        status, _, brief = get(
            f"{base}/api/v1/brief?email=jon.baker@fourthcoffee-foods.example.com", key
        )
        assert status == 200
        line = brief["what_worked"]
        assert line["opener"]["angle"] == "ROI angle"
        assert line["text"].startswith("Openers with the ROI angle: ")
        assert line["text"].endswith("(demo data).")  # the demo's made-up calls, said so
        _, _, report = get(f"{base}/api/v1/reports/talktracks", key)
        assert report["rows"] and report["demo_outcomes"] > 100
        (allocation,) = report["allocations"]
        assert allocation["track_name"] == "researcher-default"
        assert len(allocation["history"]) >= 5
        latest = {s["variant"]: s["share"] for s in allocation["history"][-1]["shares"]}
        assert latest["B"] > latest["A"] >= 0.10
        _, _, quality = get(f"{base}/api/v1/reports/lead-quality?by=source", key)
        assert quality["judged_leads"] > 0
