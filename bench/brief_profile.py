"""Where a brief request's time goes: the whole WSGI call (auth, rate limiter, loading, render,
recording, serialising, headers), under cProfile, on a SQLite file.

    python bench/brief_profile.py [--runs 300] [--size 10] [--sort cumulative] [--top 40]
                                  [--if-none-match]

Seeds one lead of --size interactions (bench/brief_latency.py's researcher) and calls the app
with werkzeug's test client, which goes through the same WSGI stack as waitress."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile

# Run as a script, so its own folder is on the path for the sibling benches.
from brief_throughput import seed

from callprep import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--size", type=int, default=10, choices=(10, 5000))
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--if-none-match", action="store_true", help="profile the 304")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/profile.db"
        lead_ids, key, _key_id = seed(url)
        app = create_app(
            {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_DEFAULT": "100000000/minute"}
        )
        client = app.test_client()
        path = f"/api/v1/leads/{lead_ids[args.size]}/brief"
        headers = {"Authorization": f"Bearer {key}"}
        first = client.get(path, headers=headers)
        if args.if_none_match:
            headers["If-None-Match"] = first.headers["ETag"]
        expect = 304 if args.if_none_match else 200
        for _ in range(20):  # warm-up: compiled statements, templates
            client.get(path, headers=headers)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            response = client.get(path, headers=headers)
            if response.status_code != expect:
                raise SystemExit(f"brief answered {response.status_code}")
        profile.disable()
        stats = pstats.Stats(profile)
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"{args.runs} briefs: {total / args.runs * 1000:.2f} ms each under the profiler")
        stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
