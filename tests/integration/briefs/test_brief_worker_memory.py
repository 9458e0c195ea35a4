"""A web worker that only serves briefs never imports spaCy (about 80 MB before any pipeline
is loaded; the pipeline itself is about 250 MB more): the brief reads what ingest stored."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

from callprep.accounts import users as accounts
from callprep.db import utcnow
from tests.support.briefkit import event, make_lead

WORKER = """
import json, sys
from callprep import create_app
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "t"})
client = app.test_client()
statuses = [
    client.get("/healthz").status_code,
    client.get(sys.argv[2], headers={"Authorization": "Bearer " + sys.argv[3]}).status_code,
    client.get(sys.argv[2] + "?format=html",
               headers={"Authorization": "Bearer " + sys.argv[3]}).status_code,
]
print(json.dumps({"statuses": statuses, "spacy": "spacy" in sys.modules}))
"""


def test_serving_briefs_does_not_import_spacy(session, database_url):
    now = utcnow()
    lead = make_lead(
        session,
        first_name="Joe",
        events=[
            event("form_submission", now - timedelta(hours=1), "Contact Sales",
                  comment="We need a widget ROI solution before Q3."),
        ],
    )  # fmt: skip
    _key, plain = accounts.create_api_key(session, role="admin", name="worker")
    session.commit()
    worker = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, f"/api/v1/leads/{lead.id}/brief", plain],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(worker.stdout.strip().splitlines()[-1])
    assert seen == {"statuses": [200, 200, 200], "spacy": False}
