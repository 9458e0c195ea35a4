"""Brief throughput against the same server's /healthz: `callprep serve` (waitress) on 127.0.0.1,
on SQLite and on PostgreSQL, with several keep-alive connections at once.

    python bench/brief_throughput.py [--seconds 4] [--rounds 3] [--connections 8]
                                     [--pg-url URL | --no-pg]

Seeds a 10- and a 5,000-interaction lead (bench/brief_latency.py's researcher), starts the
real server as a subprocess, then for each round runs every scenario in turn (alternating, so a
busy machine slows them alike): /healthz, the full brief of each lead, and the brief with a
matching If-None-Match (304). Prints the median req/s over the rounds, p99 latency, the
serving process's RSS, and the ratios the issue sets targets for (issue 16): brief ÷ healthz
≥ 30%, and the cost of a 304 ≤ 1/3 of a full brief (cost = 1 / req/s). Beside each rate, the
serving process's own CPU time per request (/proc/PID/stat, its threads included) and the
same ratios from it: on a machine shared with other work the rates move with everyone
else's load, the CPU a request costs much less. (On PostgreSQL the database's own CPU is in
its server process, not counted there.)

PostgreSQL: --pg-url, else $CALLPREP_BENCH_PG_URL, else the briefs test database; the bench
migrates it, adds its own leads (bench-*@example.com) and deletes them when done. The load
generator is Python threads over http.client in this process, so on a small machine it
shares the cores with the server (as wrk would): read the ratios, not the absolute rates."""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

# Run as a script, so its own folder is on the path for the sibling benches.
from brief_latency import DEFAULT_PG_URL, make_lead
from sqlalchemy import delete

from callprep import create_app
from callprep.accounts import users as accounts
from callprep.migrate import upgrade
from callprep.models import ApiKey, Lead
from callprep.talktracks.store import seed_default_tracks

SIZES = (10, 5000)
CALLPREP = Path(sys.executable).with_name("callprep")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(url: str) -> tuple[dict[int, int], str, int]:
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        session = app.extensions["callprep.sessionmaker"]()
        seed_default_tracks(session)
        lead_ids = {size: make_lead(session, size, tag) for size in SIZES}
        key_row, key = accounts.create_api_key(session, role="admin", name=f"bench {tag}")
        session.commit()
        key_id = key_row.id
        session.close()
    app.extensions["callprep.engine"].dispose()
    return lead_ids, key, key_id


def cleanup(url: str, lead_ids: dict[int, int], key_id: int) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        session = app.extensions["callprep.sessionmaker"]()
        session.execute(delete(Lead).where(Lead.id.in_(list(lead_ids.values()))))
        session.execute(delete(ApiKey).where(ApiKey.id == key_id))
        session.commit()
        session.close()
    app.extensions["callprep.engine"].dispose()


def start_server(url: str, port: int, workdir: str, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "CALLPREP_DATABASE_URL": url,
        "CALLPREP_SECRET_KEY": "bench",
        # The per-key limit (600/minute by default) would throttle the benchmark itself.
        "CALLPREP_RATELIMIT_DEFAULT": "100000000 per minute",
    }
    server = subprocess.Popen(
        [str(CALLPREP), "serve", "--port", str(port), "--threads", str(threads)],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"callprep serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("callprep serve did not answer /healthz within 60 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used (its threads included), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(
    port: int, path: str, headers: dict[str, str], expect: int, connections: int, seconds: float
) -> tuple[float, float]:
    """req/s and p99 (ms) of `connections` keep-alive clients hammering `path`."""
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors: list[str] = []
    start = threading.Barrier(connections + 1)
    stop_at = [0.0]

    def client(mine: list[float]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        try:
            while True:
                began = time.perf_counter()
                if began >= stop_at[0]:
                    break
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != expect:
                    errors.append(f"{path} answered {response.status}, not {expect}")
                    break
                mine.append(time.perf_counter() - began)
        finally:
            connection.close()

    workers = [threading.Thread(target=client, args=(mine,)) for mine in latencies]
    for worker in workers:
        worker.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise SystemExit(errors[0])
    every = sorted(s for mine in latencies for s in mine)
    p99 = every[min(len(every) - 1, round(0.99 * (len(every) - 1)))] * 1000 if every else 0.0
    return len(every) / elapsed, p99, len(every)


def etag_of(port: int, path: str, headers: dict[str, str]) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    etag = response.getheader("ETag")
    if response.status != 200 or not etag:
        raise SystemExit(f"{path} answered {response.status} without an ETag")
    return etag


def bench_database(name: str, url: str, args: argparse.Namespace) -> dict[str, tuple]:
    lead_ids, key, key_id = seed(url)
    auth = {"Authorization": f"Bearer {key}"}
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(url, port, workdir, args.threads)
        try:
            rss_start = rss_mb(server.pid)
            scenarios: dict[str, tuple[str, dict[str, str], int]] = {
                "healthz": ("/healthz", {}, 200)
            }
            for size, lead_id in lead_ids.items():
                path = f"/api/v1/leads/{lead_id}/brief"
                scenarios[f"brief {size}"] = (path, auth, 200)
            for size, lead_id in lead_ids.items():
                path = f"/api/v1/leads/{lead_id}/brief"
                scenarios[f"304 {size}"] = (path, auth, 304)
            rates: dict[str, list[float]] = {label: [] for label in scenarios}
            p99s: dict[str, list[float]] = {label: [] for label in scenarios}
            cpus: dict[str, list[float]] = {label: [] for label in scenarios}
            for path, headers, expect in scenarios.values():  # warm-up
                if expect == 304:
                    headers = {**headers, "If-None-Match": etag_of(port, path, headers)}
                load(port, path, headers, expect, args.connections, 0.5)
            for _round in range(args.rounds):
                for label, (path, headers, expect) in scenarios.items():
                    # Fetched before each 304 run: a brief's ETag may move with the minute.
                    if expect == 304:
                        headers = {**headers, "If-None-Match": etag_of(port, path, headers)}
                    used = cpu_seconds(server.pid)
                    rate, p99, count = load(
                        port, path, headers, expect, args.connections, args.seconds
                    )
                    used = cpu_seconds(server.pid) - used
                    rates[label].append(rate)
                    p99s[label].append(p99)
                    cpus[label].append(used / max(count, 1) * 1000)
            rss_end = rss_mb(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    cleanup(url, lead_ids, key_id)
    result = {
        label: (
            statistics.median(rates[label]),
            statistics.median(p99s[label]),
            rates[label],
            statistics.median(cpus[label]),
            cpus[label],
        )
        for label in rates
    }
    result["rss"] = (rss_start, rss_end)
    return result


def report(name: str, result: dict[str, tuple], args: argparse.Namespace) -> None:
    print(
        f"\n{name}: callprep serve --threads {args.threads}, {args.connections} connections, "
        f"{args.rounds} rounds x {args.seconds:g} s (median req/s; p99 ms)"
    )
    healthz = result["healthz"][0]
    for label, value in result.items():
        if label == "rss":
            continue
        rate, p99, every, cpu, cpu_every = value
        runs = ", ".join(f"{r:.0f}" for r in every)
        cpu_runs = ", ".join(f"{c:.2f}" for c in cpu_every)
        print(
            f"  {label:<12}{rate:>9.1f} req/s  p99 {p99:>7.1f} ms   [{runs}]"
            f"   server CPU {cpu:6.2f} ms/request [{cpu_runs}]"
        )
    healthz_cpu = result["healthz"][3]
    for size in SIZES:
        full, cached = result[f"brief {size}"][0], result[f"304 {size}"][0]
        full_cpu, cached_cpu = result[f"brief {size}"][3], result[f"304 {size}"][3]
        print(
            f"  {size:>5} interactions: brief/healthz {full / healthz:6.1%}   "
            f"304 cost/full cost {full / cached:5.2f}   by server CPU: brief/healthz "
            f"{healthz_cpu / full_cpu:6.1%}   304/full {cached_cpu / full_cpu:5.2f}"
        )
    start, end = result["rss"]
    print(f"  serving process RSS: {start:.0f} MB after start, {end:.0f} MB after the load")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--pg-url", default=os.environ.get("CALLPREP_BENCH_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            report("sqlite", bench_database("sqlite", f"sqlite:///{folder}/bench.db", args), args)
    if not args.no_pg:
        url = args.pg_url or DEFAULT_PG_URL
        report("postgresql", bench_database("postgresql", url, args), args)


if __name__ == "__main__":
    main()
