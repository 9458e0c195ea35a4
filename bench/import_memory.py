"""Bulk import at scale: generate a CSV of N rows (default 1,000,000) in a temporary folder,
import it with the real `callprep import` command into a fresh database, and report the
command's peak memory (max RSS) and rows per second.

    python bench/import_memory.py                        # 1,000,000 interactions, SQLite
    python bench/import_memory.py --rows 100000 --kind leads
    python bench/import_memory.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

Interactions are spread over 20,000 leads (unknown emails: the import creates them) with a
few hundred distinct titles, as a marketing-automation history export looks. `--order
grouped` (default) keeps each lead's rows together as per-lead exports do; `--order
shuffled` gives every row another lead (ingest is called once per lead and batch, so this
is the slow case). Memory that stays flat between 100,000 and 1,000,000 rows is what
"streaming" means here."""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ["web_visit", "content_download", "email_open", "email_click", "webinar_attended"]
ASSETS = ["Widget ROI", "The Lifecycle of a Widget", "Widget Security", "Scaling Widgets"]
LEADS = 20_000
KINDS = ["white paper", "infographic", "webinar", "checklist", "case study"]


def write_csv(path: Path, rows: int, kind: str, order: str = "grouped") -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        if kind == "leads":
            writer.writerow(["Email", "First Name", "Last Name", "Company / Account", "Lead ID"])
            for n in range(rows):
                writer.writerow(
                    [
                        f"lead{n}@example.com",
                        f"First{n}",
                        f"Last{n}",
                        f"Co {n % 997}",
                        f"00Q{n:012d}",
                    ]
                )
            return
        writer.writerow(["email", "type", "occurred_at", "title", "source", "external_id"])
        per_lead = max(1, rows // LEADS)
        for n in range(rows):
            day, second = rng.randrange(1, 29), rng.randrange(86400)
            title = f"{rng.choice(ASSETS)} {rng.choice(KINDS)} #{rng.randrange(60)}"
            # grouped: a lead's history together, as per-lead activity exports come;
            # shuffled: every row another lead, the worst case (one ingest call per row).
            lead = n // per_lead % LEADS if order == "grouped" else rng.randrange(LEADS)
            writer.writerow(
                [
                    f"lead{lead}@example.com",
                    rng.choice(TYPES),
                    f"2026-10-{day:02d}T{second // 3600:02d}:{second // 60 % 60:02d}:"
                    f"{second % 60:02d}+00:00",
                    title,
                    "bench",
                    f"b{n}",
                ]
            )


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args], env=env, capture_output=True, text=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--kind", choices=["interactions", "leads"], default="interactions")
    parser.add_argument("--order", choices=["grouped", "shuffled"], default="grouped")
    parser.add_argument("--database-url", help="default: a SQLite file in the temp folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="callprep-bench-") as folder:
        source = Path(folder) / f"{args.kind}.csv"
        started = time.perf_counter()
        write_csv(source, args.rows, args.kind, args.order)
        print(
            f"wrote {args.rows:,} rows ({source.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        env = {**os.environ, "CALLPREP_DATABASE_URL": url}
        upgrade = run(env, "db", "upgrade")
        if upgrade.returncode:
            print(upgrade.stderr, file=sys.stderr)
            return 1
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        result = run(env, "import", args.kind, str(source))
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        summary = [line for line in result.stderr.splitlines() if line.startswith(args.kind)]
        print(summary[-1] if summary else result.stderr[-2000:], file=sys.stderr)
        if result.returncode:
            return result.returncode
        peak = peak_kb if peak_kb > before else before
        print(
            f"{args.kind}: {args.rows:,} rows in {seconds:.1f} s = {args.rows / seconds:,.0f} "
            f"rows/s; peak RSS of the import process {peak / 1024:.0f} MB "
            f"({url.split(':')[0]})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
