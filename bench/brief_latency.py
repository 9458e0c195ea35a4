"""Brief latency: p50/p99 of building a brief for a lead with 10 and with 5,000 interactions,
in-process and over HTTP (a real waitress server on 127.0.0.1), on SQLite and PostgreSQL.

    python bench/brief_latency.py [--runs 300] [--pg-url URL | --no-pg] [--outcomes N]

--outcomes N logs N outcomes on the default tracks first (two variants of the researcher
track, several topics), so the brief's "what worked" line has a real table behind it; they
are deleted when done.

PostgreSQL: --pg-url, else $CALLPREP_BENCH_PG_URL, else the briefs test database. The bench
migrates it, adds its own leads (bench-*@example.com) and deletes them when done.
Targets (issue 4): p99 <= 20 ms in-process; 5,000 interactions cost <= 1.2x of 10."""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import tempfile
import threading
import time
import uuid
from datetime import timedelta

from sqlalchemy import delete, insert, select

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.briefs.build import build_brief
from callprep.db import utcnow
from callprep.ingest import events as ingest
from callprep.leads import service as leads
from callprep.leads.activity import refresh_lead_activity
from callprep.migrate import upgrade
from callprep.models import ApiKey, Interaction, Lead, LeadFact, LeadTopic, Outcome
from callprep.talktracks import editing, reading
from callprep.talktracks.store import seed_default_tracks

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_briefs"
# 50 is the most interactions a brief lists: from there on, history must cost nothing.
SIZES = (10, 50, 5000)


def make_lead(session, size: int, tag: str) -> int:
    """A researcher with a download, a hand-raise form with a comment, topics, facts and a
    long tail of web visits and email opens."""
    now = utcnow()
    lead = leads.create_lead(
        session,
        {
            "email": f"bench-{tag}-{size}@example.com",
            "first_name": "Bench",
            "company": "Acme",
            "owner_email": "rep@example.com",
        },
    )
    comment = "Dana Whitfield referred me. We need a widget ROI solution before Q3."
    key_events = [
        {
            "type": "content_download",
            "occurred_at": now - timedelta(hours=3),
            "title": "10 Tips for Improving your Widget ROI",
            "asset_type": "white_paper",
            "source": "bench",
            "external_id": f"{tag}-{size}-dl",
        },
        {
            "type": "form_submission",
            "occurred_at": now - timedelta(days=40),
            "title": "Contact Sales",
            "comment": comment,
            "source": "bench",
            "external_id": f"{tag}-{size}-form",
        },
    ]
    ingest.add_interactions(session, lead, key_events)
    kinds = ("web_visit", "email_open", "email_delivered", "email_click")
    session.execute(
        insert(Interaction),
        [
            {
                "lead_id": lead.id,
                "type": kinds[i % len(kinds)],
                "occurred_at": now - timedelta(hours=4, minutes=7 * i),
                "title": f"Widget pricing page {i % 13}",
                "source": "bench",
                "external_id": f"{tag}-{size}-{i}",
            }
            for i in range(size - len(key_events))
        ],
    )
    refresh_lead_activity(session, lead.id)
    form_id = session.scalar(
        select(Interaction.id).where(Interaction.external_id == f"{tag}-{size}-form")
    )
    for n in range(12):
        session.add(
            LeadTopic(
                lead_id=lead.id,
                name=f"bench topic {n}",
                weight_log=30.0 + n,
                mentions=n + 1,
                last_seen_at=now,
                evidence=[form_id],
            )
        )
    session.add(
        LeadFact(
            lead_id=lead.id,
            interaction_id=form_id,
            kind="referrer",
            value="Dana Whitfield",
            start=0,
            end=14,
            occurred_at=now - timedelta(days=40),
        )
    )
    session.commit()
    return lead.id


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def in_process(app, lead_ids: dict[int, int], runs: int) -> dict[int, list[float]]:
    """Sizes interleaved run by run, so a busy machine slows both alike."""
    session = app.extensions["callprep.sessionmaker"]()
    samples: dict[int, list[float]] = {size: [] for size in lead_ids}
    try:
        for n in range(runs + 20):
            for size, lead_id in lead_ids.items():
                session.expunge_all()  # no help from the identity map: every read is real
                lead = session.get(Lead, lead_id)  # the caller's lookup (the API's get_lead)
                started = time.perf_counter()
                build_brief(session, lead)  # read, render, record and flush, as a request
                elapsed = time.perf_counter() - started
                session.commit()
                if n >= 20:  # warm-up: compiled statements, prepared plans, templates
                    samples[size].append(elapsed * 1000)
        return samples
    finally:
        session.close()


def over_http(port: int, key: str, lead_ids: dict[int, int], runs: int) -> dict[int, list[float]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {key}"}
    samples: dict[int, list[float]] = {size: [] for size in lead_ids}
    for n in range(runs + 20):
        for size, lead_id in lead_ids.items():
            started = time.perf_counter()
            connection.request("GET", f"/api/v1/leads/{lead_id}/brief", headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise SystemExit(f"brief over HTTP answered {response.status}")
            if n >= 20:
                samples[size].append(elapsed * 1000)
    connection.close()
    return samples


def log_outcomes(session, count: int, tag: str) -> None:
    """``count`` outcomes spread over situations, topics and the researcher track's A and B."""
    if "B" not in {v.label for v in reading.track_summary(session, "researcher-default").variants}:
        body = reading.get_version(session, "researcher-default", 1).body
        version = editing.save_version(session, "researcher-default", body, author="bench")
        editing.publish(session, "researcher-default", version.version, variant="B")
    versions = {
        v.label: v.version for v in reading.track_summary(session, "researcher-default").variants
    }
    topics = ["widget ROI", "widget pricing", "uptime reporting", "integrations", None]
    now = utcnow()
    rows = []
    for n in range(count):
        variant = "AB"[n % 2]
        rows.append(
            {
                "disposition": "meeting_booked"
                if n % (3 if variant == "B" else 9) == 0
                else "no_answer",
                "situation": "researcher",
                "track_name": "researcher-default",
                "track_version": versions[variant],
                "variant": variant,
                "topic": topics[n % len(topics)],
                "note": f"bench {tag}",
                "created_at": now - timedelta(minutes=n),
            }
        )
    session.execute(insert(Outcome), rows)


def bench_database(name: str, url: str, runs: int, outcomes: int = 0) -> list[tuple]:
    import waitress

    upgrade(url)
    # The per-key rate limit (600/minute by default) would throttle the benchmark itself.
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_DEFAULT": "1000000 per minute"}
    )
    tag = uuid.uuid4().hex[:8]
    maker = app.extensions["callprep.sessionmaker"]
    with app.app_context():
        session = maker()
        seed_default_tracks(session)
        lead_ids = {size: make_lead(session, size, tag) for size in SIZES}
        if outcomes:
            log_outcomes(session, outcomes, tag)
        key_row, key = accounts.create_api_key(session, role="admin", name=f"bench {tag}")
        session.commit()
        session.close()

        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
        port = server.effective_port
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        rows = []
        try:
            local = in_process(app, lead_ids, runs)
            remote = over_http(port, key, lead_ids, runs)
            for size in SIZES:
                rows.append((name, size, *percentiles(local[size]), *percentiles(remote[size])))
        finally:
            server.close()
            session = maker()
            session.execute(delete(Lead).where(Lead.id.in_(list(lead_ids.values()))))
            session.execute(delete(ApiKey).where(ApiKey.id == key_row.id))
            session.execute(delete(Outcome).where(Outcome.note == f"bench {tag}"))
            session.commit()
            session.close()
    app.extensions["callprep.engine"].dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--pg-url", default=os.environ.get("CALLPREP_BENCH_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--outcomes", type=int, default=0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows += bench_database("sqlite", f"sqlite:///{folder}/bench.db", args.runs, args.outcomes)
    if not args.no_pg:
        url = args.pg_url or DEFAULT_PG_URL
        rows += bench_database("postgresql", url, args.runs, args.outcomes)

    print(f"brief latency, {args.runs} runs each (ms)")
    print(
        f"{'database':<11}{'interactions':>13}{'in-proc p50':>13}{'in-proc p99':>13}"
        f"{'http p50':>11}{'http p99':>11}"
    )
    for name, size, p50, p99, h50, h99 in rows:
        print(f"{name:<11}{size:>13}{p50:>13.2f}{p99:>13.2f}{h50:>11.2f}{h99:>11.2f}")
    for name in dict.fromkeys(row[0] for row in rows):
        by_size = {row[1]: row for row in rows if row[0] == name}
        large = by_size[5000]
        for base in (10, 50):
            small = by_size[base]
            print(
                f"{name}: 5,000 vs {base} interactions: in-process p50 "
                f"{large[2] / small[2]:.2f}x, p99 {large[3] / small[3]:.2f}x; "
                f"http p50 {large[4] / small[4]:.2f}x, p99 {large[5] / small[5]:.2f}x"
            )


if __name__ == "__main__":
    main()
