"""Benchmark the rating, review and price sorts, without a place and in 50 km circles, and rare filters by any sort
(issue 17): search(), warm.

Median and p95; each answer checked against a brute force that orders every matching center by the sort's original
expressions.

    .venv/bin/python bench/rating_bench.py --repeat 20 \\
        --database-url sqlite:////work/wt/perf/bench/data/centers-100k-0013.db \\
        --database-url sqlite:////work/wt/perf/bench/data/centers-1m-0013.db

Cases take turns run by run (a busy spell on the shared machine hits them alike). The brute force reads and sorts
every matching center (seconds at 1M), so each case is checked once.
"""
import argparse
import gc
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from sqlalchemy import case, func, select

from directory import create_app
from directory.extensions import db
from directory.geo.distance import km_to_h
from directory.geo.nearby import haversine_h_sql
from directory.models import Center, CenterService, CenterStatus
from directory.services.reviews.ratings import bayesian_rating_expression
from directory.services.search import (
    MIN_RATED,
    SearchQuery,
    build_conditions,
    resolve_services,
    search,
)
from directory.services.search_filters import stale_last
from directory.services.search_sorts import shown_rating

RARE = {"min_rating": 5, "gender": ["men_only"], "kind": "physiotherapy"}
KARACHI_50 = {"lat": 24.86, "lng": 67.01, "radius_km": 50}
# name: (query arguments, page)
CASES = {
    "no filter, page 1": ({}, 1),
    "no filter, page 50": ({}, 50),
    "no filter, page 51 by cursor": ({}, "cursor"),
    "kind physiotherapy, page 1": ({"kind": "physiotherapy"}, 1),
    "deep tissue, page 10": ({"services": ["deep-tissue"]}, 10),
    "prayer area + women only, page 1": ({"amenities": ["prayer_area"], "gender": ["women_only"]}, 1),
    "rating >= 4.5, page 1": ({"min_rating": 4.5}, 1),
    "Karachi 50 km, page 1": ({"lat": 24.86, "lng": 67.01, "radius_km": 50}, 1),
    "Karachi 50 km, page 50": ({"lat": 24.86, "lng": 67.01, "radius_km": 50}, 50),
    "Multan 50 km, page 1 (sparser: sorted whole)": ({"lat": 30.2, "lng": 71.47, "radius_km": 50}, 1),
    "reviews sort, no place, page 1": ({"sort": "reviews"}, 1),
    "reviews sort, Karachi 50 km, page 1": ({"sort": "reviews", "lat": 24.86, "lng": 67.01, "radius_km": 50}, 1),
    "price sort, no place, page 1": ({"sort": "price"}, 1),
    "price sort, no place, page 50": ({"sort": "price"}, 50),
    "price sort, Karachi 50 km, page 1": ({"sort": "price", "lat": 24.86, "lng": 67.01, "radius_km": 50}, 1),
    "price sort, Karachi 50 km, page 50": ({"sort": "price", "lat": 24.86, "lng": 67.01, "radius_km": 50}, 50),
    "price sort, Karachi 50 km, deep tissue, page 1": (
        {"sort": "price", "services": ["deep-tissue"], "lat": 24.86, "lng": 67.01, "radius_km": 50}, 1),
    "price sort, Karachi 50 km, sciatica's 4 types, page 1": (
        {"sort": "price", "services": ["trigger-point", "myofascial-release", "deep-tissue", "swedish"],
         "lat": 24.86, "lng": 67.01, "radius_km": 50}, 1),
    "price sort, Karachi 50 km, PKR 3,000-4,000, page 1": (
        {"sort": "price", "min_price": 3000, "max_price": 4000, "lat": 24.86, "lng": 67.01, "radius_km": 50}, 1),
    "price sort, Multan 50 km, page 1 (sparser: sorted whole)": (
        {"sort": "price", "lat": 30.2, "lng": 71.47, "radius_km": 50}, 1),
    # the rare combination: few centers show 5.0 stars (services/search_rare.py reads among those)
    "rating >= 5 + men only + physiotherapy, page 1": (RARE, 1),
    "rating >= 5, page 10": ({"min_rating": 5}, 10),
    "rare combination, Karachi 50 km, by distance": ({**RARE, **KARACHI_50, "sort": "distance"}, 1),
    "rare combination, Karachi 50 km, price sort": ({**RARE, **KARACHI_50, "sort": "price"}, 1),
    "rating >= 4.8 + men only + physiotherapy, Karachi 50 km, by distance": (
        {**RARE, "min_rating": 4.8, **KARACHI_50, "sort": "distance"}, 1),
    # free text: a word in a third of the documents ("spa"), in one in 20 ("serene"), a pair in one in 400
    "text 'spa', Karachi 50 km, by distance": ({"q": "spa", **KARACHI_50, "sort": "distance"}, 1),
    "text 'serene', Karachi 50 km, by distance": ({"q": "serene", **KARACHI_50, "sort": "distance"}, 1),
    "text 'jasmine haven', Karachi 50 km, by distance": ({"q": "jasmine haven", **KARACHI_50, "sort": "distance"}, 1),
    "text 'serene', page 1": ({"q": "serene"}, 1),
    "text 'serene', page 3": ({"q": "serene"}, 3),
    "text 'serene', reviews sort": ({"q": "serene", "sort": "reviews"}, 1),
    "text 'jasmine haven', page 1": ({"q": "jasmine haven"}, 1),
    "text 'spa', page 1": ({"q": "spa"}, 1),
    "text 'serene', Karachi 50 km, price sort": ({"q": "serene", **KARACHI_50, "sort": "price"}, 1),
    "text 'jasmine haven', Karachi 50 km, rating sort": ({"q": "jasmine haven", **KARACHI_50, "sort": "rating"}, 1),
    # few centers have a verified therapist (none in the bench data): search_rare.verified_side
    "verified only, price sort, page 1": ({"verified": True, "sort": "price"}, 1),
    "verified only, Karachi 50 km, by distance": ({"verified": True, **KARACHI_50, "sort": "distance"}, 1),
}
PER_PAGE = 20


def generated_lowest_price(service_ids: list[int], low: int | None, high: int | None):
    """A center's lowest price per 60 minutes from the database's own price_per_hour (a generated column), not from
    price_key, the copy the search reads (its lines, and each center's lowest price since 0027)."""
    conditions = [CenterService.center_id == Center.id]
    if service_ids:
        conditions.append((CenterService.service_id + 0).in_(service_ids))  # no seek by it: see not_a_seek
    if low is not None:
        conditions.append(CenterService.price_per_hour >= low)
    if high is not None:
        conditions.append(CenterService.price_per_hour <= high)
    return select(func.min(CenterService.price_per_hour)).where(*conditions).scalar_subquery()


def brute_force(session, query: SearchQuery, now: datetime, offset: int) -> list[int]:
    """The order each sort had before its index: every term computed from the rating columns or the menu."""
    shown = func.coalesce(shown_rating(), -1)
    order = [case((Center.rating_count >= MIN_RATED, 0), else_=1), shown.desc(), Center.rating_count.desc(),
             stale_last(now), bayesian_rating_expression().desc(), Center.name, Center.id]
    service_ids = resolve_services(session, query.services)
    if query.sort == "reviews":
        order = [Center.rating_count.desc(), shown.desc(), stale_last(now), Center.name, Center.id]
    elif query.sort == "distance":
        order = [haversine_h_sql(query.lat, query.lng), Center.id]
    elif query.sort == "price":
        lowest = generated_lowest_price(service_ids, query.min_price, query.max_price)
        order = [func.coalesce(lowest, 10**9), stale_last(now), Center.name, Center.id]
    conditions = build_conditions(session, query, service_ids, now, now.date())
    if query.lat is not None:
        conditions.append(haversine_h_sql(query.lat, query.lng) <= km_to_h(query.radius_km))
    stmt = (select(Center.id).where(Center.status == CenterStatus.PUBLISHED, *conditions).order_by(*order)
            .offset(offset).limit(PER_PAGE))
    return list(session.scalars(stmt))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(url: str, repeat: int) -> list[dict]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rows = []
    with app.app_context():
        session = db.session
        total = session.scalar(select(func.count(Center.id)))
        now = datetime.now(UTC)
        queries = {}
        for name, (arguments, page) in CASES.items():
            if page == "cursor":
                fiftieth = search(session, SearchQuery(**{"sort": "rating", **arguments}, page=50, per_page=PER_PAGE),
                                  geocode=lambda _: None, timezone="Asia/Karachi", now_utc=now)
                queries[name] = (SearchQuery(**{"sort": "rating", **arguments}, per_page=PER_PAGE,
                                             after=fiftieth.next_after), 50 * PER_PAGE)
            else:
                queries[name] = (SearchQuery(**{"sort": "rating", **arguments}, page=page, per_page=PER_PAGE),
                                 (page - 1) * PER_PAGE)
        timings: dict[str, list[float]] = {name: [] for name in queries}
        answers = {}
        for attempt in range(repeat + 1):  # the first pass is untimed (warm)
            if attempt == 1:
                gc.freeze()  # as gunicorn.conf.py's workers do once loaded: full collections skip what is built
            for name, (query, _offset) in queries.items():
                started = time.perf_counter()
                result = search(session, query, geocode=lambda _: None, timezone="Asia/Karachi", now_utc=now)
                elapsed = (time.perf_counter() - started) * 1000
                answers[name] = [hit.center.id for hit in result.hits]
                if attempt:
                    timings[name].append(elapsed)
        for name, (query, offset) in queries.items():
            equal = answers[name] == brute_force(session, query, now, offset)
            rows.append({"case": name, "centers": total, "median": statistics.median(timings[name]),
                         "p95": percentile(timings[name], 0.95), "found": len(answers[name]), "equal": equal})
            print(f"  {name:36} median {rows[-1]['median']:.2f} ms  p95 {rows[-1]['p95']:.2f} ms  "
                  f"found {len(answers[name])}  brute force {'equal' if equal else 'DIFFERENT'}", flush=True)
        db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True, help="repeat to compare databases")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    if args.only:
        for name in [name for name in CASES if args.only not in name]:
            del CASES[name]
    print(f"machine: {platform.node()} {platform.machine()}, python {platform.python_version()}")
    results = [row for url in args.database_url for row in run(url, args.repeat)]
    print("\n| case (search(), rating sort unless said, 20 a page) | centers | median ms | p95 ms | brute force |")
    print("|---|---:|---:|---:|---|")
    for row in results:
        print(f"| {row['case']} | {row['centers']:,} | {row['median']:.2f} | {row['p95']:.2f} | "
              f"{'equal' if row['equal'] else '**different**'} ({row['found']} centers) |")


if __name__ == "__main__":
    main()
