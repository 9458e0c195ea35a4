"""What the brief's "what worked" line costs: a lookup while the table stands, and the
rebuild after a new outcome (one grouped count over the outcomes), on SQLite and PostgreSQL.

    python bench/what_worked_cost.py [--outcomes 20000] [--pg-url URL | --no-pg]

The bench makes its own outcomes (note "bench what-worked") on the default researcher track's
variants A and B and deletes them when done."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, insert

from callprep import create_app
from callprep.db import utcnow
from callprep.migrate import upgrade
from callprep.models import Outcome
from callprep.talktracks import editing, reading
from callprep.talktracks.store import seed_default_tracks
from callprep.whatworked import service

NOTE = "bench what-worked"


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.99) - 1)]


def bench(name: str, url: str, outcomes: int) -> None:
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    session = app.extensions["callprep.sessionmaker"]()
    try:
        seed_default_tracks(session)
        track = "researcher-default"
        if "B" not in {v.label for v in reading.track_summary(session, track).variants}:
            body = reading.get_version(session, track, 1).body
            version = editing.save_version(session, track, body, author="bench")
            editing.publish(session, track, version.version, variant="B")
        versions = {v.label: v.version for v in reading.track_summary(session, track).variants}
        now = utcnow()
        topics = ["widget ROI", "widget pricing", "uptime reporting", None]
        session.execute(
            insert(Outcome),
            [
                {
                    "disposition": "meeting_booked"
                    if n % (3 if n % 2 else 9) == 0
                    else "no_answer",
                    "situation": "researcher",
                    "track_name": track,
                    "track_version": versions["AB"[n % 2]],
                    "variant": "AB"[n % 2],
                    "topic": topics[n % len(topics)],
                    "note": NOTE,
                    "created_at": now - timedelta(minutes=n),
                }
                for n in range(outcomes)
            ],
        )
        session.commit()
        service.what_worked_for(session, "researcher", "widget ROI")
        hit = timed(lambda: service.what_worked_for(session, "researcher", "widget ROI"), 500)

        def rebuild() -> None:
            service.clear_cache()
            service.what_worked_for(session, "researcher", "widget ROI")

        miss = timed(rebuild, 30)
        line = service.what_worked_for(session, "researcher", "widget ROI")
        print(f"{name}: {outcomes} outcomes; line: {line['text'] if line else None}")
        print(f"{name}: lookup p50 {hit[0]:.2f} ms, p99 {hit[1]:.2f} ms")
        print(f"{name}: rebuild p50 {miss[0]:.1f} ms, p99 {miss[1]:.1f} ms")
    finally:
        session.rollback()
        session.execute(delete(Outcome).where(Outcome.note == NOTE))
        session.commit()
        session.close()
        app.extensions["callprep.engine"].dispose()
        service.clear_cache()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outcomes", type=int, default=20000)
    parser.add_argument("--pg-url", default=os.environ.get("CALLPREP_BENCH_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench("sqlite", f"sqlite:///{folder}/bench.db", args.outcomes)
    if not args.no_pg and args.pg_url:
        bench("postgresql", args.pg_url, args.outcomes)


if __name__ == "__main__":
    main()
