"""The save-time check's time budget is wall-clock time: a process that gets no processor
for a while (a loaded machine, a CPU-bound job beside it) must not make the shipped tracks
look broken, and a slow track must still be refused as slow."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from callprep.talktracks.validation import validation_errors

# Validates the shipped hand-raiser track for 4 seconds, each result on one line.
CHECKER = """
import json, sys, time
from callprep.talktracks.validation import validation_errors
from callprep.trackengine.public import BUILTIN_TRACKS
body = BUILTIN_TRACKS["hand_raiser"]
validation_errors(body, "hand_raiser")
print("ready", flush=True)
results, until = [], time.monotonic() + 4
while time.monotonic() < until:
    results.append([e["message"] for e in validation_errors(body, "hand_raiser")])
print(json.dumps(results), flush=True)
"""

# Every render runs 30 replaces over a 50,000-character string 1000 times: seconds of
# processor time (the render's budget counts its thread's CPU, not the wall clock), inside the
# sandbox's output, repetition and iteration limits.
SLOW_TRACK = (
    "{% block opener %}Hi {% for i in range(1000) %}{% set s = ('x' * 50000)"
    + ".replace('x', 'y').replace('y', 'x')" * 15
    + " %}{% endfor %}there{% endblock %}"
)


def test_a_process_paused_mid_check_does_not_fail_the_shipped_track():
    checker = subprocess.Popen(
        [sys.executable, "-c", CHECKER], stdout=subprocess.PIPE, text=True, env=os.environ
    )
    try:
        assert checker.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        # No processor for 1.5 s, as under a heavy load: every clock budget runs out.
        checker.send_signal(signal.SIGSTOP)
        time.sleep(1.5)
        checker.send_signal(signal.SIGCONT)
        results = json.loads(checker.stdout.readline())
    finally:
        checker.kill()
        checker.wait(timeout=30)
        checker.stdout.close()
    assert len(results) > 10
    assert [messages for messages in results if messages] == []


def test_a_slow_track_is_still_refused_as_slow():
    messages = [error["message"] for error in validation_errors(SLOW_TRACK, "cold")]
    assert any("simplify the talk track" in m for m in messages), messages
    assert not any("too busy" in m for m in messages)
