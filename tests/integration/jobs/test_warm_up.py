"""A process that analyses loads the NLP when its runner starts, not on the first hand-raise
(whose owner's alert would otherwise wait for a 5-15 s pipeline load)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, sys, time
from callprep import create_app
from callprep.jobs.runners import runner_of
from nlp import pipeline
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "t", "JOBS_MODE": "thread"})
before = pipeline._load.cache_info().currsize
runner_of(app).start()
deadline = time.monotonic() + 120
while pipeline._load.cache_info().currsize == 0 and time.monotonic() < deadline:
    time.sleep(0.1)
print(json.dumps({"before": before, "after": pipeline._load.cache_info().currsize}))
# The script ends here, the warm-up perhaps still analysing its sample: the interpreter must
# wait for it and exit cleanly (a daemon thread inside spaCy's BLIS code aborted it).
"""


def test_the_thread_runner_loads_the_pipeline_as_it_starts(app, database_url):
    env = {**os.environ, "CALLPREP_JOBS_MODE": "thread"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, database_url],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Aborting" not in result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {"before": 0, "after": 1}
