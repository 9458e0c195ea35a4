"""The README's curl examples, run as a newcomer copies them, against `callprep serve --demo`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.support.live_server import live_server

README = (Path(__file__).resolve().parents[3] / "README.md").read_text()


def _block_after(marker: str) -> str:
    start = README.index(marker)
    match = re.compile(r"```bash\n(.*?)```", re.S).search(README, start)
    return match.group(1)


@pytest.mark.skipif(shutil.which("curl") is None, reason="the examples are curl commands")
def test_the_api_and_crm_button_examples_work_in_order_on_the_demo(tmp_path: Path):
    script = _block_after("Examples a CRM admin would copy") + _block_after("For CRM buttons")
    assert "KEY=cpk_...   # paste your key\n" in script
    script = script.replace("KEY=cpk_...   # paste your key\n", "")
    with live_server(f"sqlite:///{tmp_path / 'demo.db'}", demo=True) as (base, output):
        key = re.search(r"Demo API key \(admin\): (\S+)", output).group(1)
        script = script.replace("http://127.0.0.1:8000", base)
        for _copy in range(2):  # copied twice, the examples still work (409 gives lead_id)
            result = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", script],
                env={**os.environ, "KEY": key},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stderr
            lead_id = int(re.search(r"^lead (\d+)$", result.stdout, re.M).group(1))
            assert "\n304\n" in result.stdout
            assert '"disposition": "meeting_booked"' in result.stdout.replace('":"', '": "')
        request = urllib.request.Request(  # noqa: S310 - http on 127.0.0.1
            f"{base}/api/v1/leads/{lead_id}/interactions",
            headers={"Authorization": f"Bearer {key}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            items = json.loads(response.read())
        request = urllib.request.Request(  # noqa: S310
            f"{base}/api/v1/leads/{lead_id}", headers={"Authorization": f"Bearer {key}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            lead = json.loads(response.read())
        # The panel example looks the lead up by the report's 15-character id.
        panel = re.search(r"external_system=salesforce&external_id=(\w+)", script).group(1)
        request = urllib.request.Request(  # noqa: S310
            f"{base}/api/v1/brief?external_system=salesforce&external_id={panel}",
            headers={"Authorization": f"Bearer {key}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert json.loads(response.read())["lead"]["id"] == lead_id
    # The comment went to the lead the example created, not to the demo's Joe Smith.
    assert lead["email"] == "joe@example.com"
    assert (len(panel), lead["external_ids"]) == (15, {"salesforce": "00Q5e00000JoEXmEAN"})
    assert [item["external_id"] for item in items] == ["act-81723"]
    assert "Sarah Lee" in items[0]["comment"]


@pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("openssl") is None,
    reason="the example signs with openssl and posts with curl",
)
def test_the_signed_webhook_example_works_as_copied(tmp_path: Path):
    script = _block_after("Sign it with one of `CALLPREP_WEBHOOK_SECRETS`")
    secret = re.search(r"^SECRET=(\S+)", script, re.M).group(1)
    env = {"CALLPREP_WEBHOOK_SECRETS": secret}
    with live_server(f"sqlite:///{tmp_path / 'hooks.db'}", env=env) as (base, _output):
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace("http://127.0.0.1:8000", base)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert (answer["created"], answer["leads_created"], answer["skipped"]) == (1, 1, 0)
        # Sent again (a sender retrying), the event is recognised: nothing new is stored.
        again = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace("http://127.0.0.1:8000", base)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert json.loads(again.stdout)["duplicates"] == 1, again.stdout
