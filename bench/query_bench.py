"""Benchmark nearby(): 200 points per case, warm, median and p95, answers checked against a brute-force scan.

    .venv/bin/python bench/query_bench.py --database-url sqlite:////work/main/bench/data/centers-1m.db

Cases (from the search issue): top 20 within 5 km of a Karachi point; top 20 within 50 km; within 50 km with a
service and a minimum-rating filter; nearest 20 within 100 km of a point in a sparse region. Issue 14 adds the
comfort filters and a condition (its suited types, any of them) beside the service filter alone: a condition, one
amenity, two amenities, and an amenity with a service (both masks from the spatial index); issue 17 adds a gender
policy (women only) and a kind with a gender policy (physiotherapy, men only); these share one set of points.
Timing covers the nearby() call through SQLAlchemy and the driver, as the web request makes it. The brute-force
check scans every row with the same haversine in SQL, so it is slow: it runs for --check points per case (default
10).

A case's figure does not depend on which cases run or in what order (issue 17; docs/PERFORMANCE.md, "Run order and
the benchmark's figures"):
- every case has its own connection, so its own SQLite page cache (2 MB by default, less than one case's points
  read) and its own prepared statements, warmed by one untimed pass over its own points;
- all cases take turns point by point, the first of each turn rotating, so a busy spell on the shared machine falls
  on every case alike instead of on whichever case it happened to run in (a case's 200 calls take ~0.1 s: alone,
  its median is one sample of the machine's load);
- each case's points come from a generator seeded by its point set's name, not by its position.
`--case` (repeatable, a part of the name) runs only those cases, in the order given: `--case "5 km" --case "50 km,"`
against `--case "50 km," --case "5 km"` shows the order does not move the medians.
"""
import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory import create_app
from directory.extensions import db
from directory.geo.distance import km_to_h
from directory.geo.nearby import haversine_h_sql, nearby
from directory.models import Center, CenterService, CenterStatus, Service
from directory.services.search_filters import amenities_condition, menu_condition, min_rating_condition


def karachi_point(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(24.80, 24.96), rng.uniform(66.98, 67.16)


def sparse_point(rng: random.Random) -> tuple[float, float]:
    """Somewhere in the thin background: central Asia, the Sahara, the Pacific, the Arctic."""
    box = rng.choice([(40, 50, 60, 80), (18, 28, 0, 20), (-20, 10, -160, -120), (62, 72, 90, 130)])
    return rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3])


def deep_tissue(session) -> list:
    service_id = session.scalar(select(Service.id).where(Service.slug == "deep-tissue"))
    return [menu_condition([service_id], None, None)]


def condition(slug: str):
    """A condition search filters by the massage types suited to it (any of them), as the search box does."""
    conditions = json.loads((Path(__file__).resolve().parent.parent / "seeds" / "conditions.json").read_text())
    suited = next(row["services"] for row in conditions if row["slug"] == slug)

    def where(session) -> list:
        slugs = [item["slug"] for item in suited]
        return [menu_condition(list(session.scalars(select(Service.id).where(Service.slug.in_(slugs)))), None, None)]
    return where


FILTERS = {
    "none": lambda session: [],
    "condition": condition("sciatica"),
    "service + rating": lambda session: [min_rating_condition(4.0), *deep_tissue(session)],
    "service": deep_tissue,
    "amenity": lambda session: [amenities_condition(["prayer_area"])],
    "2 amenities": lambda session: [amenities_condition(["female_therapists", "wheelchair_access"])],
    "amenity + service": lambda session: [amenities_condition(["female_therapists"]), *deep_tissue(session)],
    "women only": lambda session: [Center.gender_policy.in_(["women_only"])],  # as search.build_conditions
    "kind + gender": lambda session: [Center.gender_policy.in_(["men_only"]), Center.kind == "physiotherapy"],
}
# name: (point maker, radius km, filters, point set); the filter comparison cases share one set of points.
CASES = {
    "karachi 5 km, top 20": (karachi_point, 5, "none", None),
    "karachi 50 km, top 20": (karachi_point, 50, "none", None),
    "karachi 50 km + service + rating >= 4": (karachi_point, 50, "service + rating", None),
    "sparse region, nearest 20 within 100 km": (sparse_point, 100, "none", None),
    "karachi 50 km + service (deep tissue)": (karachi_point, 50, "service", "filters"),
    "karachi 50 km + condition (sciatica: its suited types)": (karachi_point, 50, "condition", "filters"),
    "karachi 50 km + amenity (prayer area)": (karachi_point, 50, "amenity", "filters"),
    "karachi 50 km + female therapists + wheelchair": (karachi_point, 50, "2 amenities", "filters"),
    "karachi 50 km + female therapists + deep tissue": (karachi_point, 50, "amenity + service", "filters"),
    "karachi 50 km + women only": (karachi_point, 50, "women only", "filters"),
    "karachi 50 km + physiotherapy, men only": (karachi_point, 50, "kind + gender", "filters"),
}


def brute_force(session, lat: float, lng: float, radius_km: float, where: list) -> list[int]:
    h = haversine_h_sql(lat, lng)
    stmt = (select(Center.id).where(Center.status == CenterStatus.PUBLISHED, h <= km_to_h(radius_km), *where)
            .order_by(h, Center.id).limit(20))
    return list(session.scalars(stmt))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(url: str, points: int, check: int, seed: int, cases: list[str]) -> list[dict]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rows = []
    with app.app_context():
        session = db.session
        total = session.scalar(select(func.count(Center.id)))
        menu_rows = session.scalar(select(func.count(CenterService.id)))
        print(f"{url}: {total:,} centers, {menu_rows:,} menu lines; {load()}", flush=True)
        samples: dict[str, list] = {}
        plans = {}
        for name in cases:
            make_point, radius, filters, point_set = CASES[name]
            if (point_set or name) not in samples:
                rng = random.Random(f"{seed}-{point_set or name}")
                samples[point_set or name] = [make_point(rng) for _ in range(points)]
            own = Session(db.engine)  # its own connection: its own page cache and prepared statements
            plans[name] = (own, radius, FILTERS[filters](own), samples[point_set or name])
        timings = {name: [] for name in cases}
        found = {name: [] for name in cases}
        for timed in (False, True):  # the first pass is untimed: each connection reads its points' pages once
            if timed:
                gc.freeze()  # as gunicorn.conf.py's workers do once loaded: full collections skip what is built
            for index in range(points):
                turn = index % len(cases)
                for name in cases[turn:] + cases[:turn]:  # the case that goes first rotates
                    own, radius, where, sample = plans[name]
                    lat, lng = sample[index]
                    started = time.perf_counter()
                    result = nearby(own, lat, lng, radius_km=radius, limit=20, where=where)
                    if timed:
                        timings[name].append((time.perf_counter() - started) * 1000)
                        found[name].append(len(result))
        print(f"  timed; {load()}", flush=True)
        for name in cases:
            own, radius, where, sample = plans[name]
            mismatches = 0
            for lat, lng in sample[:check]:
                fast = [center_id for center_id, _ in nearby(own, lat, lng, radius_km=radius, limit=20, where=where)]
                mismatches += fast != brute_force(own, lat, lng, radius, where)
            own.close()
            rows.append({"case": name, "centers": total, "median_ms": statistics.median(timings[name]),
                         "p95_ms": percentile(timings[name], 0.95), "max_ms": max(timings[name]),
                         "mean_found": statistics.mean(found[name]), "checked": min(check, points),
                         "mismatches": mismatches})
            print(f"  {name:48} median {rows[-1]['median_ms']:.3f} ms  p95 {rows[-1]['p95_ms']:.3f} ms  "
                  f"found {rows[-1]['mean_found']:.1f}  brute-force mismatches {mismatches}/{rows[-1]['checked']}",
                  flush=True)
        db.engine.dispose()
    return rows


def pick(wanted: list[str] | None) -> list[str]:
    """The cases named (a part of the name each, in the order given), or all of them."""
    if not wanted:
        return list(CASES)
    chosen = []
    for part in wanted:
        matches = [name for name in CASES if part in name]
        if not matches:
            raise SystemExit(f"no case matches {part!r}: {', '.join(CASES)}")
        chosen += [name for name in matches if name not in chosen]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True, help="repeat to compare databases")
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--check", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--case", action="append", help="a part of a case's name; repeat, in the order to run them")
    args = parser.parse_args()
    cases = pick(args.case)
    print(f"machine: {platform.node()} {platform.machine()}, python {platform.python_version()}")
    results = [row for url in args.database_url for row in run(url, args.points, args.check, args.seed, cases)]
    print("\n| case | centers | median ms | p95 ms | max ms | found (mean) | brute-force check |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for row in results:
        print(f"| {row['case']} | {row['centers']:,} | {row['median_ms']:.3f} | {row['p95_ms']:.3f} | "
              f"{row['max_ms']:.2f} | {row['mean_found']:.1f} | {row['checked'] - row['mismatches']}/"
              f"{row['checked']} equal |")


if __name__ == "__main__":
    main()
