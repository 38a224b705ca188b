"""Milliseconds per request in one process (Flask's test client, no HTTP server), against the trivial route: the
same question page_bench.py asks through gunicorn and wrk, with less of the machine's noise (no second process,
no network; the rounds take turns and the least disturbed one is kept). Caches off unless --cache.

    .venv/bin/python bench/request_bench.py --database-url sqlite:////work/bench-data/centers-1m.db \
        [--path '/api/v1/centers?near=Clifton,%20Karachi&radius_km=5' ...] [--rounds 7] [--requests 200]

Run it from two checkouts in turn (a git worktree of the code before) to compare a change side by side.
"""
import argparse
import gc
import logging
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/api/v1/centers?near=Clifton,%20Karachi&radius_km=5", "/search/?near=Clifton,%20Karachi&radius_km=5",
         "/centers/bench-200000"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--path", action="append", help="a path to time (repeatable; default: API, search, center)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per path, taking turns with /healthz")
    parser.add_argument("--requests", type=int, default=200, help="requests per round")
    parser.add_argument("--cache", action="store_true", help="keep the answer and page caches on")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("SECRET_KEY", "request-bench")
    if not args.cache:
        os.environ["SUKOON_CACHE_TYPE"] = "NullCache"
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    warnings.simplefilter("ignore")  # Flask-Caching's warning about the NullCache
    from bench_app import app
    logging.getLogger("directory.access").setLevel(logging.WARNING)  # the access log line costs as much as a page
    client = app.test_client()

    def per_request(path: str) -> float:
        started = time.perf_counter()
        for _ in range(args.requests):
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        return (time.perf_counter() - started) / args.requests * 1000

    paths = args.path or PATHS
    for path in ["/healthz", *paths]:  # warm: statements built, pages compiled, the database's pages read
        for _ in range(50):
            client.get(path)
    gc.freeze()  # as gunicorn.conf.py's workers do once loaded: full collections skip what is built
    print(f"{ROOT.name} at {args.database_url}, {args.rounds} rounds of {args.requests} requests, least disturbed:")
    print("| path | ms per request (best / median) | /healthz ms (best) | ratio to /healthz |")
    print("|---|---:|---:|---:|")
    for path in paths:
        trivial, timed = [], []
        for _ in range(args.rounds):
            trivial.append(per_request("/healthz"))
            timed.append(per_request(path))
        trivial.sort()
        timed.sort()
        print(f"| `{path}` | {timed[0]:.3f} / {timed[len(timed) // 2]:.3f} | {trivial[0]:.3f} | "
              f"{trivial[0] / timed[0]:.0%} |")


if __name__ == "__main__":
    main()
