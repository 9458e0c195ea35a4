"""A brief's cost with its account: statements and median build time for a lead with 0, 1,
30 and 300 colleagues (each with a download and a visit), on a temporary SQLite file.

    python bench/account_brief.py [--runs 50]

The statement count must not grow with the account (a fixed number of reads); the time
should stay within a few milliseconds of the lead without colleagues."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert

from callprep import create_app
from callprep.briefs.build import build_brief
from callprep.db import utcnow
from callprep.leads import service as leads
from callprep.leads.activity import refresh_lead_activity
from callprep.migrate import upgrade
from callprep.models import Interaction
from callprep.talktracks.store import seed_default_tracks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        app = create_app({"DATABASE_URL": url})
        engine = app.extensions["callprep.engine"]
        with app.app_context(), app.extensions["callprep.sessionmaker"]() as session:
            seed_default_tracks(session)
            now = utcnow()
            for size in (0, 1, 30, 300):
                domain = "free.example.com" if size == 0 else f"size{size}.test"
                email = "lead@gmail.com" if size == 0 else f"lead@{domain}"
                people = [
                    leads.create_lead(
                        session,
                        {
                            "email": f"p{n}@{domain}",
                            "first_name": f"P{n}",
                            "title": "CFO",
                            "owner_email": "rep@vendor.test",
                        },
                    )
                    for n in range(size)
                ]
                lead = leads.create_lead(
                    session, {"email": email, "owner_email": "rep@vendor.test"}
                )
                rows = [
                    {
                        "lead_id": person.id,
                        "type": kind,
                        "occurred_at": now - timedelta(hours=n + 1),
                        "title": "Pricing Guide",
                        "source": "bench",
                        "external_id": f"{person.id}-{kind}",
                    }
                    for n, person in enumerate([*people, lead])
                    for kind in ("content_download", "web_visit")
                ]
                session.execute(insert(Interaction), rows)
                for person in [*people, lead]:
                    refresh_lead_activity(session, person.id)
                session.commit()
                seen: list[str] = []

                def listener(*args, seen=seen) -> None:
                    seen.append(args[2])

                event.listen(engine, "before_cursor_execute", listener)
                build_brief(session, lead, now, record=False)
                event.remove(engine, "before_cursor_execute", listener)
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    build_brief(session, lead, now, record=False)
                    times.append((time.perf_counter() - start) * 1000)
                print(
                    f"{size:>4} colleagues: {len(seen):>2} statements, "
                    f"median {statistics.median(times):.1f} ms over {args.runs} briefs"
                )


if __name__ == "__main__":
    main()
