"""Ingest throughput (issue 16): accept, then analyse.

    python bench/ingest_throughput.py [--pg-url URL] [--rows 20000] [--leads 400] [--acks 10]

1. Acknowledgement time of an API batch of 500 events with unique comments (in-process
   client, PostgreSQL): with analysis after the answer (JOBS_MODE=queue: stored, committed,
   enqueued) against analysis before the answer (JOBS_MODE=inline: the same NLP work the
   request used to do inside its transaction).
2. `BulkImport` of a realistic mix (70% visits, opens and clicks over ~200 titles, 20%
   downloads and webinars, 10% forms with unique 15-40-word comments): stored rows/s.
3. Analysis throughput of what was imported with 1 and then 2 `callprep worker` processes
   (Dramatiq on the Redis at 127.0.0.1:6379, db 11 or $CALLPREP_BENCH_QUEUE_URL, its own
   namespace): analysed interactions/s from the workers' start until nothing is pending
   (--skip-workers: not run).

The PostgreSQL database named is dropped and recreated (default: cp_bench_ingest)."""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import create_engine, func, make_url, select, text, update

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.imports import bulk as imports
from callprep.imports import reading
from callprep.migrate import upgrade
from callprep.models import Interaction, LeadActivity, LeadFact, LeadTopic, TextAnalysis

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/cp_bench_ingest"
DEFAULT_QUEUE_URL = "redis://127.0.0.1:6379/11"
QUEUE_URL = os.environ.get("CALLPREP_BENCH_QUEUE_URL", DEFAULT_QUEUE_URL)
NAMESPACE = "callprep-bench-ingest"
NOW = datetime.now(UTC)
WORDS = [
    "widget",
    "roi",
    "pricing",
    "demo",
    "budget",
    "approved",
    "quarter",
    "plant",
    "ohio",
    "cfo",
    "evaluation",
    "platform",
    "integration",
    "salesforce",
    "timeline",
    "migration",
    "security",
    "compliance",
    "team",
    "rollout",
    "pilot",
    "savings",
    "maintenance",
    "supplier",
    "contract",
    "renewal",
    "forecast",
    "analytics",
    "dashboard",
    "training",
    "support",
    "onboarding",
    "expansion",
    "europe",
    "warehouse",
    "logistics",
    "inventory",
    "automation",
]
LIGHT = ("web_visit", "email_open", "email_click")
MEDIUM = ("content_download", "webinar_attended")


def comment(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(15, 40))]
    return f"Request {n}: we need " + " ".join(words) + "."


def realistic_csv(rows: int, leads: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    titles = [f"The {rng.choice(WORDS)} {rng.choice(WORDS)} guide, volume {i}" for i in range(200)]
    out = io.StringIO()
    out.write("email,type,occurred_at,title,comment,source,external_id\n")
    for n in range(rows):
        roll = rng.random()
        when = (NOW - timedelta(minutes=rng.randint(1, 60 * 24 * 60))).isoformat()
        if roll < 0.7:
            kind, title, note = rng.choice(LIGHT), rng.choice(titles), ""
        elif roll < 0.9:
            kind, title, note = rng.choice(MEDIUM), rng.choice(titles), ""
        else:
            kind, title, note = "form_submission", "Contact Sales", comment(rng, n)
        out.write(f'lead{n % leads}@example.com,{kind},{when},"{title}","{note}",bench,r{n}\n')
    return out.getvalue()


def fresh_database(url: str) -> None:
    base = make_url(url)
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{base.database}"'))
    admin.dispose()
    upgrade(url)


def flush_queue() -> None:
    client = redis.Redis.from_url(QUEUE_URL)
    for key in client.scan_iter(f"{NAMESPACE}*"):
        client.delete(key)
    client.close()


def app_for(url: str, mode: str):
    return create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "JOBS_MODE": mode,
            "QUEUE_URL": QUEUE_URL,
            "QUEUE_NAMESPACE": NAMESPACE,
            "RATELIMIT_DEFAULT": "100000 per minute",
        }
    )


def ack_times(url: str, mode: str, runs: int) -> list[float]:
    app = app_for(url, mode)
    with app.app_context():
        session = app.extensions["callprep.sessionmaker"]()
        _key, plain = accounts.create_api_key(session, role="integration", name=f"bench {mode}")
        session.commit()
        session.close()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {plain}"}
    rng = random.Random(mode)
    times = []
    for run in range(runs):
        lead = client.post(
            "/api/v1/leads", json={"email": f"ack-{mode}-{run}@example.com"}, headers=headers
        ).get_json()["id"]
        batch = [
            {
                "type": "form_submission",
                "occurred_at": (NOW - timedelta(minutes=i + 1)).isoformat(),
                "title": "Contact Sales",
                "comment": comment(rng, i),
                "source": "bench",
                "external_id": f"ack-{mode}-{run}-{i}",
            }
            for i in range(500)
        ]
        started = time.perf_counter()
        response = client.post(f"/api/v1/leads/{lead}/interactions", json=batch, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 201, response.get_data(as_text=True)
    app.extensions["callprep.engine"].dispose()
    return times


def pending_count(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(
            select(func.count()).select_from(Interaction).where(Interaction.analysis_pending)
        )


def analysis_rate(url: str, processes: int) -> tuple[float, int]:
    engine = create_engine(url)
    with engine.begin() as connection:  # the same work again, from nothing
        for table in (LeadFact, LeadTopic, LeadActivity):
            connection.execute(table.__table__.delete())
        connection.execute(
            update(Interaction).values(
                analysis_pending=True, title_analysis_id=None, comment_analysis_id=None
            )
        )
        connection.execute(TextAnalysis.__table__.delete())
        total = connection.scalar(select(func.count()).select_from(Interaction))
    flush_queue()
    env = {
        **os.environ,
        "CALLPREP_DATABASE_URL": url,
        "CALLPREP_QUEUE_URL": QUEUE_URL,
        "CALLPREP_QUEUE_NAMESPACE": NAMESPACE,
        "CALLPREP_JOBS_MODE": "queue",
    }
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "callprep.cli", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(processes)
    ]
    try:
        while pending_count(engine):
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    engine.dispose()
    return total / elapsed, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("CALLPREP_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--leads", type=int, default=400)
    parser.add_argument("--acks", type=int, default=10)
    parser.add_argument("--skip-acks", action="store_true")
    parser.add_argument(
        "--queue-acks-only", action="store_true", help="no inline (before the answer) acks"
    )
    parser.add_argument(
        "--skip-workers", action="store_true", help="stop after the import (no analysis runs)"
    )
    args = parser.parse_args()
    url = args.pg_url

    fresh_database(url)
    if not args.skip_acks:
        modes = [("queue", "after the answer"), ("inline", "before the answer")]
        for mode, label in modes[:1] if args.queue_acks_only else modes:
            times = sorted(ack_times(url, mode, args.acks))
            p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
            print(
                f"ack of 500 events with comments, analysis {label}: "
                f"p50 {statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
                f"({len(times)} batches)"
            )
        fresh_database(url)

    data = realistic_csv(args.rows, args.leads)
    app = app_for(url, "queue")
    with app.app_context():
        session = app.extensions["callprep.sessionmaker"]()
        reader = reading.RecordReader(io.StringIO(data), "csv", "interactions")
        run = imports.BulkImport(session, "interactions", reader, reader=reader)
        started = time.perf_counter()
        for _rows in run.batches():
            session.commit()
        elapsed = time.perf_counter() - started
        session.close()
    app.extensions["callprep.engine"].dispose()
    assert run.report.created == args.rows, run.report.summary()
    print(
        f"import of {args.rows} rows ({args.leads} leads, realistic mix): "
        f"{run.report.created / elapsed:.0f} stored rows/s ({elapsed:.1f} s)"
    )
    if args.skip_workers:
        flush_queue()
        return
    rates = {}
    for processes in (1, 2):
        rate, total = analysis_rate(url, processes)
        rates[processes] = rate
        print(f"analysis with {processes} worker process(es): {rate:.0f} interactions/s ({total})")
    print(f"scaling 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")
    flush_queue()


if __name__ == "__main__":
    main()
