"""Benchmark "open now" (issue 17): search() with the hour masks (after) and with the exact test alone (before).

    .venv/bin/python bench/open_now_bench.py --points 60 --before-points 6 --check 3 \\
        --database-url sqlite:///bench/data/centers-100k.db --database-url sqlite:///bench/data/centers-1m.db

Needs opening hours (bench/generate.py makes them; bench/add_hours.py adds them to an older database) and migration
0019. Cases: distance sort within 5 and 50 km of Karachi points at four moments, given to search() as now_utc:
Wednesday 18:00 in Karachi (most centers open), Thursday 00:30 (those open until 01:00-03:00, ~10%), 02:30 (only the
few open until 03:00: ~1%) and 05:00 (none in Pakistan); the rating, review and price sorts within 50 km at 02:30,
the rating and price sorts within 5 km, the distance (50 km) and rating sorts at 00:30; and the rating sort without
a place at 18:00, 02:30 and 05:00 Karachi time. "Before" replaces the filter by open_now_exact() (the condition as
it was: a correlated EXISTS over hours and closures per candidate and time zone); "after" is the code as it is.
Before and after take turns point by point in one run. Every answer of --check points per case is compared with a
brute force: every published center in the circle (a full scan, no spatial index) tested by the exact condition, in
the sort's order (the first page, and the total: exact, or a lower bound where the search says so); the first check
point of each case is also compared with services/hours.py open_state(), the center page's own logic, over every
center in the circle.
"""
import argparse
import gc
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.geo.distance import km_to_h  # noqa: E402
from directory.geo.nearby import haversine_h_sql  # noqa: E402
from directory.models import Center, CenterStatus, OpeningHours, SpecialClosure  # noqa: E402
from directory.services import search_filters  # noqa: E402
from directory.services.hours import Span, local_now, open_state  # noqa: E402
from directory.services.search import COUNT_CAP, SearchQuery, search  # noqa: E402
from directory.services.search_filters import PriceLines  # noqa: E402
from directory.services.search_sorts import rating_order, sort_order  # noqa: E402

BUSY = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)  # Wednesday 18:00 in Karachi
FEW = datetime(2026, 12, 9, 21, 30, tzinfo=UTC)  # Thursday 02:30 in Karachi
NONE = datetime(2026, 12, 10, 0, 0, tzinfo=UTC)  # Thursday 05:00 in Karachi (00:00 UTC)
LATE = datetime(2026, 12, 9, 19, 30, tzinfo=UTC)  # Thursday 00:30 in Karachi (~10% open: until 01:00-03:00)
# name: (radius km or None for the rating sort without a place, moment, sort)
CASES = {
    "distance, 5 km, 18:00 (most open)": (5, BUSY, "distance"),
    "distance, 50 km, 18:00 (most open)": (50, BUSY, "distance"),
    "distance, 5 km, 00:30 (~10% open)": (5, LATE, "distance"),
    "distance, 50 km, 00:30 (~10% open)": (50, LATE, "distance"),
    "rating, 50 km, 00:30 (~10% open)": (50, LATE, "rating"),
    "distance, 5 km, 02:30 (~1% open)": (5, FEW, "distance"),
    "distance, 50 km, 02:30 (~1% open)": (50, FEW, "distance"),
    "rating, 50 km, 02:30 (~1% open)": (50, FEW, "rating"),
    "reviews, 50 km, 02:30 (~1% open)": (50, FEW, "reviews"),
    "price, 50 km, 02:30 (~1% open)": (50, FEW, "price"),
    "rating, 5 km, 02:30 (~1% open)": (5, FEW, "rating"),
    "price, 5 km, 02:30 (~1% open)": (5, FEW, "price"),
    "distance, 5 km, 05:00 (none open in Pakistan)": (5, NONE, "distance"),
    "distance, 50 km, 05:00 (none open in Pakistan)": (50, NONE, "distance"),
    "rating, no place, 18:00 Karachi": (None, BUSY, "rating"),
    "rating, no place, 02:30 Karachi": (None, FEW, "rating"),
    "rating, no place, 05:00 Karachi (00:00 UTC)": (None, NONE, "rating"),
}
PER_PAGE = 20


def karachi_point(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(24.80, 24.96), rng.uniform(66.98, 67.16)


def query_for(radius: float | None, point: tuple[float, float], sort: str) -> SearchQuery:
    if radius is None:
        return SearchQuery(open_now=True, sort="rating", per_page=PER_PAGE)
    return SearchQuery(lat=point[0], lng=point[1], radius_km=radius, open_now=True, sort=sort, per_page=PER_PAGE)


def brute_force(session, radius: float | None, point, moment: datetime, sort: str) -> tuple[list[int], int]:
    """Every published center (in the circle: a full scan), the exact open test per row, in the sort's order: the
    first page, and how many match (up to COUNT_CAP + 1)."""
    conditions = [Center.status == CenterStatus.PUBLISHED, search_filters.open_now_exact(session, moment)]
    if radius is None:
        order = rating_order(moment)
    else:
        h = haversine_h_sql(point[0], point[1])
        conditions.append(h <= km_to_h(radius))
        order = [h, Center.id] if sort == "distance" else sort_order(sort, PriceLines(), moment)
    page = list(session.scalars(select(Center.id).where(*conditions).order_by(*order).limit(PER_PAGE)))
    counted = session.scalar(select(func.count()).select_from(
        select(Center.id).where(*conditions).limit(COUNT_CAP + 1).subquery()))
    return page, counted


def total_agrees(found: tuple[int, bool], counted: int) -> bool:
    """The search's total and `capped` against the brute force's count: exact when not capped (up to COUNT_CAP),
    a lower bound when capped."""
    total, capped = found
    if capped:
        return total <= counted
    return total == min(counted, COUNT_CAP) and counted <= COUNT_CAP


def python_check(session, radius: float, point, moment: datetime) -> list[int]:
    """open_state() (the center page's logic) over every published center in the circle, nearest first."""
    h = haversine_h_sql(point[0], point[1])
    rows = session.execute(select(Center.id, Center.timezone).where(
        Center.status == CenterStatus.PUBLISHED, h <= km_to_h(radius)).order_by(h, Center.id)).all()
    found = []
    for start in range(0, len(rows), 5000):
        chunk = rows[start:start + 5000]
        ids = [center_id for center_id, _ in chunk]
        spans, closures = defaultdict(list), defaultdict(list)
        for row in session.execute(select(OpeningHours).where(OpeningHours.center_id.in_(ids))).scalars():
            spans[row.center_id].append(Span(row.weekday, row.opens_at, row.closes_at))
        for row in session.execute(select(SpecialClosure).where(SpecialClosure.center_id.in_(ids))).scalars():
            closures[row.center_id].append(row)
        for center_id, zone in chunk:
            if open_state(spans[center_id], local_now(zone, moment), closures[center_id]).is_open:
                found.append(center_id)
                if len(found) == PER_PAGE:
                    return found
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed_search(session, query: SearchQuery, moment: datetime, before: bool) -> tuple[float, tuple]:
    original = search_filters.open_now_condition
    if before:
        search_filters.open_now_condition = lambda session, now_utc, zones=None: search_filters.open_now_exact(
            session, now_utc)
    try:
        started = time.perf_counter()
        result = search(session, query, geocode=lambda _: None, timezone="Asia/Karachi", now_utc=moment)
        elapsed = (time.perf_counter() - started) * 1000
        return elapsed, ([hit.center.id for hit in result.hits], (result.total, result.capped))
    finally:
        search_filters.open_now_condition = original


def run(url: str, points: int, before_points: int, check: int, seed: int) -> list[dict]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rows = []
    with app.app_context():
        session = db.session
        total = session.scalar(select(func.count(Center.id)))
        spans = session.scalar(select(func.count(OpeningHours.id)))
        print(f"{url}: {total:,} centers, {spans:,} opening spans", flush=True)
        for name, (radius, moment, sort) in CASES.items():
            rng = random.Random(f"{seed}-{name}")
            sample = [karachi_point(rng) for _ in range(points if radius is not None else 1)]
            repeats = 1 if radius is not None else points  # the rating sort has no point: the same search again
            timings = {"before": [], "after": []}
            answers = {}
            for variant in ("before", "after"):  # warm: one untimed search each
                timed_search(session, query_for(radius, sample[0], sort), moment, variant == "before")
            gc.freeze()  # as gunicorn.conf.py's workers do once loaded: full collections skip what is built
            for index, point in enumerate(sample * repeats):
                for variant in ("after", "before"):
                    if variant == "before" and index >= before_points:
                        continue
                    elapsed, ids = timed_search(session, query_for(radius, point, sort), moment,
                                                variant == "before")
                    timings[variant].append(elapsed)
                    answers[(variant, index % len(sample))] = ids
            mismatches = checked = 0
            for index, point in enumerate(sample[:check]):
                expected, counted = brute_force(session, radius, point, moment, sort)
                checked += 1
                wrong = any(answer[0] != expected or not total_agrees(answer[1], counted)
                            for answer in (answers[("after", index)], answers.get(("before", index))) if answer)
                if index == 0 and radius is not None and sort == "distance":
                    wrong = wrong or python_check(session, radius, point, moment) != expected
                mismatches += wrong
            row = {"case": name, "centers": total, "checked": checked, "mismatches": mismatches,
                   "found": statistics.mean(len(answers[("after", i)][0]) for i in range(len(sample)))}
            for variant, values in timings.items():  # --before-points 0: the exact test not timed
                row[variant] = ((statistics.median(values), percentile(values, 0.95), len(values)) if values
                                else (float("nan"), float("nan"), 0))
            rows.append(row)
            print(f"  {name:50} after {row['after'][0]:8.2f} / {row['after'][1]:8.2f} ms (n={row['after'][2]})  "
                  f"before {row['before'][0]:8.1f} / {row['before'][1]:8.1f} ms (n={row['before'][2]})  "
                  f"found {row['found']:.1f}  mismatches {mismatches}/{checked}", flush=True)
        db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True, help="repeat to compare databases")
    parser.add_argument("--points", type=int, default=60, help="points (or repeats, rating sort) per case")
    parser.add_argument("--before-points", type=int, default=6, help="how many of them the old code also runs")
    parser.add_argument("--check", type=int, default=3, help="points per case checked against the brute force")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    if args.only:
        for name in [name for name in CASES if args.only not in name]:
            del CASES[name]
    print(f"machine: {platform.node()} {platform.machine()}, python {platform.python_version()}")
    results = [row for url in args.database_url for row in run(url, args.points, args.before_points, args.check,
                                                               args.seed)]
    print("\n| case (search(), 20 a page, open now) | centers | after: median / p95 ms | before: median / p95 ms "
          "| found | brute force |")
    print("|---|---:|---:|---:|---:|---|")
    for row in results:
        after, before = row["after"], row["before"]
        print(f"| {row['case']} | {row['centers']:,} | {after[0]:.2f} / {after[1]:.2f} | {before[0]:.1f} / "
              f"{before[1]:.1f} | {row['found']:.1f} | {row['checked'] - row['mismatches']}/{row['checked']} "
              f"{'equal' if not row['mismatches'] else 'DIFFERENT'} |")


if __name__ == "__main__":
    main()
